import { describe, expect, it } from 'vitest';
import { type ConfigDict, keyFromText } from '../configValue';
import {
  addToSet,
  clampToSafeNumber,
  ensureDictPath,
  pruneEmptyDicts,
  removeFromSet,
  toConfigInteger,
  truncateUtf8,
} from './configFields';
import { readLegacyGroups } from './userGroups';
import { fromHex } from '../../bytes';
import { keyFromBytes } from '../configValue';

const k = keyFromText;

describe('config field helpers', () => {
  it('keeps sets sorted (ints first, then bytes) and unique, erasing empty ones', () => {
    const data: ConfigDict = new Map();
    addToSet(data, k('s'), new Uint8Array([2]));
    addToSet(data, k('s'), 5n);
    addToSet(data, k('s'), new Uint8Array([1, 9]));
    addToSet(data, k('s'), -3n);
    addToSet(data, k('s'), 5n);
    expect(data.get(k('s'))).toEqual([-3n, 5n, new Uint8Array([1, 9]), new Uint8Array([2])]);
    for (const member of [-3n, 5n, new Uint8Array([1, 9]), new Uint8Array([2])]) {
      removeFromSet(data, k('s'), member);
    }
    expect(data.has(k('s'))).toBe(false);
  });

  it('prunes empty dicts innermost first and stops at a non-empty one', () => {
    const data: ConfigDict = new Map();
    ensureDictPath(data, [k('a'), k('b'), k('c')]);
    (data.get(k('a')) as ConfigDict).set(k('x'), 1n);
    pruneEmptyDicts(data, [k('a'), k('b'), k('c')]);
    expect(data.get(k('a'))).toEqual(new Map([[k('x'), 1n]]));
  });

  it('never loses integer precision silently', () => {
    expect(clampToSafeNumber(1n << 62n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(clampToSafeNumber(-(1n << 62n))).toBe(Number.MIN_SAFE_INTEGER);
    expect(clampToSafeNumber(42n)).toBe(42);
    expect(() => toConfigInteger(2 ** 60, 'x')).toThrow(
      expect.objectContaining({ code: 'config-invalid-integer' }),
    );
    expect(() => toConfigInteger(1n << 63n, 'x')).toThrow(
      expect.objectContaining({ code: 'config-invalid-integer' }),
    );
    expect(toConfigInteger(-(1n << 63n), 'x')).toBe(-(1n << 63n));
  });

  it('truncates UTF-8 on code point boundaries', () => {
    expect(truncateUtf8('😀😀', 7)).toBe('😀');
    expect(truncateUtf8('abc', 3)).toBe('abc');
  });

  it('reads legacy groups: admins only in a, members in m', () => {
    const admin = '05' + '01'.repeat(32);
    const member = '05' + '02'.repeat(32);
    const group = '05' + '0f'.repeat(32);
    const entry: ConfigDict = new Map<string, bigint | Uint8Array | Uint8Array[]>([
      [k('n'), new TextEncoder().encode('Old')],
      [k('a'), [fromHex(admin)]],
      [k('m'), [fromHex(member)]],
      [k('E'), 60n],
    ]);
    const data: ConfigDict = new Map([[k('C'), new Map([[keyFromBytes(fromHex(group)), entry]])]]);
    expect(readLegacyGroups(data)[0]).toMatchObject({
      groupId: group,
      name: 'Old',
      members: [
        { sessionId: admin, admin: true },
        { sessionId: member, admin: false },
      ],
      disappearingSeconds: 60,
    });
  });
});
