// One-to-one messages (protocol-messages.md §2): padding, the "session protocol" encryption, and the
// Envelope / WebSocketMessage wrapping that the storage server keeps (base64 of the result is the
// `data` of a store, in namespace 0 of the recipient's swarm).
import { concatBytes, fromHex, toHex, utf8Encode } from '../bytes';
import { isSessionId, sessionIdFromX25519PublicKey } from '../identity/sessionId';
import { loadSodium, type Sodium } from '../sodium';
import {
  type Content,
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
  SessionProtos,
} from './codec';
import { messageError } from './messageErrors';

// --- Padding (§2.2) ---------------------------------------------------------------------------------

export const paddingBlockSize = 160;
const paddingMarker = 0x80;

/**
 * Pads serialized Content the way desktop ≤1.17.2 does: `content ‖ 0x80 ‖ 0x00…` up to
 * `160·⌈(L+2)/160⌉ − 1` bytes, so the length is always ≡ 159 mod 160 (522 → 639).
 */
export function padMessage(content: Uint8Array): Uint8Array {
  const length = paddingBlockSize * Math.ceil((content.length + 2) / paddingBlockSize) - 1;
  const padded = new Uint8Array(length);
  padded.set(content);
  padded[content.length] = paddingMarker;
  return padded;
}

/**
 * Removes padding of either variant (desktop's above, or libsession's, which pads to a multiple of
 * 160): skip trailing zeros; if a 0x80 ends them, cut there. Anything else is taken as unpadded data
 * and returned whole, as every official client does.
 */
export function unpadMessage(padded: Uint8Array): Uint8Array {
  for (let index = padded.length - 1; index >= 0; index -= 1) {
    const byte = padded[index]!;
    if (byte === paddingMarker) {
      return padded.slice(0, index);
    }
    if (byte !== 0) {
      break;
    }
  }
  return padded.slice();
}

// --- Encryption (§2.1) ------------------------------------------------------------------------------

export interface SenderKeys {
  readonly ed25519PublicKey: Uint8Array;
  /** libsodium's 64-byte form: seed ‖ public key. */
  readonly ed25519SecretKey: Uint8Array;
}

export interface RecipientKeys {
  readonly x25519PublicKey: Uint8Array;
  readonly x25519SecretKey: Uint8Array;
}

const publicKeyBytes = 32;
const signatureBytes = 64;
/** What follows the message inside the sealed box: the sender's Ed25519 key and the signature. */
const trailerBytes = publicKeyBytes + signatureBytes;
const ephemeralKeyDomain = utf8Encode('SessionBoxEphemeralHashKey');

/** `M ‖ A ‖ Ed25519(M ‖ A ‖ Y)`: what the sealed box carries. */
async function signedPlaintext(
  message: Uint8Array,
  sender: SenderKeys,
  recipientX25519PublicKey: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const signature = sodium.crypto_sign_detached(
    concatBytes(message, sender.ed25519PublicKey, recipientX25519PublicKey),
    sender.ed25519SecretKey,
  );
  return concatBytes(message, sender.ed25519PublicKey, signature);
}

/**
 * Encrypts `message` (normally padded Content) for one recipient: `crypto_box_seal(M ‖ A ‖ SIG, Y)`
 * with `SIG = Ed25519(M ‖ A ‖ Y)`. The result is |M| + 144 bytes.
 */
export async function encryptForRecipient(
  message: Uint8Array,
  sender: SenderKeys,
  recipientX25519PublicKey: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const plaintext = await signedPlaintext(message, sender, recipientX25519PublicKey);
  return sodium.crypto_box_seal(plaintext, recipientX25519PublicKey);
}

/**
 * The deterministic variant of libsession (`encrypt_for_recipient_deterministic`): the ephemeral key
 * comes from `BLAKE2b-256(key "SessionBoxEphemeralHashKey", seed ‖ Y ‖ M)` instead of randomness, so
 * the same inputs always give the same bytes. libsession meant it only for self-directed configs;
 * here it serves to reproduce libsession's test vector. Never use it for ordinary messages: equal
 * messages would be recognisable as equal.
 */
export async function encryptForRecipientDeterministic(
  message: Uint8Array,
  sender: SenderKeys,
  recipientX25519PublicKey: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const plaintext = await signedPlaintext(message, sender, recipientX25519PublicKey);
  const seed = sender.ed25519SecretKey.subarray(0, 32);
  const ephemeralSeed = sodium.crypto_generichash(
    32,
    concatBytes(seed, recipientX25519PublicKey, message),
    ephemeralKeyDomain,
  );
  const ephemeral = sodium.crypto_box_seed_keypair(ephemeralSeed);
  // A sealed box, built by hand so that its ephemeral key is ours: eph_pk ‖ crypto_box(…) with the
  // nonce BLAKE2b-192(eph_pk ‖ Y).
  const nonce = sodium.crypto_generichash(
    sodium.crypto_box_NONCEBYTES,
    concatBytes(ephemeral.publicKey, recipientX25519PublicKey),
    null,
  );
  const boxed = sodium.crypto_box_easy(plaintext, nonce, recipientX25519PublicKey, ephemeral.privateKey);
  return concatBytes(ephemeral.publicKey, boxed);
}

export interface DecryptedMessage {
  /** M: the Content as sent, still padded. */
  readonly message: Uint8Array;
  readonly senderEd25519PublicKey: Uint8Array;
  /** `05` + the X25519 form of the sender's key. */
  readonly senderSessionId: string;
}

/**
 * Opens a message sealed to us and checks its signature (§2.1). Fails with `decryptionFailed` when the
 * box does not open, `malformedMessage` when it holds too little, `badSignature` when the signature
 * does not verify.
 */
export async function decryptForRecipient(
  ciphertext: Uint8Array,
  recipient: RecipientKeys,
): Promise<DecryptedMessage> {
  const sodium = await loadSodium();
  let plaintext: Uint8Array;
  try {
    plaintext = sodium.crypto_box_seal_open(ciphertext, recipient.x25519PublicKey, recipient.x25519SecretKey);
  } catch {
    throw messageError(
      'decryptionFailed',
      'This message could not be decrypted: it was not sealed to this account, or it was damaged.',
    );
  }
  // Desktop requires more than the trailer: an empty message is refused too.
  if (plaintext.length <= trailerBytes) {
    throw messageError(
      'malformedMessage',
      `This message is damaged: it decrypts to ${plaintext.length} bytes, too few to hold a sender and a signature.`,
    );
  }
  const message = plaintext.slice(0, -trailerBytes);
  const senderEd25519PublicKey = plaintext.slice(-trailerBytes, -signatureBytes);
  const signature = plaintext.slice(-signatureBytes);
  const forged = (): Error =>
    messageError(
      'badSignature',
      'This message was refused: its signature does not match the sender it names.',
    );
  let senderSessionId: string;
  try {
    const signed = concatBytes(message, senderEd25519PublicKey, recipient.x25519PublicKey);
    if (!sodium.crypto_sign_verify_detached(signature, signed, senderEd25519PublicKey)) {
      throw forged();
    }
    senderSessionId = sessionIdOfSender(senderEd25519PublicKey, sodium);
  } catch {
    // libsodium throws instead of returning false for some invalid keys.
    throw forged();
  }
  return { message, senderEd25519PublicKey, senderSessionId };
}

/**
 * The Session ID of a verified sender key. The Ed25519 → X25519 conversion costs half a signature
 * check in this libsodium build, and a conversation brings the same few keys again and again, so
 * the answers are remembered (for a bounded number of keys; the conversion never changes).
 */
const sessionIdBySenderKey = new Map<string, string>();
const rememberedSenderKeys = 4_096;

function sessionIdOfSender(ed25519PublicKey: Uint8Array, sodium: Sodium): string {
  const key = toHex(ed25519PublicKey);
  const known = sessionIdBySenderKey.get(key);
  if (known !== undefined) return known;
  const sessionId = sessionIdFromX25519PublicKey(
    sodium.crypto_sign_ed25519_pk_to_curve25519(ed25519PublicKey),
  );
  if (sessionIdBySenderKey.size >= rememberedSenderKeys) {
    sessionIdBySenderKey.delete(sessionIdBySenderKey.keys().next().value!);
  }
  sessionIdBySenderKey.set(key, sessionId);
  return sessionId;
}

// --- Envelope and storage frame (§2.3) ---------------------------------------------------------------

export interface OutgoingOneToOneMessage {
  readonly content: Content;
  /** The recipient's Session ID (`05…`). */
  readonly recipientSessionId: string;
  /** Sent time in ms (network-adjusted): the envelope timestamp, and `sigTimestamp`. */
  readonly timestampMs: number;
}

export interface IncomingOneToOneMessage {
  readonly content: Content;
  readonly senderSessionId: string;
  readonly senderEd25519PublicKey: Uint8Array;
  /** The envelope timestamp: the sent time the sender claims, in ms. */
  readonly timestampMs: number;
}

const requestVerb = 'PUT';
const requestPath = '/api/v1/message';

function recipientKey(sessionId: string): Uint8Array {
  if (!isSessionId(sessionId)) {
    throw messageError(
      'invalidRecipient',
      'A message can only be sent to a Session ID: 05 followed by 64 lowercase hexadecimal digits.',
    );
  }
  return fromHex(sessionId.slice(2));
}

/**
 * Content → padded → encrypted → `Envelope{type 6, timestamp, content}` →
 * `WebSocketMessage{REQUEST, {PUT /api/v1/message, body, id 0}}`: the bytes to store (base64) in the
 * recipient's swarm. `content.sigTimestamp` is set to the timestamp unless the caller set it; a
 * different value is refused, because the recipient would drop the message.
 */
export async function wrapOneToOneMessage(
  outgoing: OutgoingOneToOneMessage,
  sender: SenderKeys,
): Promise<Uint8Array> {
  const { content, timestampMs } = outgoing;
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
    throw new RangeError(`a message timestamp is a whole number of milliseconds, not ${timestampMs}`);
  }
  if (content.sigTimestamp !== undefined && content.sigTimestamp !== timestampMs) {
    throw messageError(
      'timestampMismatch',
      `This message was not sent: its signed timestamp (${content.sigTimestamp}) differs from its sent time (${timestampMs}).`,
    );
  }
  const padded = padMessage(encodeContent({ ...content, sigTimestamp: timestampMs }));
  const ciphertext = await encryptForRecipient(padded, sender, recipientKey(outgoing.recipientSessionId));
  const envelope = encodeEnvelope({
    type: SessionProtos.Envelope.Type.SESSION_MESSAGE,
    timestamp: timestampMs,
    content: ciphertext,
  });
  return encodeWebSocketMessage({
    type: SessionProtos.WebSocketMessage.Type.REQUEST,
    request: { verb: requestVerb, path: requestPath, body: envelope, id: 0 },
  });
}

/**
 * The reverse of `wrapOneToOneMessage`, for a message from namespace 0 of our own swarm (after base64
 * decoding): frame → envelope → decrypt and verify → unpad → Content. When the Content carries
 * `sigTimestamp`, it must equal the envelope timestamp (§2.3). Fails only with the errors of
 * messageErrors.ts.
 */
export async function unwrapOneToOneMessage(
  bytes: Uint8Array,
  recipient: RecipientKeys,
): Promise<IncomingOneToOneMessage> {
  const envelope = readOneToOneEnvelope(bytes);
  return finishOneToOneMessage(envelope, await decryptForRecipient(envelope.ciphertext, recipient));
}

/** A one-to-one envelope, read but not opened: its sealed box and its timestamp. */
export interface OneToOneEnvelope {
  readonly ciphertext: Uint8Array;
  readonly timestampMs: number;
}

/**
 * The first step of `unwrapOneToOneMessage`: frame → envelope, checked. The sealed box may then be
 * opened elsewhere (a worker thread, core/workers) and handed to `finishOneToOneMessage`.
 */
export function readOneToOneEnvelope(bytes: Uint8Array): OneToOneEnvelope {
  const frame = decodeWebSocketMessage(bytes);
  const body = frame.request?.body;
  if (frame.type !== SessionProtos.WebSocketMessage.Type.REQUEST || body === undefined) {
    throw messageError('malformedMessage', 'This message is damaged: its frame holds no envelope.');
  }
  const envelope = decodeEnvelope(body);
  if (envelope.type !== SessionProtos.Envelope.Type.SESSION_MESSAGE) {
    throw messageError(
      'unsupportedMessage',
      `This message was skipped: envelope type ${envelope.type} is not a one-to-one message.`,
    );
  }
  if (!Number.isSafeInteger(envelope.timestamp)) {
    throw messageError('malformedMessage', 'This message is damaged: its timestamp is out of range.');
  }
  if (envelope.content === undefined || envelope.content.length === 0) {
    throw messageError('malformedMessage', 'This message is damaged: its envelope is empty.');
  }
  return { ciphertext: envelope.content, timestampMs: envelope.timestamp };
}

/** The last step of `unwrapOneToOneMessage`: the opened box → unpad → Content, its timestamp checked. */
export function finishOneToOneMessage(
  envelope: OneToOneEnvelope,
  decrypted: DecryptedMessage,
): IncomingOneToOneMessage {
  const content = decodeContent(unpadMessage(decrypted.message));
  if (content.sigTimestamp !== undefined && content.sigTimestamp !== envelope.timestampMs) {
    throw messageError(
      'timestampMismatch',
      `This message was refused: its signed timestamp (${content.sigTimestamp}) differs from its envelope's (${envelope.timestampMs}).`,
    );
  }
  return {
    content,
    senderSessionId: decrypted.senderSessionId,
    senderEd25519PublicKey: decrypted.senderEd25519PublicKey,
    timestampMs: envelope.timestampMs,
  };
}
