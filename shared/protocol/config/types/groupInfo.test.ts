import { describe, expect, it } from 'vitest';
import { encodeBt } from '../bencode';
import { type ConfigDict, type ConfigValue, keyFromText } from '../configValue';
import { readGroupInfo, updateGroupInfo } from './groupInfo';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const show = (data: ConfigDict): string => new TextDecoder('latin1').decode(encodeBt(data));
const k = keyFromText;
const avatarKey = new Uint8Array(32).fill(0xab);

describe('group Info (§6.3)', () => {
  it('reads an empty config as nothing set', () => {
    expect(readGroupInfo(new Map())).toEqual({
      name: null,
      description: null,
      createdSeconds: 0,
      deleteBeforeSeconds: 0,
      deleteAttachmentsBeforeSeconds: 0,
      disappearingSeconds: 0,
      destroyed: false,
      profilePicture: null,
    });
  });

  it('writes every key of the table under its letter', () => {
    const data: ConfigDict = new Map();
    updateGroupInfo(data, {
      name: 'tomatosauce',
      description: 'Pasta',
      createdSeconds: 1_700_000_000,
      deleteBeforeSeconds: 1_700_000_100,
      deleteAttachmentsBeforeSeconds: 1_700_000_200,
      disappearingSeconds: 86_400,
      profilePicture: { url: 'http://example.org/a', key: avatarKey },
      destroyed: true,
    });
    expect(show(data)).toBe(
      'd1:!i1e1:Di1700000200e1:Ei86400e1:ci1700000000e1:di1700000100e1:n11:tomatosauce1:o5:Pasta' +
        `1:p20:http://example.org/a1:q32:${'\xab'.repeat(32)}e`,
    );
    expect(readGroupInfo(data)).toEqual({
      name: 'tomatosauce',
      description: 'Pasta',
      createdSeconds: 1_700_000_000,
      deleteBeforeSeconds: 1_700_000_100,
      deleteAttachmentsBeforeSeconds: 1_700_000_200,
      disappearingSeconds: 86_400,
      destroyed: true,
      profilePicture: { url: 'http://example.org/a', key: avatarKey },
    });
  });

  it('erases with null, "" and 0, leaving unknown keys alone', () => {
    const data: ConfigDict = new Map([[k('future'), text('kept')]]);
    updateGroupInfo(data, { name: 'x', description: 'y', disappearingSeconds: 60, createdSeconds: 5 });
    updateGroupInfo(data, { profilePicture: { url: 'http://a', key: avatarKey } });
    updateGroupInfo(data, { name: null, description: '', disappearingSeconds: 0, profilePicture: null });
    expect(show(data)).toBe('d1:ci5e6:future4:kepte');
    updateGroupInfo(data, { createdSeconds: 0 });
    expect(show(data)).toBe('d6:future4:kepte');
  });

  it('cuts the name to 100 bytes and the description to 2000 on a UTF-8 boundary', () => {
    const data: ConfigDict = new Map();
    updateGroupInfo(data, { name: 'a' + 'é'.repeat(60), description: 'b' + '€'.repeat(700) });
    const name = data.get(k('n')) as Uint8Array;
    const description = data.get(k('o')) as Uint8Array;
    expect(name.length).toBe(99);
    expect(readGroupInfo(data).name).toBe('a' + 'é'.repeat(49));
    expect(description.length).toBe(1999);
    expect(readGroupInfo(data).description).toBe('b' + '€'.repeat(666));
  });

  it('refuses bad values with typed errors and writes nothing', () => {
    const data: ConfigDict = new Map([[k('n'), text('kept')]]);
    const attempts = [
      () => updateGroupInfo(data, { name: 'a\0b' }),
      () => updateGroupInfo(data, { name: 'new', createdSeconds: -1 }),
      () => updateGroupInfo(data, { name: 'new', disappearingSeconds: 1.5 }),
      () =>
        updateGroupInfo(data, { name: 'new', profilePicture: { url: 'http://a', key: new Uint8Array(31) } }),
      () => updateGroupInfo(data, { name: 'new', profilePicture: { url: 'h'.repeat(224), key: avatarKey } }),
      () => updateGroupInfo(data, { destroyed: false as unknown as true }),
    ];
    for (const attempt of attempts)
      expect(attempt).toThrow(expect.objectContaining({ name: 'StarlingError' }));
    expect(show(data)).toBe('d1:n4:kepte');
  });

  it('reads hostile values safely: wrong types, negatives, a half avatar pair', () => {
    const data: ConfigDict = new Map<string, ConfigValue>([
      [k('!'), 0n],
      [k('E'), -5n],
      [k('c'), text('not a number')],
      [k('n'), 12n],
      [k('o'), new Uint8Array([0xff, 0xfe])],
      [k('p'), text('http://a')],
    ]);
    expect(readGroupInfo(data)).toMatchObject({
      destroyed: false,
      disappearingSeconds: 0,
      createdSeconds: 0,
      name: null,
      description: null,
      profilePicture: null,
    });
  });
});
