// Direct messages between members of a community, who know each other only by blinded IDs
// (protocol-messages.md §6.6, libsession encrypt_for_blinded_recipient): the server's inbox holds
// `0x00 ‖ XChaCha20-Poly1305(key, nonce, padded Content ‖ sender's Ed25519 key) ‖ nonce`, with
// key = BLAKE2b-256(a·kB ‖ kA ‖ kB): the sender's own scalar times the recipient's blinded key
// (which the recipient gets as b·kA), then the sender's and the recipient's blinded keys. The
// sender's real key inside is checked against the blinded ID it came from.
import { StarlingError } from '../../errors';
import { concatBytes, fromHex, toHex } from '../bytes';
import { loadSodium, type Sodium } from '../sodium';
import { blindedKeyPair, blindedPrefix } from './blinding';

const versionByte = 0x00;
const nonceBytes = 24;
const publicKeyBytes = 32;
const tagBytes = 16;

export class BlindedMessageError extends StarlingError<'blindedMessageInvalid'> {}

const refused = (message: string): BlindedMessageError =>
  new BlindedMessageError('blindedMessageInvalid', message);

function blindedKeyOf(blindedId: string): Uint8Array {
  if (!/^15[0-9a-f]{64}$/u.test(blindedId)) throw refused('A blinded ID is 15 and 64 hex digits.');
  return fromHex(blindedId.slice(2));
}

/** The key of one conversation's messages, from our side: our scalar times their blinded key. */
async function messageKey(
  ownSecretKey: Uint8Array,
  serverPublicKey: Uint8Array,
  otherBlindedKey: Uint8Array,
  order: { readonly senderIsUs: boolean },
  sodium: Sodium,
): Promise<Uint8Array> {
  const own = await blindedKeyPair(ownSecretKey, serverPublicKey);
  const scalar = sodium.crypto_sign_ed25519_sk_to_curve25519(ownSecretKey);
  let shared: Uint8Array;
  try {
    shared = sodium.crypto_scalarmult_ed25519_noclamp(scalar, otherBlindedKey);
  } catch {
    throw refused('This blinded ID is not a usable key.');
  }
  const [sender, recipient] = order.senderIsUs
    ? [own.publicKey, otherBlindedKey]
    : [otherBlindedKey, own.publicKey];
  return sodium.crypto_generichash(32, concatBytes(shared, sender, recipient), null);
}

/** Seals padded Content for a member known by their blinded ID (`POST /inbox/<15…>`). */
export async function encryptForBlindedRecipient(
  paddedContent: Uint8Array,
  ownSecretKey: Uint8Array,
  serverPublicKey: Uint8Array,
  recipientBlindedId: string,
  nonce?: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const key = await messageKey(
    ownSecretKey,
    serverPublicKey,
    blindedKeyOf(recipientBlindedId),
    { senderIsUs: true },
    sodium,
  );
  const usedNonce = nonce ?? sodium.randombytes_buf(nonceBytes);
  if (usedNonce.length !== nonceBytes) throw refused('A blinded message nonce is 24 bytes.');
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    concatBytes(paddedContent, ownSecretKey.subarray(32, 64)),
    null,
    null,
    usedNonce,
    key,
  );
  return concatBytes(Uint8Array.of(versionByte), sealed, usedNonce);
}

export interface OpenedBlindedMessage {
  /** The real sender: `05` ‖ their X25519 key. */
  readonly senderSessionId: string;
  /** Still padded (§2.2): unpad before decoding. */
  readonly paddedContent: Uint8Array;
}

/**
 * Opens an inbox item (we are the recipient) or an outbox item (we sent it): `sender` and
 * `recipient` are the item's blinded IDs as the server lists them.
 */
export async function decryptBlindedMessage(
  blob: Uint8Array,
  ownSecretKey: Uint8Array,
  serverPublicKey: Uint8Array,
  item: { readonly sender: string; readonly recipient: string },
): Promise<OpenedBlindedMessage> {
  if (blob.length < 1 + tagBytes + publicKeyBytes + nonceBytes || blob[0] !== versionByte) {
    throw refused('This community message is of an unknown version or too short.');
  }
  const sodium = await loadSodium();
  const senderKey = blindedKeyOf(item.sender);
  const recipientKey = blindedKeyOf(item.recipient);
  const own = blindedPrefix + toHex((await blindedKeyPair(ownSecretKey, serverPublicKey)).publicKey);
  const senderIsUs = own === item.sender;
  if (!senderIsUs && own !== item.recipient) throw refused('This community message is for someone else.');
  const key = await messageKey(
    ownSecretKey,
    serverPublicKey,
    senderIsUs ? recipientKey : senderKey,
    { senderIsUs },
    sodium,
  );
  let opened: Uint8Array;
  try {
    opened = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      blob.subarray(1, blob.length - nonceBytes),
      null,
      blob.subarray(blob.length - nonceBytes),
      key,
    );
  } catch {
    throw refused('This community message could not be opened: it is damaged or not for this account.');
  }
  const senderPublicKey = opened.subarray(opened.length - publicKeyBytes);
  // The key inside must be the one behind the sender's blinded ID: k·A = kA.
  const factor = sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_generichash(64, serverPublicKey, null),
  );
  let blinded: Uint8Array;
  try {
    blinded = sodium.crypto_scalarmult_ed25519_noclamp(factor, senderPublicKey);
  } catch {
    throw refused('This community message names a sender key that is not valid.');
  }
  if (toHex(blinded) !== toHex(senderKey)) {
    throw refused('This community message claims a sender it did not come from.');
  }
  return {
    senderSessionId: `05${toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(senderPublicKey))}`,
    paddedContent: opened.slice(0, opened.length - publicKeyBytes),
  };
}
