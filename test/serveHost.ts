// A real `starling serve` for the host's tests, and the few ways to talk to it that a browser or an
// attacker would use: plain HTTP requests with any headers, the credential exchange of the printed
// link, the API socket, and a raw TCP socket that completes the WebSocket handshake by hand so that a
// test can write frames no WebSocket library would send.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import path from 'node:path';
import { WebSocket } from 'ws';
import {
  type SocketEvent,
  type SocketReply,
  socketKeyFragment,
  socketKeyProtocolPrefix,
} from '../shared/contract/socketProtocol';
import { type StarlingServer, startStarlingServer } from './devnetProcess';

export interface ServeHost {
  readonly process: StarlingServer;
  /** The printed `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** `ws://127.0.0.1:PORT/api`. */
  readonly socketUrl: string;
  readonly token: string;
  readonly port: number;
}

/** A built-UI stand-in: an index page and one asset, enough for the host to serve. */
export async function writeRendererStandIn(directory: string): Promise<string> {
  await mkdir(path.join(directory, 'assets'), { recursive: true });
  await writeFile(path.join(directory, 'index.html'), '<!doctype html><title>Starling</title>');
  await writeFile(path.join(directory, 'assets', 'app.js'), 'console.log("ui")');
  return directory;
}

export async function startServeHost(options: {
  readonly cwd: string;
  readonly profileDirectory: string;
  readonly networkFile: string;
  readonly port?: number;
  /** STARLING_RENDERER_DIR; the built UI (out/renderer) when not given. */
  readonly rendererDirectory?: string;
}): Promise<ServeHost> {
  const child = await startStarlingServer(
    [
      'serve',
      '--profile',
      options.profileDirectory,
      '--network',
      options.networkFile,
      '--port',
      String(options.port ?? 0),
      // These tests are about who may reach the host, not about key protection.
      '--unprotected',
    ],
    {
      cwd: options.cwd,
      readyLine: /^listening (.+)$/mu,
      env: {
        STARLING_PASSPHRASE: '',
        ...(options.rendererDirectory && { STARLING_RENDERER_DIR: options.rendererDirectory }),
      },
    },
  );
  const url = new URL(child.announced);
  return {
    process: child,
    url: child.announced,
    origin: url.origin,
    socketUrl: `ws://${url.host}/api`,
    token: url.searchParams.get('token') ?? '',
    port: Number(url.port),
  };
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A GET as written: `target` is sent as the request line's target, `headers` replace the defaults. */
export function httpGet(
  origin: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path: target, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** The socket key subprotocol that came with each cookie, as the page keeps it beside its cookie. */
const socketKeyProtocols = new Map<string, string>();

/**
 * Follows the printed link once, as a browser does, and returns the cookie it was given. The socket
 * key of the redirect's fragment is remembered with it: the sockets opened with that cookie offer it.
 */
export async function enterHost(host: ServeHost): Promise<string> {
  const entry = await httpGet(host.origin, new URL(host.url).pathname + new URL(host.url).search);
  if (entry.status !== 303) throw new Error(`the link answered ${entry.status}, not 303`);
  const cookie = String(entry.headers['set-cookie']).split(';')[0];
  if (!cookie) throw new Error('the link set no cookie');
  const key = new URLSearchParams(new URL(String(entry.headers.location), host.origin).hash.slice(1)).get(
    socketKeyFragment,
  );
  if (!key) throw new Error('the link gave no socket key');
  socketKeyProtocols.set(cookie, `${socketKeyProtocolPrefix}${key}`);
  return cookie;
}

/** The subprotocols to offer: `protocols` when given, else the key that came with the cookie. */
function protocolsFor(headers: Record<string, string>, protocols: readonly string[] | undefined): string[] {
  if (protocols) return [...protocols];
  const known = headers.Cookie === undefined ? undefined : socketKeyProtocols.get(headers.Cookie);
  return known === undefined ? [] : [known];
}

/** Opens the API socket; resolves with it, or rejects with the HTTP status of the refusal. */
export function openApiSocket(
  url: string,
  headers: Record<string, string> = {},
  protocols?: readonly string[],
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocolsFor(headers, protocols), { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`status ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

export interface ApiClient {
  call(method: string, request?: unknown): Promise<SocketReply>;
  /** Sends any text; resolves with the reply numbered -1 (the host's answer to a bad frame). */
  sendRaw(text: string): Promise<SocketReply>;
  readonly events: SocketEvent[];
}

/** A tiny client: calls by id, and every event kept. */
export function apiClient(socket: WebSocket): ApiClient {
  let nextId = 1;
  const waiting = new Map<
    number,
    { resolve: (reply: SocketReply) => void; reject: (error: Error) => void }
  >();
  const events: SocketEvent[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as SocketReply | SocketEvent;
    if ('event' in frame) events.push(frame);
    else waiting.get(frame.id)?.resolve(frame);
  });
  // A call never answered because the host went away fails at once instead of hanging the test.
  socket.on('close', (code) => {
    for (const { reject } of waiting.values())
      reject(new Error(`the socket closed (${code}) before the answer`));
    waiting.clear();
  });
  const reply = (id: number): Promise<SocketReply> =>
    new Promise((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) reject(new Error('the socket is not open'));
      waiting.set(id, { resolve, reject });
    });
  return {
    call: (method, request) => {
      const id = nextId++;
      const answer = reply(id);
      socket.send(JSON.stringify({ id, method, request }));
      return answer;
    },
    sendRaw: (text) => {
      const answer = reply(-1);
      socket.send(text);
      return answer;
    },
    events,
  };
}

/** A TCP socket on which the WebSocket handshake succeeded (101), for frames written by hand. */
export function rawWebSocket(
  host: ServeHost,
  headers: Record<string, string>,
): Promise<{ socket: Socket; received: () => Buffer }> {
  const key = randomBytes(16).toString('base64');
  const expectedAccept = createHash('sha1')
    .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest('base64');
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port: host.port });
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', (error) => {
      if (!upgraded) reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (upgraded) return;
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      buffered = buffered.subarray(end + 4);
      if (!head.startsWith('HTTP/1.1 101') || !head.includes(expectedAccept)) {
        socket.destroy();
        reject(new Error(`the handshake was refused: ${head.split('\r\n')[0]}`));
        return;
      }
      upgraded = true;
      resolve({ socket, received: () => buffered });
    });
    const lines = [
      'GET /api HTTP/1.1',
      `Host: 127.0.0.1:${host.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      ...protocolsFor(headers, undefined).map((protocol) => `Sec-WebSocket-Protocol: ${protocol}`),
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** Resolves once the other side closed or reset the TCP connection. */
export function closedByPeer(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    socket.once('close', () => resolve());
  });
}
