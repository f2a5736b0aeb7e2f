// Buffers made by node:crypto and the transport, handed on as plain Uint8Arrays without a copy.

/**
 * The first `length` bytes of `bytes` as a plain Uint8Array. A view when `bytes` owns its whole
 * ArrayBuffer, as the buffers that node:crypto returns and that the transport allocates for a large
 * reply do; a copy otherwise, because a small Buffer may be a view of Node's shared pool, whose other
 * bytes belong to other buffers and would be reachable through `.buffer`. Plain rather than a Buffer,
 * so that `slice` copies as protocol code expects of a Uint8Array (Buffer's `slice` is a view).
 */
export function ownedBytes(bytes: Uint8Array, length: number = bytes.length): Uint8Array {
  if (length > bytes.length) throw new RangeError(`${length} bytes asked of ${bytes.length}`);
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) {
    return new Uint8Array(bytes.buffer, 0, length);
  }
  return new Uint8Array(bytes.subarray(0, length));
}
