import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8Encode } from '../bytes';
import { ConfigDecodeError } from './configErrors';
import {
  MultipartAssembler,
  maxPendingMultipartSets,
  multipartChunkBytes,
  parseMultipartPart,
  splitIntoParts,
} from './configMultipart';

function sample(length: number, salt = 0): Uint8Array {
  return new Uint8Array(length).map((_, index) => (index * 31 + salt) & 0xff);
}

describe('multipart config parts ([newer LS], §4)', () => {
  it('uses 76 710-byte chunks', () => {
    expect(multipartChunkBytes).toBe(76_710);
  });

  it('splits and parses parts of m-prefixed bt lists', () => {
    const whole = sample(multipartChunkBytes * 2 + 5);
    const parts = splitIntoParts(whole);
    expect(parts).toHaveLength(3);
    const first = parseMultipartPart(parts[0]!);
    expect(first.index).toBe(0);
    expect(first.count).toBe(3);
    expect(first.finalHash).toEqual(blake2b(whole, { dkLen: 32 }));
    expect(first.chunk.length).toBe(multipartChunkBytes);
    expect(parseMultipartPart(parts[2]!).chunk.length).toBe(5);
    expect(new TextDecoder('latin1').decode(parts[1]!.subarray(0, 5))).toBe('ml32:');
  });

  it('assembles parts in any order, ignores an exact duplicate, and checks the hash', () => {
    const whole = sample(multipartChunkBytes * 2 + 100);
    const parts = splitIntoParts(whole).map(parseMultipartPart);
    const assembler = new MultipartAssembler();
    expect(assembler.add(parts[2]!)).toBeUndefined();
    expect(assembler.add(parts[2]!)).toBeUndefined();
    expect(assembler.add(parts[0]!)).toBeUndefined();
    expect(assembler.pendingSets).toBe(1);
    expect(assembler.add(parts[1]!)).toEqual(whole);
    expect(assembler.pendingSets).toBe(0);
  });

  it('refuses a set whose chunks do not match the final hash', () => {
    const parts = splitIntoParts(sample(multipartChunkBytes + 10)).map(parseMultipartPart);
    const forged = { ...parts[1]!, chunk: sample(10, 1) };
    const assembler = new MultipartAssembler();
    assembler.add(parts[0]!);
    expect(() => assembler.add(forged)).toThrow(expect.objectContaining({ reason: 'hashMismatch' }));
  });

  it('refuses a conflicting duplicate and a count disagreement', () => {
    const parts = splitIntoParts(sample(multipartChunkBytes * 2 + 1)).map(parseMultipartPart);
    const assembler = new MultipartAssembler();
    assembler.add(parts[0]!);
    expect(() => assembler.add({ ...parts[0]!, chunk: sample(multipartChunkBytes, 9) })).toThrow(
      ConfigDecodeError,
    );
    assembler.add(parts[0]!);
    expect(() => assembler.add({ ...parts[1]!, count: 4 })).toThrow(ConfigDecodeError);
  });

  it('keeps a bounded number of pending sets, dropping the oldest', () => {
    const assembler = new MultipartAssembler();
    const firstParts = splitIntoParts(sample(multipartChunkBytes + 1, 0)).map(parseMultipartPart);
    assembler.add(firstParts[0]!);
    for (let salt = 1; salt <= maxPendingMultipartSets; salt += 1) {
      assembler.add(parseMultipartPart(splitIntoParts(sample(multipartChunkBytes + 1, salt))[0]!));
    }
    expect(assembler.pendingSets).toBe(maxPendingMultipartSets);
    // The first set was dropped: its last part alone does not complete it.
    expect(assembler.add(firstParts[1]!)).toBeUndefined();
  });

  it('refuses hostile parts with a malformed error', () => {
    const hash = new Uint8Array(32);
    const part = (body: string | Uint8Array): Uint8Array =>
      typeof body === 'string' ? utf8Encode(body) : body;
    const cases: Uint8Array[] = [
      part(''),
      part('m'),
      part('d1:a'),
      part('ml'),
      concatBytes(utf8Encode('ml31:'), new Uint8Array(31), utf8Encode('1:\x001:\x021:xe')),
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('1:\x001:\x011:xe')), // count 1
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('1:\x021:\x021:xe')), // index ≥ count
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('1:\x001:\x020:e')), // empty chunk
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('1:\x001:\x0299:xe')), // runs past the end
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('1:\x001:\x021:x')), // no final e
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('1:\x001:\x021:xee')), // trailing byte
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('01:\x001:\x021:xe')), // leading zero
      concatBytes(utf8Encode('ml32:'), hash, utf8Encode('99999999:')), // absurd length
    ];
    for (const bytes of cases) {
      expect(() => parseMultipartPart(bytes)).toThrow(expect.objectContaining({ reason: 'malformed' }));
    }
  });

  it('refuses to split what fits in one message or needs more than 255 parts', () => {
    expect(() => splitIntoParts(sample(100))).toThrow(RangeError);
  });
});
