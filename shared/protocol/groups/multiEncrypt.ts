// The multi-recipient encryption primitive (protocol-config-groups.md §6.2 "Multi-recipient encryption
// primitive"; LS `multi_encrypt.cpp`): one shared nonce, one XChaCha20-Poly1305 copy per recipient under
// the key BLAKE2b-256(key = domain, X25519(a, B) ‖ A ‖ B), where A is always the sender's public key.
// It carries the group keys of Keys messages (§6.2) and the kicked notice of ns −11 (§6.7).
import { concatBytes, utf8Encode } from '../bytes';
import { loadSodium, type Sodium } from '../sodium';
import { GroupKeysError } from './groupKeysError';

export const multipleNonceBytes = 24;
/** The Poly1305 tag each copy carries: a copy is its message's length + 16. */
export const multipleOverheadBytes = 16;
const keyBytes = 32;
/** BLAKE2b's key limit; LS truncates longer domains, we refuse them (they are constants). */
const maxDomainBytes = 64;

export interface MultipleEncryptionInput {
  /** One message for every recipient, or exactly one per recipient, in the same order. */
  readonly messages: readonly Uint8Array[];
  /** X25519 public keys (a Session ID without its 05 byte). */
  readonly recipients: readonly Uint8Array[];
  readonly senderX25519SecretKey: Uint8Array;
  readonly senderX25519PublicKey: Uint8Array;
  readonly domain: string;
  readonly nonce: Uint8Array;
  /**
   * Leave out recipients whose key gives no shared secret (a low-order point) instead of failing:
   * §6.2 step 5, "members whose ID is invalid are skipped".
   */
  readonly skipInvalidRecipients?: boolean;
}

export interface MultipleDecryptionInput {
  readonly ciphertexts: Iterable<Uint8Array>;
  readonly nonce: Uint8Array;
  readonly recipientX25519SecretKey: Uint8Array;
  readonly recipientX25519PublicKey: Uint8Array;
  readonly senderX25519PublicKey: Uint8Array;
  readonly domain: string;
}

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length !== length) {
    throw new GroupKeysError('invalidInput', `${what} must be ${length} bytes, not ${bytes.length}.`);
  }
}

function domainKey(domain: string): Uint8Array | undefined {
  const bytes = utf8Encode(domain);
  if (bytes.length > maxDomainBytes) {
    throw new GroupKeysError(
      'invalidInput',
      `An encryption domain is at most 64 bytes, not ${bytes.length}.`,
    );
  }
  return bytes.length === 0 ? undefined : bytes;
}

/**
 * The pairwise key; `undefined` when the other key is a low-order point (no shared secret).
 * §6.2: the sender's public key always comes first in the hash, whichever side computes it.
 */
export function multipleEncryptionKey(
  sodium: Sodium,
  ownSecretKey: Uint8Array,
  senderPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  otherPublicKey: Uint8Array,
  domain: string,
): Uint8Array | undefined {
  let shared: Uint8Array;
  try {
    shared = sodium.crypto_scalarmult(ownSecretKey, otherPublicKey);
  } catch {
    return undefined;
  }
  return sodium.crypto_generichash(
    keyBytes,
    concatBytes(shared, senderPublicKey, recipientPublicKey),
    domainKey(domain) ?? null,
  );
}

/** One ciphertext per recipient, in recipient order (minus skipped ones, when asked). */
export async function encryptForMultiple(input: MultipleEncryptionInput): Promise<Uint8Array[]> {
  const { messages, recipients, senderX25519SecretKey, senderX25519PublicKey, domain, nonce } = input;
  checkLength(nonce, multipleNonceBytes, 'The nonce');
  checkLength(senderX25519SecretKey, keyBytes, 'The sender X25519 secret key');
  checkLength(senderX25519PublicKey, keyBytes, 'The sender X25519 public key');
  if (messages.length !== 1 && messages.length !== recipients.length) {
    throw new GroupKeysError(
      'invalidInput',
      `Give one message for all or one per recipient: ${messages.length} messages for ${recipients.length} recipients.`,
    );
  }
  domainKey(domain);
  const sodium = await loadSodium();
  const ciphertexts: Uint8Array[] = [];
  recipients.forEach((recipient, index) => {
    checkLength(recipient, keyBytes, 'A recipient X25519 public key');
    const key = multipleEncryptionKey(
      sodium,
      senderX25519SecretKey,
      senderX25519PublicKey,
      recipient,
      recipient,
      domain,
    );
    if (key === undefined) {
      if (input.skipInvalidRecipients === true) return;
      throw new GroupKeysError('invalidInput', `Recipient ${index + 1} has an unusable public key.`);
    }
    const message = messages.length === 1 ? messages[0]! : messages[index]!;
    ciphertexts.push(sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(message, null, null, nonce, key));
  });
  return ciphertexts;
}

/** The plaintext of the first ciphertext that opens for us, or undefined when none does. */
export async function decryptForMultiple(input: MultipleDecryptionInput): Promise<Uint8Array | undefined> {
  const { nonce, recipientX25519SecretKey, recipientX25519PublicKey, senderX25519PublicKey, domain } = input;
  if (
    nonce.length !== multipleNonceBytes ||
    recipientX25519SecretKey.length !== keyBytes ||
    recipientX25519PublicKey.length !== keyBytes ||
    senderX25519PublicKey.length !== keyBytes
  ) {
    return undefined;
  }
  const sodium = await loadSodium();
  const key = multipleEncryptionKey(
    sodium,
    recipientX25519SecretKey,
    senderX25519PublicKey,
    recipientX25519PublicKey,
    senderX25519PublicKey,
    domain,
  );
  if (key === undefined) return undefined;
  for (const ciphertext of input.ciphertexts) {
    if (ciphertext.length < multipleOverheadBytes) continue;
    try {
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, null, nonce, key);
    } catch {
      // Not ours (or damaged): try the next copy.
    }
  }
  return undefined;
}

/** The X25519 pair behind an Ed25519 secret key (libsodium's 64-byte form, seed ‖ public key). */
export async function x25519KeysFromEd25519SecretKey(
  ed25519SecretKey: Uint8Array,
): Promise<{ readonly secretKey: Uint8Array; readonly publicKey: Uint8Array }> {
  checkLength(ed25519SecretKey, 64, 'An Ed25519 secret key');
  const sodium = await loadSodium();
  try {
    return {
      secretKey: sodium.crypto_sign_ed25519_sk_to_curve25519(ed25519SecretKey),
      publicKey: sodium.crypto_sign_ed25519_pk_to_curve25519(ed25519SecretKey.subarray(32)),
    };
  } catch {
    throw new GroupKeysError('invalidInput', 'This Ed25519 secret key has no X25519 counterpart.');
  }
}

/** The X25519 public key behind an Ed25519 public key; undefined when it is not a valid point. */
export async function x25519PublicKeyFromEd25519(
  ed25519PublicKey: Uint8Array,
): Promise<Uint8Array | undefined> {
  if (ed25519PublicKey.length !== keyBytes) return undefined;
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_ed25519_pk_to_curve25519(ed25519PublicKey);
  } catch {
    return undefined;
  }
}
