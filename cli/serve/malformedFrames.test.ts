// A real `starling serve` takes malformed WebSocket frames (RFC 6455 §5) written by hand on a TCP
// socket: each one closes that socket only, and a client connected all along still gets answers.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import {
  apiClient,
  closedByPeer,
  enterHost,
  openApiSocket,
  rawWebSocket,
  type ServeHost,
  startServeHost,
  writeRendererStandIn,
} from '../../test/serveHost';

const fin = 0x80;
const rsv1 = 0x40;
const textOpcode = 0x1;
const binaryOpcode = 0x2;
/** The host's limit (headlessHost.ts): 20 MiB. */
const maximumFrameBytes = 20 * 1024 * 1024;

/** A frame's header for `length` bytes of payload, masked (as a client must) unless told. */
function frameHeader(first: number, length: number, masked = true): Buffer {
  const mask = masked ? 0x80 : 0;
  if (length < 126) return Buffer.from([first, mask | length]);
  if (length < 65_536) {
    const header = Buffer.from([first, mask | 126, 0, 0]);
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = mask | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

function maskedFrame(first: number, payload: Buffer): Buffer {
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, index) => byte ^ key[index % 4]!));
  return Buffer.concat([frameHeader(first, payload.length), key, masked]);
}

const malformedFrames: readonly (readonly [string, Buffer])[] = [
  ['a text frame of invalid UTF-8', maskedFrame(fin | textOpcode, Buffer.from([0xc3, 0x28, 0xff, 0xfe]))],
  ['an unmasked client frame', Buffer.concat([frameHeader(fin | textOpcode, 2, false), Buffer.from('{}')])],
  ['a reserved opcode (3)', maskedFrame(fin | 0x3, Buffer.from('{}'))],
  ['RSV1 set without an extension', maskedFrame(fin | rsv1 | textOpcode, Buffer.from('{}'))],
  [
    'a length of 2 GB',
    Buffer.concat([frameHeader(fin | binaryOpcode, 2 ** 31), randomBytes(4), Buffer.alloc(64)]),
  ],
  [
    'a frame one byte over the limit',
    Buffer.concat([frameHeader(fin | textOpcode, maximumFrameBytes + 1), randomBytes(4), Buffer.alloc(64)]),
  ],
];

describe('the headless host under malformed frames', () => {
  let directory: string;
  let devnet: Devnet;
  let host: ServeHost;
  let cookie: string;
  let bystander: WebSocket;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-frames-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet'), nodes: 5 });
    host = await startServeHost({
      cwd: directory,
      profileDirectory: path.join(directory, 'profile'),
      networkFile: devnet.networkFile,
      rendererDirectory: await writeRendererStandIn(path.join(directory, 'renderer')),
    });
    cookie = await enterHost(host);
    bystander = await openApiSocket(host.socketUrl, { Cookie: cookie, Origin: host.origin });
  }, 60_000);
  afterAll(async () => {
    bystander?.close();
    await host?.process.stop();
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it.each(malformedFrames)(
    'closes the socket that sent %s and keeps serving the others',
    async (_name, frame) => {
      const { socket } = await rawWebSocket(host, { Cookie: cookie, Origin: host.origin });
      const closed = closedByPeer(socket);
      socket.write(frame);
      await closed;

      expect(host.process.child.exitCode).toBeNull();
      const answer = await apiClient(bystander).call('getStartup', {});
      expect(answer).toMatchObject({ ok: true, value: { state: 'needsAccount' } });
      // And a new client is still welcome.
      const newcomer = await openApiSocket(host.socketUrl, { Cookie: cookie, Origin: host.origin });
      newcomer.close();
    },
  );
});
