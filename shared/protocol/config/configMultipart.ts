// [newer LS] multipart config messages (protocol-config-groups.md §4 "multipart"): when the padded
// plaintext plus 40 bytes passes 76 800, it is cut into chunks of 76 710 bytes, each sent as
//   'm' ‖ bt-list[ final_hash (32 bytes), index (1-byte string), count (1-byte string, 2…255), chunk ]
// config-encrypted on its own and never protobuf-wrapped. final_hash = BLAKE2b-256 of the whole
// compressed and padded plaintext. The receiver buffers parts by final_hash until all have come.
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesEqual, concatBytes, toHex, utf8Encode } from '../bytes';
import { ConfigDecodeError } from './configErrors';
import { configEncryptionOverhead } from './configPadding';
import { maxConfigMessageBytes } from './configWrapping';

export const multipartPrefix = 0x6d; // 'm'
/** 76 800 − 50 (the `m`, list and length overhead) − 40 (§4). */
export const multipartChunkBytes = maxConfigMessageBytes - 50 - configEncryptionOverhead;
export const maxMultipartCount = 255;
/** `MAX_MULTIPART_SIZE` is unverified (§9); this bounds what one set may buffer. */
export const maxMultipartTotalBytes = 4 * 1024 * 1024;
/** At most this many incomplete sets are kept; the oldest is dropped first. */
export const maxPendingMultipartSets = 8;

const hashBytes = 32;

export interface MultipartPart {
  readonly finalHash: Uint8Array;
  readonly index: number;
  readonly count: number;
  readonly chunk: Uint8Array;
}

function malformed(detail: string): ConfigDecodeError {
  return new ConfigDecodeError('malformed', `This multipart config part is damaged: ${detail}.`);
}

/** Reads one bt byte string `<len>:<bytes>` at `offset`. */
function readString(bytes: Uint8Array, offset: number): { value: Uint8Array; next: number } {
  let position = offset;
  let length = 0;
  let digits = 0;
  while (position < bytes.length && bytes[position]! >= 0x30 && bytes[position]! <= 0x39) {
    // A leading zero is only valid for "0:"; more than 7 digits passes any part we accept.
    if (digits > 0 && length === 0) throw malformed('a length has a leading zero');
    if (digits >= 7) throw malformed('a length is too long');
    length = length * 10 + (bytes[position]! - 0x30);
    position += 1;
    digits += 1;
  }
  if (digits === 0 || bytes[position] !== 0x3a) throw malformed('expected a byte string');
  const start = position + 1;
  if (start + length > bytes.length) throw malformed('a string runs past the end');
  return { value: bytes.subarray(start, start + length), next: start + length };
}

/** Parses a part plaintext (padding already stripped, starting with `m`). */
export function parseMultipartPart(plaintext: Uint8Array): MultipartPart {
  if (plaintext[0] !== multipartPrefix || plaintext[1] !== 0x6c /* l */) {
    throw malformed('it does not start with "ml"');
  }
  const hash = readString(plaintext, 2);
  const index = readString(plaintext, hash.next);
  const count = readString(plaintext, index.next);
  const chunk = readString(plaintext, count.next);
  if (chunk.next !== plaintext.length - 1 || plaintext[chunk.next] !== 0x65 /* e */) {
    throw malformed('the list does not end after four elements');
  }
  if (hash.value.length !== hashBytes) throw malformed('the final hash is not 32 bytes');
  if (index.value.length !== 1 || count.value.length !== 1) {
    throw malformed('index and count must be 1-byte strings');
  }
  const part = { finalHash: hash.value, index: index.value[0]!, count: count.value[0]!, chunk: chunk.value };
  if (part.count < 2 || part.index >= part.count) {
    throw malformed(`part ${part.index} of ${part.count} is out of range`);
  }
  if (part.chunk.length === 0 || part.chunk.length > multipartChunkBytes) {
    throw malformed(`a chunk of ${part.chunk.length} bytes`);
  }
  return part;
}

function btString(bytes: Uint8Array): Uint8Array {
  return concatBytes(utf8Encode(`${bytes.length}:`), bytes);
}

/** Splits a compressed, padded plaintext into part plaintexts (to be config-encrypted each). */
export function splitIntoParts(padded: Uint8Array): Uint8Array[] {
  const count = Math.ceil(padded.length / multipartChunkBytes);
  if (count < 2 || count > maxMultipartCount) {
    throw new RangeError(`A config of ${padded.length} bytes cannot be sent in 2–255 parts.`);
  }
  const finalHash = blake2b(padded, { dkLen: hashBytes });
  const parts: Uint8Array[] = [];
  for (let index = 0; index < count; index += 1) {
    const chunk = padded.subarray(index * multipartChunkBytes, (index + 1) * multipartChunkBytes);
    parts.push(
      concatBytes(
        utf8Encode('ml'),
        btString(finalHash),
        btString(Uint8Array.of(index)),
        btString(Uint8Array.of(count)),
        btString(chunk),
        utf8Encode('e'),
      ),
    );
  }
  return parts;
}

interface PendingSet {
  readonly count: number;
  readonly chunks: Map<number, Uint8Array>;
  bytes: number;
}

/**
 * Buffers multipart parts by final hash (bounded in parts, bytes and pending sets) and returns the
 * whole padded plaintext once every part has come and its BLAKE2b-256 matches.
 */
export class MultipartAssembler {
  private readonly pending = new Map<string, PendingSet>();

  get pendingSets(): number {
    return this.pending.size;
  }

  /** Adds a part; the whole padded plaintext when it completes a set, else undefined. */
  add(part: MultipartPart): Uint8Array | undefined {
    const key = toHex(part.finalHash);
    let set = this.pending.get(key);
    if (set === undefined) {
      set = { count: part.count, chunks: new Map(), bytes: 0 };
      if (this.pending.size >= maxPendingMultipartSets) {
        this.pending.delete(this.pending.keys().next().value!);
      }
      this.pending.set(key, set);
    }
    if (set.count !== part.count) {
      this.pending.delete(key);
      throw malformed(`parts of one set disagree on the count (${set.count}, ${part.count})`);
    }
    const previous = set.chunks.get(part.index);
    if (previous !== undefined) {
      if (!bytesEqual(previous, part.chunk)) {
        this.pending.delete(key);
        throw malformed(`part ${part.index} arrived twice with different bytes`);
      }
      return undefined;
    }
    if (set.bytes + part.chunk.length > maxMultipartTotalBytes) {
      this.pending.delete(key);
      throw new ConfigDecodeError(
        'oversized',
        'This multipart config passes the size limit; it was refused.',
      );
    }
    set.chunks.set(part.index, part.chunk.slice());
    set.bytes += part.chunk.length;
    if (set.chunks.size < set.count) return undefined;
    this.pending.delete(key);
    const ordered = Array.from({ length: set.count }, (_, index) => set.chunks.get(index)!);
    const whole = concatBytes(...ordered);
    if (!bytesEqual(blake2b(whole, { dkLen: hashBytes }), part.finalHash)) {
      throw new ConfigDecodeError(
        'hashMismatch',
        'The parts of this multipart config do not match its hash.',
      );
    }
    return whole;
  }
}
