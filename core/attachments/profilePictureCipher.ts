// Profile pictures are sealed differently from attachments (protocol-messages.md §5.1): AES-256-GCM
// under the 32-byte profile key that travels in every message's `profileKey` and in the configs'
// `q`, the blob being `IV(12) ‖ ciphertext ‖ tag(16)`. No padding, no digest: the tag is the check.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { StarlingError } from '../../shared/errors';
import { profileKeyLength } from '../../shared/protocol/config/types/sharedFields';

const ivBytes = 12;
const tagBytes = 16;

export class ProfilePictureCipherError extends StarlingError<'pictureUnreadable'> {}

export function newProfileKey(): Uint8Array {
  return randomBytes(profileKeyLength);
}

export function encryptProfilePicture(
  plaintext: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array = randomBytes(ivBytes),
): Uint8Array {
  if (key.length !== profileKeyLength) throw new RangeError('a profile key is 32 bytes');
  if (iv.length !== ivBytes) throw new RangeError('a profile-picture IV is 12 bytes');
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function decryptProfilePicture(blob: Uint8Array, key: Uint8Array): Uint8Array {
  const unreadable = new ProfilePictureCipherError(
    'pictureUnreadable',
    'This profile picture could not be opened: it is damaged or was sealed with another key.',
  );
  if (key.length !== profileKeyLength || blob.length < ivBytes + tagBytes) throw unreadable;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, ivBytes));
    decipher.setAuthTag(blob.subarray(blob.length - tagBytes));
    return Buffer.concat([decipher.update(blob.subarray(ivBytes, blob.length - tagBytes)), decipher.final()]);
  } catch {
    throw unreadable;
  }
}
