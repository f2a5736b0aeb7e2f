// A small client of the devnet's open group server for tests (protocol-messages.md §6.2, §6.3):
// 15-blinded users whose requests are signed by the client's own code (shared/protocol/community),
// signed requests over plain HTTP, and a server of its own for each test file.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { CommunityServer } from '../devnet/community/communityServer';
import { fromHex, toHex } from '../shared/protocol/bytes';
import { blindedSessionId } from '../shared/protocol/community/blinding';
import { communityRequestHeaders } from '../shared/protocol/community/requestSigning';
import { loadSodium } from '../shared/protocol/sodium';

export interface BlindedUser {
  /** 15… */
  readonly sessionId: string;
  /** `05…`, the unblinded Session ID the blinded one derives from. */
  readonly unblindedId: string;
  readonly ed25519SecretKey: Uint8Array;
  readonly serverPublicKey: Uint8Array;
}

/** A member of one server, signing requests with the client's own code (shared/protocol/community). */
export async function blindedUser(serverPublicKeyHex: string, seed = randomBytes(32)): Promise<BlindedUser> {
  const sodium = await loadSodium();
  const keys = sodium.crypto_sign_seed_keypair(seed);
  const serverPublicKey = fromHex(serverPublicKeyHex);
  return {
    sessionId: await blindedSessionId(keys.privateKey, serverPublicKey),
    unblindedId: `05${toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(keys.publicKey))}`,
    ed25519SecretKey: keys.privateKey,
    serverPublicKey,
  };
}

export interface SigningOptions {
  readonly nonce?: Uint8Array;
  readonly timestamp?: number;
}

/** The four X-SOGS-* headers for a request (§6.2), signed as desktop signs them. */
export async function signedHeaders(
  user: BlindedUser,
  method: string,
  target: string,
  body: Uint8Array = new Uint8Array(0),
  options: SigningOptions = {},
): Promise<Record<string, string>> {
  return {
    ...(await communityRequestHeaders({
      serverPublicKey: user.serverPublicKey,
      ed25519SecretKey: user.ed25519SecretKey,
      method,
      path: target,
      body,
      timestampSeconds: options.timestamp ?? Math.floor(Date.now() / 1000),
      nonce: options.nonce ?? new Uint8Array(randomBytes(16)),
      nonceRule: 'desktop',
    })),
  };
}

export interface CommunityServerAddress {
  readonly url: string;
  readonly publicKeyHex: string;
}

export interface CallOptions extends SigningOptions {
  readonly user?: BlindedUser;
  readonly json?: unknown;
  readonly body?: Uint8Array;
  readonly headers?: Record<string, string>;
}

export interface CommunityResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly bytes: Buffer;
  /** The parsed body when it is JSON. */
  readonly json: unknown;
  readonly text: string;
}

/** One request over plain HTTP, signed when a user is given, the target sent exactly as written. */
export async function call(
  server: CommunityServerAddress,
  method: string,
  target: string,
  options: CallOptions = {},
): Promise<CommunityResponse> {
  const body =
    options.json !== undefined
      ? new Uint8Array(Buffer.from(JSON.stringify(options.json), 'utf8'))
      : (options.body ?? new Uint8Array(0));
  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  if (options.user) {
    Object.assign(headers, await signedHeaders(options.user, method, target, body, options));
  }
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method, path: target, headers, timeout: 15_000 },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const type = incoming.headers['content-type'] ?? '';
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            bytes,
            json: type.startsWith('application/json')
              ? (JSON.parse(bytes.toString('utf8')) as unknown)
              : undefined,
            text: bytes.toString('utf8'),
          });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

// --- A server of its own for a test file ---------------------------------------------------------

/** The room a test server starts with. */
export const testRoom = 'lobby';
/** The server does not check post signatures (§6.4: clients do): any 64 bytes serve. */
const anySignature = Buffer.alloc(64, 7).toString('base64');

export interface TestCommunity {
  readonly directory: string;
  readonly server: CommunityServer;
  readonly alice: BlindedUser;
  readonly bob: BlindedUser;
  /** An admin of the test room. */
  readonly moderator: BlindedUser;
}

/**
 * A server in a temporary directory with one room, two members and a moderator; the post limit is
 * generous, so that only a test about the rate limit meets it.
 */
export async function startTestCommunity(directoryPrefix: string): Promise<TestCommunity> {
  const directory = await mkdtemp(path.join(tmpdir(), directoryPrefix));
  const server = new CommunityServer({ port: 0, directory, limits: { postLimit: 1000 } });
  await server.start();
  server.addRoom(testRoom, 'The Lobby', 'Say hello');
  const [alice, bob, moderator] = await Promise.all([
    blindedUser(server.keys.publicKeyHex),
    blindedUser(server.keys.publicKeyHex),
    blindedUser(server.keys.publicKeyHex),
  ]);
  await server.addModerator(moderator.sessionId, { room: testRoom }, true);
  return { directory, server, alice, bob, moderator };
}

export async function stopTestCommunity(community: {
  directory: string;
  server: CommunityServer;
}): Promise<void> {
  await community.server.stop();
  await rm(community.directory, { recursive: true, force: true });
}

/** A post's `data` for some text (the server stores it as given). */
export const postData = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Signed calls to whichever server `current` names (a test may restart it), and posts as a user. */
export function testCalls(current: () => CommunityServer) {
  const send = (method: string, target: string, options?: CallOptions) =>
    call({ url: current().url, publicKeyHex: current().keys.publicKeyHex }, method, target, options);
  const postAs = async (user: BlindedUser, text: string, extra: Record<string, unknown> = {}) => {
    const reply = await send('POST', `/room/${testRoom}/message`, {
      user,
      json: { data: postData(text), signature: anySignature, ...extra },
    });
    expect(reply.status).toBe(201);
    return reply.json as { id: number; seqno: number; posted: number };
  };
  return { send, postAs, signature: anySignature };
}
