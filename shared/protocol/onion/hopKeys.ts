// The symmetric key of one onion hop (protocol-network.md §5.3). The client's ephemeral key pair
// (A, a) and the node's X25519 key pair (B, b) give the same secret S = X25519(a, B) = X25519(b, A)
// on both sides; each cipher then derives its own key from S.
import { StarlingError } from '../../errors';
import { concatBytes, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import type { EncryptionType } from './encryptionType';

const keyLength = 32;

export interface X25519KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

export interface HopKeyInput {
  readonly encryptionType: EncryptionType;
  /** S = X25519(a, B) = X25519(b, A). */
  readonly sharedSecret: Uint8Array;
  /** A: the client's ephemeral public key. */
  readonly clientPublicKey: Uint8Array;
  /** B: the node's (or server's) X25519 public key. */
  readonly nodePublicKey: Uint8Array;
}

function checkKeyLength(key: Uint8Array, name: string): void {
  if (key.length !== keyLength) {
    throw new RangeError(`${name} has ${keyLength} bytes, not ${key.length}`);
  }
}

/** S = X25519(ourSecretKey, theirPublicKey). */
export async function x25519SharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  checkKeyLength(secretKey, 'an X25519 secret key');
  checkKeyLength(publicKey, 'an X25519 public key');
  const sodium = await loadSodium();
  try {
    return sodium.crypto_scalarmult(secretKey, publicKey);
  } catch {
    // libsodium refuses low-order points, whose secret would be all zeros and known to anyone.
    throw new StarlingError('invalidEphemeralKey', 'The onion request carries an unusable ephemeral key.');
  }
}

const lokiKey = (() => {
  const key = new Uint8Array(32);
  key.set(utf8Encode('LOKI'));
  return key;
})();

/**
 * aes-gcm: HMAC-SHA256(key = "LOKI", message = S).
 * xchacha20: BLAKE2b-256(S ‖ A ‖ B), the client's key first whichever side computes it.
 */
export async function deriveHopKey(input: HopKeyInput): Promise<Uint8Array> {
  checkKeyLength(input.sharedSecret, 'an X25519 shared secret');
  if (input.encryptionType === 'aes-gcm') {
    // HMAC zero-pads a key shorter than its block, so "LOKI" padded to libsodium's 32-byte HMAC key
    // gives the same MAC, computed synchronously instead of through an async WebCrypto import.
    const sodium = await loadSodium();
    return sodium.crypto_auth_hmacsha256(input.sharedSecret, lokiKey);
  }
  checkKeyLength(input.clientPublicKey, 'an X25519 public key');
  checkKeyLength(input.nodePublicKey, 'an X25519 public key');
  const sodium = await loadSodium();
  return sodium.crypto_generichash(
    keyLength,
    concatBytes(input.sharedSecret, input.clientPublicKey, input.nodePublicKey),
    null,
  );
}

/** The hop key as the client computes it, from its ephemeral key pair and the node's public key. */
export async function clientHopKey(
  encryptionType: EncryptionType,
  client: X25519KeyPair,
  nodePublicKey: Uint8Array,
): Promise<Uint8Array> {
  const sharedSecret = await x25519SharedSecret(client.secretKey, nodePublicKey);
  return deriveHopKey({ encryptionType, sharedSecret, clientPublicKey: client.publicKey, nodePublicKey });
}

/** The hop key as a node (or server) computes it, from its key pair and the layer's `ephemeral_key`. */
export async function nodeHopKey(
  encryptionType: EncryptionType,
  node: X25519KeyPair,
  clientPublicKey: Uint8Array,
): Promise<Uint8Array> {
  const sharedSecret = await x25519SharedSecret(node.secretKey, clientPublicKey);
  return deriveHopKey({ encryptionType, sharedSecret, clientPublicKey, nodePublicKey: node.publicKey });
}
