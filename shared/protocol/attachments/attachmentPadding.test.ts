import { describe, expect, it } from 'vitest';
import { maximumAttachmentBytes, padAttachment, paddedAttachmentSize } from './attachmentPadding';

describe('attachment padding (protocol-messages.md §5.1)', () => {
  it('pads to the buckets the document gives', () => {
    expect(paddedAttachmentSize(1000)).toBe(1020);
    expect(paddedAttachmentSize(100_000)).toBe(100_155);
  });

  it('pads tiny and empty files to 541 bytes', () => {
    expect(paddedAttachmentSize(0)).toBe(541);
    expect(paddedAttachmentSize(1)).toBe(541);
    expect(paddedAttachmentSize(541)).toBe(541);
  });

  it('caps a file within the limit at 10,000,000 bytes (stack.md: 9,990,000 → 10,000,000)', () => {
    expect(paddedAttachmentSize(9_990_000)).toBe(maximumAttachmentBytes);
    expect(paddedAttachmentSize(maximumAttachmentBytes)).toBe(maximumAttachmentBytes);
  });

  it('never pads below the length, for every length up to 20,000', () => {
    for (let length = 0; length <= 20_000; length += 1) {
      expect(paddedAttachmentSize(length)).toBeGreaterThanOrEqual(length);
    }
  });

  it('zero-fills after the data and leaves the input alone', () => {
    const plaintext = Uint8Array.from([1, 2, 3]);
    const padded = padAttachment(plaintext);
    expect(padded.length).toBe(541);
    expect([...padded.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(padded.subarray(3).every((byte) => byte === 0)).toBe(true);
    expect(plaintext.length).toBe(3);
  });

  it('refuses a negative or fractional length', () => {
    expect(() => paddedAttachmentSize(-1)).toThrow(RangeError);
    expect(() => paddedAttachmentSize(1.5)).toThrow(RangeError);
  });
});
