// Community request authentication (protocol-messages.md §6.2): every request to a community server
// carries who signs (X-SOGS-Pubkey: 15 ‖ kA blinded, or 00 ‖ the Ed25519 key), a fresh 16-byte nonce,
// the time in whole seconds and a signature over
// server key ‖ nonce ‖ time ‖ METHOD ‖ path[?query] [‖ BLAKE2b-512(body)], the path URL-decoded.
// Batch sub-requests are covered by the outer request's headers.
import { blake2b } from '@noble/hashes/blake2.js';
import { toBase64 } from '../base64';
import { concatBytes, toHex, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { BlindingError, blindedKeyPair, blindedPrefix, type NonceRule, signBlinded } from './blinding';

/** X-SOGS-Pubkey's prefix for a server that does not require blinding. */
export const unblindedPrefix = '00';
export const nonceBytes = 16;

export interface CommunityRequest {
  readonly serverPublicKey: Uint8Array;
  readonly method: string;
  /** The path with its query string, as sent (percent-encoded or not). */
  readonly path: string;
  readonly body?: Uint8Array | undefined;
  readonly timestampSeconds: number;
  readonly nonce: Uint8Array;
}

export interface CommunityRequestHeaders {
  readonly 'X-SOGS-Pubkey': string;
  readonly 'X-SOGS-Timestamp': string;
  readonly 'X-SOGS-Nonce': string;
  readonly 'X-SOGS-Signature': string;
}

/**
 * A path as the server checks it: the path itself URL-decoded (an emoji in a reaction path is signed
 * as UTF-8), the query string as sent.
 */
function decodedPath(pathAndQuery: string): string {
  const question = pathAndQuery.indexOf('?');
  const path = question === -1 ? pathAndQuery : pathAndQuery.slice(0, question);
  const query = question === -1 ? '' : pathAndQuery.slice(question);
  try {
    return decodeURIComponent(path) + query;
  } catch {
    // Not valid percent-encoding: the server would refuse it; sign what was given.
    return pathAndQuery;
  }
}

/** The bytes a request's signature covers (§6.2). */
export function signedRequestBytes(request: CommunityRequest): Uint8Array {
  if (request.serverPublicKey.length !== 32) {
    throw new BlindingError('blindingInvalidInput', 'A community server key is 32 bytes.');
  }
  if (request.nonce.length !== nonceBytes) {
    throw new BlindingError('blindingInvalidInput', 'A request nonce is 16 bytes.');
  }
  if (!Number.isSafeInteger(request.timestampSeconds)) {
    throw new BlindingError('blindingInvalidInput', 'A request time is whole seconds.');
  }
  const parts = [
    request.serverPublicKey,
    request.nonce,
    utf8Encode(String(request.timestampSeconds)),
    utf8Encode(request.method.toUpperCase()),
    utf8Encode(decodedPath(request.path)),
  ];
  if (request.body && request.body.length > 0) parts.push(blake2b(request.body, { dkLen: 64 }));
  return concatBytes(...parts);
}

/**
 * The four X-SOGS headers of a request, signed with our blinded key for the server (the default:
 * servers with `blind` refuse anything else) or with our Ed25519 key (`blinded: false`).
 */
export async function communityRequestHeaders(
  request: CommunityRequest & {
    readonly ed25519SecretKey: Uint8Array;
    readonly blinded?: boolean;
    readonly nonceRule?: NonceRule;
  },
): Promise<CommunityRequestHeaders> {
  const message = signedRequestBytes(request);
  let publicKey: string;
  let signature: Uint8Array;
  if (request.blinded === false) {
    const sodium = await loadSodium();
    publicKey = unblindedPrefix + toHex(request.ed25519SecretKey.subarray(32, 64));
    signature = sodium.crypto_sign_detached(message, request.ed25519SecretKey);
  } else {
    const pair = await blindedKeyPair(request.ed25519SecretKey, request.serverPublicKey);
    publicKey = blindedPrefix + toHex(pair.publicKey);
    signature = await signBlinded(
      message,
      request.ed25519SecretKey,
      request.serverPublicKey,
      request.nonceRule,
    );
  }
  return {
    'X-SOGS-Pubkey': publicKey,
    'X-SOGS-Timestamp': String(request.timestampSeconds),
    'X-SOGS-Nonce': toBase64(request.nonce),
    'X-SOGS-Signature': toBase64(signature),
  };
}
