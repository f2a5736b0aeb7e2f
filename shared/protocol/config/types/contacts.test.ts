import { describe, expect, it } from 'vitest';
import { fromHex } from '../../bytes';
import { type ConfigDict, type ConfigValue, keyFromBytes, keyFromText } from '../configValue';
import { readContact, readContacts, removeContact, updateContact } from './contacts';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const joe = '05' + '11'.repeat(32);
const joeKey = keyFromBytes(fromHex(joe));
const k = keyFromText;

function entryOf(data: ConfigDict, key = joeKey): ConfigDict {
  const contacts = data.get(k('c'));
  if (!(contacts instanceof Map)) throw new Error('no c');
  const entry = contacts.get(key);
  if (!(entry instanceof Map)) throw new Error('no entry');
  return entry;
}

describe('contacts', () => {
  it('writes the §8.12 contact exactly', () => {
    const data: ConfigDict = new Map();
    updateContact(data, joe, {
      name: 'Joe',
      nickname: 'Joey',
      approved: true,
      approvedMe: true,
      createdSeconds: 1700000000,
    });
    expect(entryOf(data)).toEqual(
      new Map<string, unknown>([
        [k('n'), text('Joe')],
        [k('N'), text('Joey')],
        [k('a'), 1n],
        [k('A'), 1n],
        [k('j'), 1700000000n],
      ]),
    );
    expect([...(data.get(k('c')) as ConfigDict).keys()]).toEqual([joeKey]);
    expect(joeKey.length).toBe(33);
  });

  it('keeps n present (empty) so a bare contact survives', () => {
    const data: ConfigDict = new Map();
    updateContact(data, joe, { blocked: true });
    updateContact(data, joe, { blocked: false });
    expect(entryOf(data)).toEqual(new Map([[k('n'), new Uint8Array()]]));
    expect(readContact(data, joe)?.name).toBe('');
  });

  it('reads and writes every field', () => {
    const data: ConfigDict = new Map();
    const key = new Uint8Array(32).fill(7);
    updateContact(data, joe.toUpperCase().replace('0X', '0x'), {
      name: 'Joe',
      blocked: true,
      profilePicture: { url: 'http://example.org/p', key },
      priority: -1,
      notifications: 'disabled',
      mutedUntilSeconds: 1800000000,
      disappearing: { mode: 'afterRead', seconds: 3600 },
    });
    const entry = entryOf(data);
    expect(entry.get(k('p'))).toEqual(text('http://example.org/p'));
    expect(entry.get(k('q'))).toEqual(key);
    expect(entry.get(k('+'))).toBe(-1n);
    expect(entry.get(k('@'))).toBe(2n);
    expect(entry.get(k('!'))).toBe(1800000000n);
    expect(entry.get(k('e'))).toBe(2n);
    expect(entry.get(k('E'))).toBe(3600n);
    expect(readContacts(data)).toEqual([
      {
        sessionId: joe,
        name: 'Joe',
        nickname: null,
        approved: false,
        approvedMe: false,
        blocked: true,
        profilePicture: { url: 'http://example.org/p', key },
        priority: -1,
        notifications: 'disabled',
        mutedUntilSeconds: 1800000000,
        disappearing: { mode: 'afterRead', seconds: 3600 },
        createdSeconds: 0,
      },
    ]);
    updateContact(data, joe, {
      profilePicture: null,
      disappearing: null,
      priority: 0,
      notifications: 'default',
      mutedUntilSeconds: 0,
      blocked: false,
    });
    expect(entryOf(data)).toEqual(new Map([[k('n'), text('Joe')]]));
  });

  it('reads mentions-only (3) as all for a DM', () => {
    const data: ConfigDict = new Map();
    updateContact(data, joe, {});
    entryOf(data).set(k('@'), 3n);
    expect(readContact(data, joe)?.notifications).toBe('all');
  });

  it('preserves unknown keys in the entry and at top level', () => {
    const data: ConfigDict = new Map([[k('zz'), 5n]]);
    updateContact(data, joe, { name: 'Joe' });
    entryOf(data).set(k('~future'), text('kept'));
    updateContact(data, joe, { name: 'Joseph', approved: true });
    expect(entryOf(data).get(k('~future'))).toEqual(text('kept'));
    expect(data.get(k('zz'))).toBe(5n);
  });

  it('truncates names to 100 bytes on a UTF-8 boundary', () => {
    const data: ConfigDict = new Map();
    updateContact(data, joe, { name: 'a' + 'é'.repeat(60), nickname: '😀'.repeat(30) });
    const view = readContact(data, joe)!;
    expect(view.name).toBe('a' + 'é'.repeat(49));
    expect(new TextEncoder().encode(view.nickname!).length).toBe(100);
  });

  it('refuses bad IDs, keys and URLs without writing anything', () => {
    const data: ConfigDict = new Map();
    expect(() => updateContact(data, '03' + '11'.repeat(32), {})).toThrow(
      expect.objectContaining({ code: 'config-invalid-session-id' }),
    );
    expect(() => updateContact(data, '05' + '11'.repeat(31), {})).toThrow(
      expect.objectContaining({ code: 'config-invalid-session-id' }),
    );
    expect(() => updateContact(data, '05' + 'zz'.repeat(32), {})).toThrow(
      expect.objectContaining({ code: 'config-invalid-session-id' }),
    );
    expect(() => updateContact(data, joe, { profilePicture: { url: 'x', key: new Uint8Array(31) } })).toThrow(
      expect.objectContaining({ code: 'config-invalid-key' }),
    );
    expect(() =>
      updateContact(data, joe, {
        profilePicture: { url: 'x'.repeat(224), key: new Uint8Array(32) },
      }),
    ).toThrow(expect.objectContaining({ code: 'config-invalid-url' }));
    expect(() => updateContact(data, joe, { priority: 1.5 })).toThrow(
      expect.objectContaining({ code: 'config-invalid-integer' }),
    );
    expect(data.size).toBe(0);
  });

  it('skips hostile entries when reading and clamps huge ints', () => {
    const contacts: ConfigDict = new Map<string, ConfigValue>([
      [k('short'), new Map([[k('n'), text('x')]])],
      [
        joeKey,
        new Map<string, bigint | Uint8Array>([
          [k('n'), new Uint8Array([0xff, 0xfe])],
          [k('j'), 1n << 62n],
          [k('a'), text('yes')],
        ]),
      ],
      [keyFromBytes(fromHex('05' + '22'.repeat(32))), 5n],
    ]);
    const data: ConfigDict = new Map([[k('c'), contacts]]);
    const views = readContacts(data);
    expect(views).toHaveLength(1);
    expect(views[0]!.name).toBe('');
    expect(views[0]!.approved).toBe(false);
    expect(views[0]!.createdSeconds).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('removes a contact and prunes c', () => {
    const data: ConfigDict = new Map();
    updateContact(data, joe, { name: 'Joe' });
    expect(removeContact(data, joe)).toBe(true);
    expect(data.has(k('c'))).toBe(false);
    expect(removeContact(data, joe)).toBe(false);
    expect(readContact(data, joe)).toBeUndefined();
  });
});
