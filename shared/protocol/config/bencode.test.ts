import { describe, expect, it } from 'vitest';

import { BtReader, decodeBt, encodeBt, type BtValue } from './bencode';
import { ConfigFormatError } from './configFormatError';
import { keyFromText } from './configValue';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decodeText = (value: string): BtValue => decodeBt(text(value));
const encodeText = (value: BtValue): string => new TextDecoder().decode(encodeBt(value));

function expectFormatError(input: string | Uint8Array): ConfigFormatError {
  const bytes = typeof input === 'string' ? text(input) : input;
  let caught: unknown;
  try {
    decodeBt(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigFormatError);
  return caught as ConfigFormatError;
}

describe('bt decode', () => {
  it('reads ints, strings, lists and dicts', () => {
    expect(decodeText('i-42e')).toBe(-42n);
    expect(decodeText('i0e')).toBe(0n);
    expect(decodeText('i9223372036854775807e')).toBe(9223372036854775807n);
    expect(decodeText('2:hi')).toEqual(text('hi'));
    expect(decodeText('0:')).toEqual(new Uint8Array());
    expect(decodeText('li1e1:ae')).toEqual([1n, text('a')]);
    const dict = decodeText('d1:ai1e1:bli2eee');
    expect(dict).toEqual(
      new Map<string, BtValue>([
        ['a', 1n],
        ['b', [2n]],
      ]),
    );
  });

  it('rejects malformed integers', () => {
    for (const input of ['i-0e', 'i01e', 'ie', 'i-e', 'i1', 'i1x', 'i123456789012345678901e']) {
      expectFormatError(input);
    }
  });

  it('rejects malformed strings', () => {
    for (const input of ['3:ab', '01:a', ':', '5', '99999999999:a']) expectFormatError(input);
  });

  it('rejects unsorted and duplicate dict keys and non-string keys', () => {
    expect(expectFormatError('d1:bi1e1:ai2ee').reason).toMatch(/ascending/);
    expect(expectFormatError('d1:ai1e1:ai2ee').reason).toMatch(/ascending/);
    expectFormatError('di1ei2ee');
  });

  it('rejects truncated, trailing and unknown input', () => {
    for (const input of ['', 'l', 'd1:a', 'li1e', 'i1ei2e', 'x', 'e']) expectFormatError(input);
  });

  it('bounds nesting depth without a stack overflow', () => {
    const deep = 'l'.repeat(100_000) + 'e'.repeat(100_000);
    expect(expectFormatError(deep).reason).toMatch(/nesting/);
    const ok = 'l'.repeat(10) + 'e'.repeat(10);
    expect(decodeText(ok)).toBeDefined();
  });

  it('orders binary keys bytewise', () => {
    const high = String.fromCharCode(0xff);
    const value = new Map<string, BtValue>([
      [high, 1n],
      ['a', 2n],
    ]);
    const encoded = encodeBt(value);
    expect(encoded[3]).toBe(0x61);
    expect(decodeBt(encoded)).toEqual(value);
  });

  it('reports positions as it reads', () => {
    const reader = new BtReader(text('d1:#i10e1:~0:e'));
    reader.enterDict();
    expect(reader.readKey()).toBe(keyFromText('#'));
    expect(reader.readInteger()).toBe(10n);
    expect(reader.position).toBe(8);
  });
});

describe('bt encode', () => {
  it('writes canonical forms with sorted keys', () => {
    expect(encodeText(-42n)).toBe('i-42e');
    expect(encodeText(text('hi'))).toBe('2:hi');
    const value = new Map<string, BtValue>([
      ['z', [1n, text('x')]],
      ['a', new Map()],
    ]);
    expect(encodeText(value)).toBe('d1:ade1:zli1e1:xee');
  });

  it('round-trips', () => {
    const input = 'd3:barli1ei-2e0:e3:food1:xd1:yi0eeee';
    expect(encodeText(decodeText(input))).toBe(input);
  });
});
