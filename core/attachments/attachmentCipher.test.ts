import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { padAttachment } from '../../shared/protocol/attachments/attachmentPadding';
import { fromHex, toHex } from '../../shared/protocol/bytes';
import { AttachmentCipherError, decryptAttachment, encryptAttachment } from './attachmentCipher';

const vector = fromHex(
  readFileSync(path.join(__dirname, '../../test/fixtures/vectors/attachment-1000-bytes.hex'), 'utf8').trim(),
);
const key = Uint8Array.from({ length: 64 }, (_, index) => index);
const iv = Uint8Array.from({ length: 16 }, (_, index) => 100 + index);
const plaintext = Uint8Array.from({ length: 1000 }, (_, index) => (index * 7 + 3) % 256);
const vectorDigest = 'ecdbe879493390bc67a9948e81da9dc168a9d2577ed790f6f38e44be3069166a';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AttachmentCipherError) return error.code;
    throw error;
  }
  return undefined;
}

describe('attachment encryption (protocol-messages.md §5.1)', () => {
  it('produces the blob and digest that openssl made independently', () => {
    const encrypted = encryptAttachment(plaintext, { key, iv });
    expect(encrypted.blob.length).toBe(1072);
    expect(toHex(encrypted.blob)).toBe(toHex(vector));
    expect(toHex(encrypted.digest)).toBe(vectorDigest);
    expect(encrypted.size).toBe(1000);
  });

  it('decrypts the independent blob back to the unpadded file', () => {
    const decrypted = decryptAttachment(vector, { key, digest: fromHex(vectorDigest), size: 1000 });
    expect(toHex(decrypted)).toBe(toHex(plaintext));
  });

  it('adds exactly 64 bytes to a file padded to the 10,000,000-byte limit (stack.md)', () => {
    const encrypted = encryptAttachment(new Uint8Array(9_990_000));
    expect(encrypted.blob.length).toBe(10_000_064);
    expect(decryptAttachment(encrypted.blob, encrypted).length).toBe(9_990_000);
  });

  it('encrypts a file of many pieces, padding included, as one pass over the padded file would', () => {
    // One byte over a size bucket: the file and its padding (to the next bucket, 287,313 zeros)
    // both take more than one of the cipher's 256 KiB pieces.
    const file = randomBytes(5_746_275);
    const encrypted = encryptAttachment(file, { key, iv });
    const padded = padAttachment(file);
    expect(padded.length - file.length).toBeGreaterThan(256 * 1024);
    const cipher = createCipheriv('aes-256-cbc', key.subarray(0, 32), iv);
    const macced = Buffer.concat([iv, cipher.update(padded), cipher.final()]);
    const whole = Buffer.concat([macced, createHmac('sha256', key.subarray(32)).update(macced).digest()]);
    expect(Buffer.from(encrypted.blob).equals(whole)).toBe(true);
    const decrypted = decryptAttachment(encrypted.blob, encrypted);
    expect(Buffer.from(decrypted).equals(file)).toBe(true);
  });

  it('uses a fresh key and IV each time', () => {
    const first = encryptAttachment(plaintext);
    const second = encryptAttachment(plaintext);
    expect(toHex(first.key)).not.toBe(toHex(second.key));
    expect(toHex(first.blob.subarray(0, 16))).not.toBe(toHex(second.blob.subarray(0, 16)));
  });

  it('refuses a blob whose digest does not match', () => {
    const tampered = vector.slice();
    tampered[500]! ^= 1;
    expect(
      codeOf(() => decryptAttachment(tampered, { key, digest: fromHex(vectorDigest), size: 1000 })),
    ).toBe('attachmentTampered');
  });

  it('refuses a blob whose MAC does not match, even when the digest names that blob', () => {
    // A sender (or server) that recomputes the digest over a changed blob still cannot forge the MAC.
    const tampered = encryptAttachment(plaintext, { key, iv });
    const changed = tampered.blob.slice();
    changed[40]! ^= 0x80;
    const otherKey = key.slice();
    otherKey[40]! ^= 1;
    const reencrypted = encryptAttachment(plaintext, { key: otherKey, iv });
    expect(
      codeOf(() => decryptAttachment(reencrypted.blob, { key, digest: reencrypted.digest, size: 1000 })),
    ).toBe('attachmentTampered');
    expect(codeOf(() => decryptAttachment(changed, { key, digest: tampered.digest, size: 1000 }))).toBe(
      'attachmentTampered',
    );
  });

  it('refuses a file without a digest, in words the sender can act on', () => {
    expect(() => decryptAttachment(vector, { key, digest: undefined, size: 1000 })).toThrow(
      /ask the sender to update/u,
    );
  });

  it('refuses blobs that are too short, misaligned, or shorter than announced', () => {
    const digestOf = (blob: Uint8Array) => sha256Of(blob);
    expect(
      codeOf(() =>
        decryptAttachment(new Uint8Array(10), { key, digest: digestOf(new Uint8Array(10)), size: 1 }),
      ),
    ).toBe('attachmentMalformed');
    const cut = vector.subarray(0, 1071);
    expect(codeOf(() => decryptAttachment(cut, { key, digest: digestOf(cut), size: 1000 }))).toBe(
      'attachmentMalformed',
    );
    expect(codeOf(() => decryptAttachment(vector, { key, digest: fromHex(vectorDigest), size: 5000 }))).toBe(
      'attachmentMalformed',
    );
  });
});

function sha256Of(blob: Uint8Array): Uint8Array {
  return createHash('sha256').update(blob).digest();
}
