// Config padding (protocol-config-groups.md §4 step 3): the plaintext is left-padded with 0x00 so
// that plaintext + overhead lands on a chunk boundary, the chunk growing with the size. Receivers
// strip leading 0x00 bytes (§4 receive step 3); a config message starts with `d`, `z` or `m`.

/** The overhead of config encryption: 16-byte tag and 24-byte trailing nonce (§4 step 4). */
export const configEncryptionOverhead = 40;

/** `padded_size(length, overhead)`: the plaintext size to pad to. */
export function paddedSize(length: number, overhead: number): number {
  if (!Number.isSafeInteger(length) || length < 0 || !Number.isSafeInteger(overhead) || overhead < 0) {
    throw new RangeError(`paddedSize needs non-negative integers, not (${length}, ${overhead}).`);
  }
  const total = length + overhead;
  const chunk = total < 5120 ? 256 : total < 20480 ? 1024 : total < 40960 ? 2048 : 5120;
  return Math.ceil(total / chunk) * chunk - overhead;
}

/** Left-pads `plaintext` with 0x00 to `paddedSize(length, 40)`. */
export function padConfig(plaintext: Uint8Array): Uint8Array {
  const padded = new Uint8Array(paddedSize(plaintext.length, configEncryptionOverhead));
  padded.set(plaintext, padded.length - plaintext.length);
  return padded;
}

/** Drops the leading 0x00 bytes (a view; §4 receive step 3). */
export function stripConfigPadding(padded: Uint8Array): Uint8Array {
  let start = 0;
  while (start < padded.length && padded[start] === 0) start += 1;
  return padded.subarray(start);
}
