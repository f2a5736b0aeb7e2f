// A small client of the devnet's open group server for tests (protocol-messages.md §6.2, §6.3):
// 15-blinded users that sign requests as desktop does, and signed requests over plain HTTP. Tests
// only; the client's own blinding lives in shared/protocol/community.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { concatBytes, fromHex, toHex } from '../shared/protocol/bytes';
import { loadSodium } from '../shared/protocol/sodium';

export interface BlindedUser {
  /** 15… */
  readonly sessionId: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** §6.3 15-blinding with the desktop nonce rule (H_rh = SHA-512(seed)[32:64]). */
export async function blindedUser(serverPublicKeyHex: string, seed = randomBytes(32)): Promise<BlindedUser> {
  const sodium = await loadSodium();
  const keys = sodium.crypto_sign_seed_keypair(seed);
  const k = sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_generichash(64, fromHex(serverPublicKeyHex), null),
  );
  const a = sodium.crypto_sign_ed25519_sk_to_curve25519(keys.privateKey);
  const ka = sodium.crypto_core_ed25519_scalar_mul(k, a);
  const kA = sodium.crypto_scalarmult_ed25519_base_noclamp(ka);
  const nonceKey = sodium.crypto_hash_sha512(seed).subarray(32, 64);
  return {
    sessionId: `15${toHex(kA)}`,
    sign: async (message) => {
      const r = sodium.crypto_core_ed25519_scalar_reduce(
        sodium.crypto_hash_sha512(concatBytes(nonceKey, kA, message)),
      );
      const R = sodium.crypto_scalarmult_ed25519_base_noclamp(r);
      const h = sodium.crypto_core_ed25519_scalar_reduce(
        sodium.crypto_hash_sha512(concatBytes(R, kA, message)),
      );
      const S = sodium.crypto_core_ed25519_scalar_add(r, sodium.crypto_core_ed25519_scalar_mul(h, ka));
      return concatBytes(R, S);
    },
  };
}

export interface SigningOptions {
  readonly nonce?: Uint8Array;
  readonly timestamp?: number;
}

/** The four X-SOGS-* headers for a request (§6.2); the path is signed URL-decoded. */
export async function signedHeaders(
  user: BlindedUser,
  serverPublicKeyHex: string,
  method: string,
  target: string,
  body: Uint8Array = new Uint8Array(0),
  options: SigningOptions = {},
): Promise<Record<string, string>> {
  const sodium = await loadSodium();
  const nonce = options.nonce ?? randomBytes(16);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const mark = target.indexOf('?');
  const path = decodeURIComponent(mark === -1 ? target : target.slice(0, mark));
  const query = mark === -1 ? '' : target.slice(mark);
  const parts = [
    fromHex(serverPublicKeyHex),
    nonce,
    new TextEncoder().encode(`${timestamp}${method}${path}${query}`),
  ];
  if (body.length > 0) parts.push(sodium.crypto_generichash(64, body, null));
  const signature = await user.sign(concatBytes(...parts));
  return {
    'X-SOGS-Pubkey': user.sessionId,
    'X-SOGS-Nonce': Buffer.from(nonce).toString('base64'),
    'X-SOGS-Timestamp': timestamp,
    'X-SOGS-Signature': Buffer.from(signature).toString('base64'),
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
    Object.assign(
      headers,
      await signedHeaders(options.user, server.publicKeyHex, method, target, body, options),
    );
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
