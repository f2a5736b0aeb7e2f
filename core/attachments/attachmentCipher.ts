// Attachment encryption (protocol-messages.md §5.1, desktop's attachmentsEncrypter): a 64-byte key
// split into an AES-256-CBC key and an HMAC-SHA256 key, `IV ‖ ciphertext ‖ MAC`, and the SHA-256 of
// that blob as the pointer's digest. node:crypto is the native path here (stack.md: 63 ms to encrypt
// and 30 ms to verify and decrypt 10 MB).
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { StarlingError } from '../../shared/errors';
import { paddedAttachmentSize } from '../../shared/protocol/attachments/attachmentPadding';
import { ownedBytes } from '../crypto/ownedBytes';

const ivBytes = 16;
const macBytes = 32;
/** The fixed cost of encryption: IV, at most one block of PKCS#7 padding, and the MAC. */
export const attachmentOverheadBytes = ivBytes + 16 + macBytes;

export type AttachmentCipherErrorCode =
  'attachmentTampered' | 'attachmentUnverifiable' | 'attachmentMalformed';

export class AttachmentCipherError extends StarlingError<AttachmentCipherErrorCode> {}

export interface EncryptedAttachment {
  readonly blob: Uint8Array;
  readonly key: Uint8Array;
  readonly digest: Uint8Array;
  /** The unpadded length, for the pointer. */
  readonly size: number;
}

function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

function mac(macKey: Uint8Array, data: Uint8Array): Uint8Array {
  return createHmac('sha256', macKey).update(data).digest();
}

/**
 * Pieces fed to the cipher at a time. node:crypto's update returns a new buffer for each call, so
 * feeding the whole file would allocate a second full copy; pieces keep that to one piece at a time.
 */
const pieceBytes = 256 * 1024;

/** AES-CBC with PKCS#7 always adds 1 to 16 bytes, up to the next whole block. */
function cbcCiphertextLength(plaintextLength: number): number {
  return (Math.floor(plaintextLength / 16) + 1) * 16;
}

/**
 * Pads, then encrypts with a fresh key and IV (given ones are for tests against fixed vectors). The
 * padding is fed to the cipher as zeros rather than copied in front of it, and the ciphertext is
 * written straight into the blob: the blob is the only copy of the file this makes.
 */
export function encryptAttachment(
  plaintext: Uint8Array,
  fixed: { readonly key?: Uint8Array; readonly iv?: Uint8Array } = {},
): EncryptedAttachment {
  const key = fixed.key ?? randomBytes(64);
  const iv = fixed.iv ?? randomBytes(ivBytes);
  if (key.length !== 64 || iv.length !== ivBytes) throw new RangeError('a 64-byte key and a 16-byte IV');
  const paddedLength = paddedAttachmentSize(plaintext.length);
  const macStart = ivBytes + cbcCiphertextLength(paddedLength);
  // Buffer.alloc is never taken from Node's shared pool, so the blob owns its whole ArrayBuffer.
  const blob = Buffer.alloc(macStart + macBytes);
  blob.set(iv, 0);
  const cipher = createCipheriv('aes-256-cbc', key.subarray(0, 32), iv);
  let written = ivBytes;
  const append = (ciphertext: Uint8Array): void => {
    blob.set(ciphertext, written);
    written += ciphertext.length;
  };
  for (let start = 0; start < plaintext.length; start += pieceBytes) {
    append(cipher.update(plaintext.subarray(start, start + pieceBytes)));
  }
  // §5.1's padding is zeros up to the bucket: encrypted from one reused piece of zeros.
  const zeros = new Uint8Array(Math.min(pieceBytes, paddedLength - plaintext.length));
  for (let remaining = paddedLength - plaintext.length; remaining > 0; remaining -= zeros.length) {
    append(cipher.update(zeros.subarray(0, Math.min(zeros.length, remaining))));
  }
  append(cipher.final());
  if (written !== macStart) throw new Error('the attachment cipher wrote an unexpected length');
  blob.set(mac(key.subarray(32), blob.subarray(0, macStart)), macStart);
  return { blob, key, digest: sha256(blob), size: plaintext.length };
}

/**
 * Checks the digest and the MAC before decrypting anything, then cuts the padding off by `size`.
 * A missing digest is refused as the official clients refuse it: the file could be anyone's.
 */
export function decryptAttachment(
  blob: Uint8Array,
  pointer: { readonly key: Uint8Array; readonly digest: Uint8Array | undefined; readonly size: number },
): Uint8Array {
  if (!pointer.digest) {
    throw new AttachmentCipherError(
      'attachmentUnverifiable',
      'This file cannot be checked: ask the sender to update Session.',
    );
  }
  if (blob.length < ivBytes + 16 + macBytes || (blob.length - ivBytes - macBytes) % 16 !== 0) {
    throw new AttachmentCipherError(
      'attachmentMalformed',
      'The downloaded file is not an encrypted attachment.',
    );
  }
  if (!timingSafeEqual(sha256(blob), pointer.digest)) {
    throw new AttachmentCipherError(
      'attachmentTampered',
      'The downloaded file does not match what was sent.',
    );
  }
  const macStart = blob.length - macBytes;
  const expected = mac(pointer.key.subarray(32), blob.subarray(0, macStart));
  if (!timingSafeEqual(expected, blob.subarray(macStart))) {
    throw new AttachmentCipherError(
      'attachmentTampered',
      'The downloaded file does not match what was sent.',
    );
  }
  // One update over the whole ciphertext: its output is handed on as the plaintext, without the
  // copy that joining it with final()'s last block would make. final() still runs, and refuses a
  // blob whose PKCS#7 padding is wrong. Pieces copied into an array would make as much garbage again.
  let head: Buffer;
  let tail: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', pointer.key.subarray(0, 32), blob.subarray(0, ivBytes));
    head = decipher.update(blob.subarray(ivBytes, macStart));
    tail = decipher.final();
  } catch {
    throw new AttachmentCipherError('attachmentMalformed', 'The downloaded file could not be decrypted.');
  }
  if (head.length + tail.length < pointer.size) {
    throw new AttachmentCipherError('attachmentMalformed', 'The downloaded file is shorter than announced.');
  }
  // The file ends inside the head whenever the sender padded it (§5.1), which keeps the view's bytes
  // past `size` (the zeros, at most 5 %) alive with it; only an unpadded file needs joining.
  if (pointer.size <= head.length) return ownedBytes(head, pointer.size);
  return ownedBytes(Buffer.concat([head, tail]), pointer.size);
}
