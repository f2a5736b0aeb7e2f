import { describe, expect, it } from 'vitest';
import { fromHex } from '../../bytes';
import { type ConfigDict, type ConfigValue, keyFromBytes, keyFromText } from '../configValue';
import {
  pruneConversationInfo,
  readConversation,
  readConversationInfo,
  removeConversation,
  updateConversation,
} from './conversationInfoVolatile';

const k = keyFromText;
const day = 86_400_000;
const now = 1_700_000_000_000;
const alice = '05' + 'aa'.repeat(32);
const group = '03' + 'bb'.repeat(32);
const legacy = '05' + 'cc'.repeat(32);
const pubkey = new Uint8Array(32).fill(9);
const community = {
  kind: 'community',
  baseUrl: 'HTTPS://Example.org:443/x',
  room: 'SudokuRoom',
  pubkey,
} as const;

function at(data: ConfigDict, ...path: string[]): ConfigValue | undefined {
  let current: ConfigValue | undefined = data;
  for (const key of path) current = current instanceof Map ? current.get(key) : undefined;
  return current;
}

describe('conversation info volatile', () => {
  it('writes {r, u} under 33-byte keys for each kind', () => {
    const data: ConfigDict = new Map();
    updateConversation(data, { kind: 'oneToOne', sessionId: alice }, { lastReadMs: now - 5 }, now);
    updateConversation(data, { kind: 'group', groupId: group }, { unread: true }, now);
    updateConversation(
      data,
      { kind: 'legacyGroup', groupId: legacy },
      { lastReadMs: now, unread: true },
      now,
    );
    updateConversation(data, community, { lastReadMs: now - day }, now);
    expect(at(data, k('1'), keyFromBytes(fromHex(alice)))).toEqual(new Map([[k('r'), BigInt(now - 5)]]));
    expect(at(data, k('g'), keyFromBytes(fromHex(group)))).toEqual(new Map([[k('u'), 1n]]));
    expect(at(data, k('C'), keyFromBytes(fromHex(legacy)))).toEqual(
      new Map([
        [k('r'), BigInt(now)],
        [k('u'), 1n],
      ]),
    );
    expect(at(data, k('o'), k('https://example.org'), k('#'))).toEqual(pubkey);
    expect(at(data, k('o'), k('https://example.org'), k('R'), k('sudokuroom'))).toEqual(
      new Map([[k('r'), BigInt(now - day)]]),
    );
    expect(readConversationInfo(data)).toEqual([
      { kind: 'oneToOne', sessionId: alice, lastReadMs: now - 5, unread: false },
      { kind: 'group', groupId: group, lastReadMs: 0, unread: true },
      { kind: 'legacyGroup', groupId: legacy, lastReadMs: now, unread: true },
      {
        kind: 'community',
        baseUrl: 'https://example.org',
        room: 'sudokuroom',
        pubkey,
        lastReadMs: now - day,
        unread: false,
      },
    ]);
    expect(readConversation(data, { ...community, room: 'SUDOKUROOM' })?.lastReadMs).toBe(now - day);
  });

  it('PRUNE_LOW: ignores a last-read older than 30 days unless it lowers the stored one', () => {
    const data: ConfigDict = new Map();
    const ref = { kind: 'oneToOne', sessionId: alice } as const;
    updateConversation(data, ref, { lastReadMs: now - 31 * day }, now);
    expect(data.size).toBe(0);
    updateConversation(data, ref, { lastReadMs: now - 29 * day }, now);
    expect(readConversation(data, ref)?.lastReadMs).toBe(now - 29 * day);
    updateConversation(data, ref, { lastReadMs: now - 40 * day }, now);
    expect(readConversation(data, ref)?.lastReadMs).toBe(now - 40 * day);
    updateConversation(data, ref, { lastReadMs: now - 35 * day }, now);
    expect(readConversation(data, ref)?.lastReadMs).toBe(now - 40 * day);
  });

  it('PRUNE_HIGH on push removes old entries that are not marked unread', () => {
    const data: ConfigDict = new Map();
    const later = now + 45 * day;
    updateConversation(data, { kind: 'oneToOne', sessionId: alice }, { lastReadMs: now - day }, now);
    updateConversation(
      data,
      { kind: 'group', groupId: group },
      { lastReadMs: now - 2 * day, unread: true },
      now,
    );
    updateConversation(data, { kind: 'legacyGroup', groupId: legacy }, { lastReadMs: now }, now);
    updateConversation(data, community, { lastReadMs: now - day }, now);
    // At `later`, now − 1 day is 46 days old, now − 2 days is 47 (but unread), now is exactly 45 (kept).
    expect(pruneConversationInfo(data, later)).toBe(2);
    expect(readConversationInfo(data).map((entry) => entry.kind)).toEqual(['group', 'legacyGroup']);
    expect(data.has(k('1'))).toBe(false);
    expect(data.has(k('o'))).toBe(false);
    expect(pruneConversationInfo(data, later)).toBe(0);
  });

  it('keeps unknown keys in entries and at top level', () => {
    const data: ConfigDict = new Map([[k('zz'), 1n]]);
    const ref = { kind: 'oneToOne', sessionId: alice } as const;
    updateConversation(data, ref, { lastReadMs: now }, now);
    (at(data, k('1'), keyFromBytes(fromHex(alice))) as ConfigDict).set(k('x'), 7n);
    updateConversation(data, ref, { lastReadMs: now + 1, unread: false }, now);
    expect(at(data, k('1'), keyFromBytes(fromHex(alice)), k('x'))).toBe(7n);
    expect(data.get(k('zz'))).toBe(1n);
  });

  it('removes conversations and prunes empty parents', () => {
    const data: ConfigDict = new Map();
    updateConversation(data, community, { unread: true }, now);
    updateConversation(data, { kind: 'oneToOne', sessionId: alice }, { unread: true }, now);
    expect(removeConversation(data, community)).toBe(true);
    expect(data.has(k('o'))).toBe(false);
    expect(removeConversation(data, { kind: 'oneToOne', sessionId: alice })).toBe(true);
    expect(data.size).toBe(0);
    expect(removeConversation(data, community)).toBe(false);
  });

  it('refuses invalid references', () => {
    const data: ConfigDict = new Map();
    expect(() => updateConversation(data, { kind: 'group', groupId: alice }, { unread: true }, now)).toThrow(
      expect.objectContaining({ code: 'config-invalid-session-id' }),
    );
    expect(() =>
      updateConversation(data, { ...community, pubkey: new Uint8Array(31) }, { unread: true }, now),
    ).toThrow(expect.objectContaining({ code: 'config-invalid-key' }));
    expect(() => updateConversation(data, { ...community, room: 'a b' }, { unread: true }, now)).toThrow(
      expect.objectContaining({ code: 'config-invalid-room' }),
    );
    expect(() =>
      updateConversation(data, { kind: 'oneToOne', sessionId: alice }, { lastReadMs: 0.5 }, now),
    ).toThrow(expect.objectContaining({ code: 'config-invalid-integer' }));
    expect(data.size).toBe(0);
  });

  it('skips malformed entries when reading', () => {
    const data: ConfigDict = new Map<string, ConfigValue>([
      [
        k('1'),
        new Map<string, ConfigValue>([
          [k('short'), new Map([[k('r'), 5n]])],
          [keyFromBytes(fromHex(alice)), 3n],
        ]),
      ],
      [
        k('o'),
        new Map([[k('https://x.org'), new Map([[k('R'), new Map([[k('r'), new Map([[k('r'), 1n]])]])]])]]),
      ],
    ]);
    expect(readConversationInfo(data)).toEqual([]);
  });
});
