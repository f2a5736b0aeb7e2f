// The padding of an attachment before it is encrypted (protocol-messages.md §5.1, desktop's
// `addAttachmentPadding`): the plaintext is zero-filled up to a size bucket, so that the file
// server and the network see one of few sizes rather than the exact length. The pointer's `size`
// keeps the real length, and the receiver cuts the padding off by it.

/** desktop `MAX_ATTACHMENT_FILESIZE_BYTES`: "10MB precisely", the largest file anyone may send. */
export const maximumAttachmentBytes = 10_000_000;
const smallestBucket = 541;
const bucketRatio = 1.05;

/**
 * The padded size of `length` bytes: the smallest power of 1.05 (rounded down) not below it, at
 * least 541, and never above 10,000,000 for a file that is itself within the limit. The same
 * floating-point steps as desktop, so that both clients produce the same buckets.
 */
export function paddedAttachmentSize(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('a length is a whole number ≥ 0');
  const bucket = Math.max(
    smallestBucket,
    Math.floor(bucketRatio ** Math.ceil(Math.log(length) / Math.log(bucketRatio))),
  );
  if (bucket > maximumAttachmentBytes && length <= maximumAttachmentBytes) return maximumAttachmentBytes;
  // Rounding down may land a hair below the length for exact powers; never cut the data.
  return Math.max(bucket, length);
}

/** The plaintext with its zero padding (a copy; the input is not changed). */
export function padAttachment(plaintext: Uint8Array): Uint8Array {
  const padded = new Uint8Array(paddedAttachmentSize(plaintext.length));
  padded.set(plaintext);
  return padded;
}
