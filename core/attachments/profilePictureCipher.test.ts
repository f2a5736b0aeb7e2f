import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/protocol/bytes';
import {
  ProfilePictureCipherError,
  decryptProfilePicture,
  encryptProfilePicture,
  newProfileKey,
} from './profilePictureCipher';

const vector = fromHex(
  readFileSync(
    path.join(__dirname, '../../test/fixtures/vectors/profile-picture-300-bytes.hex'),
    'utf8',
  ).trim(),
);
const key = Uint8Array.from({ length: 32 }, (_, index) => 200 + index);
const iv = Uint8Array.from({ length: 12 }, (_, index) => 40 + index);
const plaintext = Uint8Array.from({ length: 300 }, (_, index) => (index * 5 + 11) % 256);

function failure(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ProfilePictureCipherError) return error.code;
    throw error;
  }
  return undefined;
}

describe('profile-picture encryption (protocol-messages.md §5.1)', () => {
  it('makes the blob that Python’s cryptography made independently', () => {
    expect(toHex(encryptProfilePicture(plaintext, key, iv))).toBe(toHex(vector));
  });

  it('opens that blob', () => {
    expect(toHex(decryptProfilePicture(vector, key))).toBe(toHex(plaintext));
  });

  it('uses a fresh IV each time, so the same picture never seals to the same bytes', () => {
    const profileKey = newProfileKey();
    expect(profileKey.length).toBe(32);
    const first = encryptProfilePicture(plaintext, profileKey);
    const second = encryptProfilePicture(plaintext, profileKey);
    expect(toHex(first.subarray(0, 12))).not.toBe(toHex(second.subarray(0, 12)));
    expect(toHex(decryptProfilePicture(second, profileKey))).toBe(toHex(plaintext));
  });

  it('refuses a changed byte, a wrong key, a short blob and a malformed key', () => {
    const tampered = Uint8Array.from(vector);
    tampered[100]! ^= 1;
    expect(failure(() => decryptProfilePicture(tampered, key))).toBe('pictureUnreadable');
    expect(failure(() => decryptProfilePicture(vector, newProfileKey()))).toBe('pictureUnreadable');
    expect(failure(() => decryptProfilePicture(vector.subarray(0, 27), key))).toBe('pictureUnreadable');
    expect(failure(() => decryptProfilePicture(vector, key.subarray(0, 16)))).toBe('pictureUnreadable');
  });
});
