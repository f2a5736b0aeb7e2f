import { describe, expect, it } from 'vitest';
import { fromHex } from '../../bytes';
import { type ConfigDict, keyFromBytes, keyFromText } from '../configValue';
import { readCommunities, readGroup, removeCommunity, updateCommunity, updateGroup } from './userGroups';

const k = keyFromText;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const groupId = '03c50cb3ae956947a8de19135b5be2685ff348afc63fc34a837aca12bc5c1f5625';
const auth = fromHex(
  '03030000013cb83a207d36c574aefe7dc51a5d1c3ad69d17f6c8d1c9398bee1180f8770ae9baefbffda37dc88100979128c1927a93492ee965cab5551e28f254313ef060b939cf3d50dc6336bab59155753fea6450844339ec36e2048b1602d97dd97e05',
);

describe('user groups', () => {
  it('writes the §8.12 group {K:"", j, n, s} exactly', () => {
    const data: ConfigDict = new Map();
    updateGroup(data, groupId, { name: 'tomatosauce', joinedAtSeconds: 1700000000, authData: auth });
    const entry = (data.get(k('g')) as ConfigDict).get(keyFromBytes(fromHex(groupId)));
    expect(entry).toEqual(
      new Map<string, unknown>([
        [k('n'), text('tomatosauce')],
        [k('j'), 1700000000n],
        [k('s'), auth],
        [k('K'), new Uint8Array()],
      ]),
    );
    expect(readGroup(data, groupId)?.authData).toEqual(auth);
  });

  it('drops s when admin and clears K and s when kicked, keeping unknown keys', () => {
    const data: ConfigDict = new Map();
    updateGroup(data, groupId, { authData: auth });
    const entry = (data.get(k('g')) as ConfigDict).get(keyFromBytes(fromHex(groupId))) as ConfigDict;
    entry.set(k('zz'), 1n);
    updateGroup(data, groupId, { adminSeed: new Uint8Array(32).fill(1) });
    expect(entry.has(k('s'))).toBe(false);
    updateGroup(data, groupId, { removedStatus: 'kicked' });
    expect(entry.get(k('K'))).toEqual(new Uint8Array());
    expect(entry.get(k('r'))).toBe(1n);
    expect(entry.get(k('zz'))).toBe(1n);
    expect(readGroup(data, groupId)?.removedStatus).toBe('kicked');
  });

  it('refuses bad input', () => {
    const data: ConfigDict = new Map();
    expect(() => updateGroup(data, '05' + groupId.slice(2), {})).toThrow(
      expect.objectContaining({ code: 'config-invalid-session-id' }),
    );
    expect(() => updateGroup(data, groupId, { authData: new Uint8Array(99) })).toThrow(
      expect.objectContaining({ code: 'config-invalid-key' }),
    );
    expect(data.size).toBe(0);
  });

  it('stores communities under the canonical URL and lowercase room with n', () => {
    const data: ConfigDict = new Map();
    const pubkey = new Uint8Array(32).fill(3);
    updateCommunity(data, { baseUrl: 'HTTP://Example.org:80/', room: 'SudokuRoom', pubkey }, { priority: 3 });
    const community = (data.get(k('o')) as ConfigDict).get(k('http://example.org')) as ConfigDict;
    expect(community.get(k('#'))).toEqual(pubkey);
    expect((community.get(k('R')) as ConfigDict).get(k('sudokuroom'))).toEqual(
      new Map<string, unknown>([
        [k('n'), text('SudokuRoom')],
        [k('+'), 3n],
      ]),
    );
    expect(readCommunities(data)[0]).toMatchObject({
      baseUrl: 'http://example.org',
      room: 'SudokuRoom',
      priority: 3,
    });
    expect(removeCommunity(data, 'http://example.org', 'SUDOKUROOM')).toBe(true);
    expect(data.size).toBe(0);
  });
});
