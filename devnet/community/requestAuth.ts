// Request authentication of the open group server (protocol-messages.md §6.2, pysogs
// `sogs/routes/auth.py`): four X-SOGS-* headers on the outermost request, an Ed25519 signature over
// server key ‖ nonce ‖ timestamp ‖ method ‖ path [?query] [‖ BLAKE2b-512(body)], under the blinded
// key (15…) or the plain Ed25519 key (00…). Blinding is required, as pysogs does with `blind`.
import { concatBytes, fromHex, utf8Encode } from '../../shared/protocol/bytes';
import { loadSodium } from '../../shared/protocol/sodium';

/** §6.2: the exact text desktop recognises to switch to blinded IDs. */
export const blindingRequiredText = 'Invalid authentication: this server requires the use of blinded ids';

/** ±24 h (§6.2). */
export const timestampWindowSeconds = 24 * 3600;

export interface AuthHeaders {
  readonly pubkey: string | undefined;
  readonly nonce: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

export interface SignedRequest {
  readonly method: string;
  /** The path URL-decoded, without the query. */
  readonly path: string;
  /** The raw query string without `?`, empty when there is none. */
  readonly query: string;
  readonly body: Uint8Array;
}

export type AuthResult =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly sessionId: string }
  | { readonly kind: 'refused'; readonly status: 400 | 401 | 425; readonly error: string };

const refuse = (status: 400 | 401 | 425, error: string): AuthResult => ({ kind: 'refused', status, error });

/** Bytes that are `length` long from hex or (padded or unpadded) base64, or undefined. */
function decodeKeyText(text: string, length: number): Uint8Array | undefined {
  if (text.length === length * 2 && /^[0-9a-fA-F]+$/u.test(text)) return fromHex(text);
  if (!/^[A-Za-z0-9+/]+={0,2}$/u.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return bytes.length === length ? bytes : undefined;
}

/** The bytes a client signs (§6.2). */
export async function signedMessage(
  serverPublicKey: Uint8Array,
  nonce: Uint8Array,
  timestamp: string,
  request: SignedRequest,
): Promise<Uint8Array> {
  const target = request.query === '' ? request.path : `${request.path}?${request.query}`;
  const parts = [
    serverPublicKey,
    nonce,
    utf8Encode(timestamp),
    utf8Encode(request.method),
    utf8Encode(target),
  ];
  if (request.body.length > 0) {
    const sodium = await loadSodium();
    parts.push(sodium.crypto_generichash(64, request.body, null));
  }
  return concatBytes(...parts);
}

/**
 * Remembers every nonce seen within the timestamp window, so that a replayed request is refused
 * (425) while its timestamp could still be accepted; older ones are forgotten, since their
 * timestamps are refused anyway.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  private oldestKept = 0;

  /** Bounds memory under a flood: beyond it the oldest nonces are forgotten first. */
  constructor(private readonly maximumNonces = 1_000_000) {}

  /** False when the nonce was already used. */
  add(nonceKey: string, nowSeconds: number): boolean {
    this.forget(nowSeconds);
    if (this.seen.has(nonceKey)) return false;
    this.seen.set(nonceKey, nowSeconds);
    if (this.seen.size > this.maximumNonces) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  private forget(nowSeconds: number): void {
    // Map iteration follows insertion, so the oldest entries come first and the loop stops early.
    const cutoff = nowSeconds - 2 * timestampWindowSeconds;
    if (this.oldestKept >= cutoff) return;
    for (const [nonce, at] of this.seen) {
      if (at >= cutoff) {
        this.oldestKept = at;
        return;
      }
      this.seen.delete(nonce);
    }
  }
}

export interface AuthSettings {
  readonly serverPublicKey: Uint8Array;
  readonly nonces: NonceCache;
  readonly nowSeconds: number;
}

/**
 * Checks the headers of one request. No X-SOGS-* header at all is an anonymous request; some but not
 * all, or a malformed one, is a 400, as in pysogs.
 */
export async function authenticate(
  headers: AuthHeaders,
  request: SignedRequest,
  settings: AuthSettings,
): Promise<AuthResult> {
  // pysogs counts an empty header as a missing one.
  const present = (value: string | undefined) => (value === '' ? undefined : value);
  const pubkey = present(headers.pubkey);
  const nonce = present(headers.nonce);
  const timestamp = present(headers.timestamp);
  const signature = present(headers.signature);
  const given = [pubkey, nonce, timestamp, signature].filter((value) => value !== undefined);
  if (given.length === 0) return { kind: 'anonymous' };
  if (pubkey === undefined || nonce === undefined || timestamp === undefined || signature === undefined) {
    return refuse(400, 'Invalid authentication: some X-SOGS-* headers are missing');
  }
  const key = decodeKeyText(pubkey, 33);
  if (!key) return refuse(400, 'Invalid authentication: X-SOGS-Pubkey is not a valid 33-byte key');
  if (key[0] === 0x00) return refuse(401, blindingRequiredText);
  if (key[0] !== 0x15)
    return refuse(400, 'Invalid authentication: X-SOGS-Pubkey must be 00- or 15- prefixed');
  const nonceBytes = decodeKeyText(nonce, 16);
  if (!nonceBytes) return refuse(400, 'Invalid authentication: X-SOGS-Nonce must be 16 bytes');
  if (!/^-?[0-9]{1,15}$/u.test(timestamp)) {
    return refuse(400, 'Invalid authentication: X-SOGS-Timestamp is not an integer');
  }
  if (Math.abs(Number(timestamp) - settings.nowSeconds) > timestampWindowSeconds) {
    return refuse(425, 'Invalid authentication: X-SOGS-Timestamp is too far from the current time');
  }
  const signatureBytes = /^[A-Za-z0-9+/]{86}==$/u.test(signature)
    ? new Uint8Array(Buffer.from(signature, 'base64'))
    : undefined;
  if (!signatureBytes || signatureBytes.length !== 64) {
    return refuse(400, 'Invalid authentication: X-SOGS-Signature is not a base64 64-byte signature');
  }
  const sodium = await loadSodium();
  const message = await signedMessage(settings.serverPublicKey, nonceBytes, timestamp, request);
  let valid: boolean;
  try {
    valid = sodium.crypto_sign_verify_detached(signatureBytes, message, key.subarray(1));
  } catch {
    valid = false;
  }
  if (!valid) return refuse(401, 'Invalid authentication: X-SOGS-Signature verification failed');
  // Recorded only once the signature holds, so that no one can burn another user's nonces.
  const sessionId = Buffer.from(key).toString('hex');
  // Per user, as pysogs keeps them (a nonce is random, so two users never share one by chance).
  if (!settings.nonces.add(`${sessionId}:${Buffer.from(nonceBytes).toString('hex')}`, settings.nowSeconds)) {
    return refuse(425, 'Invalid authentication: X-SOGS-Nonce has already been used');
  }
  return { kind: 'user', sessionId };
}
