// Generic bt ("bencode") values (protocol-config-groups.md §1): ints, byte strings, lists and dicts
// whose keys are byte strings in strictly ascending bytewise order. Used by config messages and, later,
// by groups Keys messages, so nothing here knows about configs.
//
// Dict keys are binary strings (one char per byte, see configValue.ts), so `<` on keys compares bytes.
import { ConfigFormatError } from './configFormatError';
import { keyFromBytes, keyToBytes } from './configValue';

export type BtValue = bigint | Uint8Array | readonly BtValue[] | ReadonlyMap<string, BtValue>;

/** Deeper nesting than this is refused on decode: no real config comes close (§1 data is ~3 deep). */
export const defaultMaxDepth = 64;

/** A bt int has at most 20 digits plus a sign (uint64 max); longer is refused before BigInt parses it. */
const maxIntegerDigits = 20;
/** A string length prefix of more than 10 digits cannot fit any input we accept. */
const maxLengthDigits = 10;

const charI = 0x69;
const charL = 0x6c;
const charD = 0x64;
const charE = 0x65;
const charColon = 0x3a;
const charMinus = 0x2d;
const charZero = 0x30;
const charNine = 0x39;

export type BtKind = 'integer' | 'bytes' | 'list' | 'dict' | 'end';

/**
 * A cursor over bt bytes. Callers that need byte offsets (the config message signature covers
 * "everything before `1:~`", §2) walk with it; `decodeBt` uses it for whole values.
 */
export class BtReader {
  readonly bytes: Uint8Array;
  private offset: number;
  private readonly maxDepth: number;

  constructor(bytes: Uint8Array, options: { readonly start?: number; readonly maxDepth?: number } = {}) {
    this.bytes = bytes;
    this.offset = options.start ?? 0;
    this.maxDepth = options.maxDepth ?? defaultMaxDepth;
  }

  get position(): number {
    return this.offset;
  }

  get atEnd(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** What the next value is, without consuming it; `end` is the `e` that closes a list or dict. */
  peek(): BtKind {
    const byte = this.bytes[this.offset];
    if (byte === undefined) throw this.fail('unexpected end of input');
    if (byte === charI) return 'integer';
    if (byte === charL) return 'list';
    if (byte === charD) return 'dict';
    if (byte === charE) return 'end';
    if (byte >= charZero && byte <= charNine) return 'bytes';
    throw this.fail(`unexpected byte 0x${byte.toString(16).padStart(2, '0')}`);
  }

  readInteger(): bigint {
    this.expectByte(charI, 'an integer');
    const start = this.offset;
    let negative = false;
    if (this.bytes[this.offset] === charMinus) {
      negative = true;
      this.offset += 1;
    }
    const digitsStart = this.offset;
    while (this.offset < this.bytes.length && this.isDigit(this.bytes[this.offset]!)) {
      this.offset += 1;
      if (this.offset - digitsStart > maxIntegerDigits) throw this.fail('integer too long', start);
    }
    const digitCount = this.offset - digitsStart;
    if (digitCount === 0) throw this.fail('integer without digits', start);
    if (this.bytes[digitsStart] === charZero && (digitCount > 1 || negative)) {
      throw this.fail('integer with a leading zero or negative zero', start);
    }
    const digits = this.text(digitsStart, this.offset);
    this.expectByte(charE, 'the end of an integer');
    const magnitude = BigInt(digits);
    return negative ? -magnitude : magnitude;
  }

  readBytes(): Uint8Array {
    const start = this.offset;
    while (this.offset < this.bytes.length && this.isDigit(this.bytes[this.offset]!)) {
      this.offset += 1;
      if (this.offset - start > maxLengthDigits) throw this.fail('string length too long', start);
    }
    const digitCount = this.offset - start;
    if (digitCount === 0) throw this.fail('expected a string length', start);
    if (this.bytes[start] === charZero && digitCount > 1) {
      throw this.fail('string length with a leading zero', start);
    }
    const length = Number(this.text(start, this.offset));
    this.expectByte(charColon, 'a colon after a string length');
    if (length > this.bytes.length - this.offset) throw this.fail('string runs past the end', start);
    const value = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  /** A dict key as a binary string. */
  readKey(): string {
    return keyFromBytes(this.readBytes());
  }

  enterList(): void {
    this.expectByte(charL, 'a list');
  }

  enterDict(): void {
    this.expectByte(charD, 'a dict');
  }

  /** True (and consumed) when the next byte closes the current list or dict. */
  tryLeave(): boolean {
    if (this.bytes[this.offset] === charE) {
      this.offset += 1;
      return true;
    }
    if (this.offset >= this.bytes.length) throw this.fail('unterminated list or dict');
    return false;
  }

  /** Reads one whole value; `depth` is the nesting level of the value being read. */
  readValue(depth = 0): BtValue {
    if (depth > this.maxDepth) throw this.fail(`nesting deeper than ${this.maxDepth}`);
    const kind = this.peek();
    switch (kind) {
      case 'integer':
        return this.readInteger();
      case 'bytes':
        return this.readBytes();
      case 'list': {
        this.enterList();
        const items: BtValue[] = [];
        while (!this.tryLeave()) items.push(this.readValue(depth + 1));
        return items;
      }
      case 'dict': {
        this.enterDict();
        const entries = new Map<string, BtValue>();
        let previous: string | undefined;
        while (!this.tryLeave()) {
          const keyStart = this.offset;
          if (this.peek() !== 'bytes') throw this.fail('dict key is not a string');
          const key = this.readKey();
          if (previous !== undefined && key <= previous) {
            throw this.fail('dict keys not strictly ascending', keyStart);
          }
          previous = key;
          entries.set(key, this.readValue(depth + 1));
        }
        return entries;
      }
      case 'end':
        throw this.fail('unexpected end marker');
    }
  }

  fail(reason: string, at = this.offset): ConfigFormatError {
    return new ConfigFormatError(`${reason} at byte ${at}`);
  }

  private expectByte(byte: number, what: string): void {
    if (this.bytes[this.offset] !== byte) throw this.fail(`expected ${what}`);
    this.offset += 1;
  }

  private isDigit(byte: number): boolean {
    return byte >= charZero && byte <= charNine;
  }

  private text(start: number, end: number): string {
    return keyFromBytes(this.bytes.subarray(start, end));
  }
}

/** Decodes exactly one bt value filling all of `bytes`. Throws ConfigFormatError otherwise. */
export function decodeBt(bytes: Uint8Array, maxDepth = defaultMaxDepth): BtValue {
  const reader = new BtReader(bytes, { maxDepth });
  const value = reader.readValue();
  if (!reader.atEnd) throw reader.fail('trailing bytes after the value');
  return value;
}

/** Appends bt encodings to a list of chunks; joined once at the end. */
export class BtWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  integer(value: bigint): this {
    return this.ascii(`i${value.toString()}e`);
  }

  bytes(value: Uint8Array): this {
    this.ascii(`${value.length}:`);
    return this.raw(value);
  }

  key(key: string): this {
    return this.bytes(keyToBytes(key));
  }

  startList(): this {
    return this.ascii('l');
  }

  startDict(): this {
    return this.ascii('d');
  }

  end(): this {
    return this.ascii('e');
  }

  /** Writes any value; dict keys are sorted here, so Map order does not matter. */
  value(value: BtValue): this {
    if (typeof value === 'bigint') return this.integer(value);
    if (value instanceof Uint8Array) return this.bytes(value);
    if (isBtList(value)) {
      this.startList();
      for (const item of value) this.value(item);
      return this.end();
    }
    this.startDict();
    for (const key of [...value.keys()].sort()) this.key(key).value(value.get(key)!);
    return this.end();
  }

  raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }

  finish(): Uint8Array {
    const joined = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    return joined;
  }

  private ascii(text: string): this {
    return this.raw(keyToBytes(text));
  }
}

export function encodeBt(value: BtValue): Uint8Array {
  return new BtWriter().value(value).finish();
}

export function isBtList(value: BtValue | undefined): value is readonly BtValue[] {
  return Array.isArray(value);
}

export function isBtDict(value: BtValue | undefined): value is ReadonlyMap<string, BtValue> {
  return value instanceof Map;
}
