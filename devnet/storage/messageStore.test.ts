import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8Encode } from '../../shared/protocol/bytes';
import { MessageStore, retrieveCost, type StoredMessage } from './messageStore';

const owner = `05${'ab'.repeat(32)}`;
const otherOwner = `03${'cd'.repeat(32)}`;
const now = 1_750_000_000_000;
const hour = 3_600_000;

/** A message whose hash is made of `name` (hashes are opaque to the store). */
function message(name: string, overrides: Partial<StoredMessage> = {}): StoredMessage {
  return {
    hash: name.padEnd(43, 'A'),
    owner,
    namespace: 0,
    timestamp: now,
    expiry: now + hour,
    data: utf8Encode(`data of ${name}`),
    ...overrides,
  };
}

const hashOf = (name: string): string => name.padEnd(43, 'A');

describe('MessageStore', () => {
  let directory: string;
  let file: string;
  let store: MessageStore;

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'starling-store-'));
    file = path.join(directory, 'node.sqlite');
    store = new MessageStore(file);
  });

  afterEach(() => {
    store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const hashes = (messages: readonly { hash: string }[]): string[] => messages.map((each) => each.hash);

  it('stores a message and, stored again, keeps the later expiry and says so', () => {
    expect(store.store(message('a'))).toEqual({ already: false, expiry: now + hour });
    expect(store.store(message('a', { expiry: now + 2 * hour }))).toEqual({
      already: true,
      expiry: now + 2 * hour,
    });
    expect(store.store(message('a', { expiry: now + 10_000 }))).toEqual({
      already: true,
      expiry: now + 2 * hour,
    });
    const { messages } = store.retrieve({ owner, namespace: 0, now });
    expect(messages).toEqual([message('a', { expiry: now + 2 * hour })]);
  });

  it('pages in insertion order after last_hash, from the start for an unknown hash', () => {
    for (const name of ['c', 'a', 'b']) store.store(message(name));
    store.store(message('x', { namespace: 5 }));
    store.store(message('y', { owner: otherOwner }));
    expect(hashes(store.retrieve({ owner, namespace: 0, now }).messages)).toEqual(
      ['c', 'a', 'b'].map(hashOf),
    );
    expect(hashes(store.retrieve({ owner, namespace: 0, now, lastHash: hashOf('a') }).messages)).toEqual([
      hashOf('b'),
    ]);
    expect(store.retrieve({ owner, namespace: 0, now, lastHash: hashOf('b') })).toEqual({
      messages: [],
      more: false,
    });
    // A hash of another namespace or owner is unknown here.
    expect(store.retrieve({ owner, namespace: 0, now, lastHash: hashOf('x') }).messages).toHaveLength(3);
    expect(store.retrieve({ owner, namespace: 0, now, lastHash: hashOf('nothing') }).messages).toHaveLength(
      3,
    );
  });

  it('limits a page by count and by size, returns at least one message, and reports more', () => {
    for (const name of ['a', 'b', 'c']) store.store(message(name, { data: new Uint8Array(300) }));
    expect(store.retrieve({ owner, namespace: 0, now, maxCount: 2 })).toMatchObject({ more: true });
    expect(hashes(store.retrieve({ owner, namespace: 0, now, maxCount: 2 }).messages)).toEqual(
      ['a', 'b'].map(hashOf),
    );
    expect(store.retrieve({ owner, namespace: 0, now, maxCount: 3 }).more).toBe(false);
    const cost = retrieveCost(300);
    expect(cost).toBe(500);
    expect(store.retrieve({ owner, namespace: 0, now, maxSize: 2 * cost }).messages).toHaveLength(2);
    expect(store.retrieve({ owner, namespace: 0, now, maxSize: 2 * cost - 1 }).messages).toHaveLength(1);
    const tiny = store.retrieve({ owner, namespace: 0, now, maxSize: 1 });
    expect(tiny.messages).toHaveLength(1);
    expect(tiny.more).toBe(true);
  });

  it('leaves expired messages out and sweeps them', () => {
    store.store(message('old', { expiry: now - 1 }));
    store.store(message('due', { expiry: now }));
    store.store(message('live'));
    expect(hashes(store.retrieve({ owner, namespace: 0, now }).messages)).toEqual([hashOf('live')]);
    expect(store.getExpiries(owner, [hashOf('old'), hashOf('live')], now)).toEqual(
      new Map([[hashOf('live'), now + hour]]),
    );
    expect(store.sweepExpired(now)).toBe(2);
    expect(store.sweepExpired(now)).toBe(0);
    expect(hashes(store.liveMessages(now))).toEqual([hashOf('live')]);
  });

  it('keeps only the latest message of a public outbox', () => {
    store.store(message('first', { namespace: -21 }));
    store.store(message('other', { namespace: -1 }));
    store.store(message('second', { namespace: -21 }));
    expect(hashes(store.retrieve({ owner, namespace: -21, now }).messages)).toEqual([hashOf('second')]);
    expect(hashes(store.retrieve({ owner, namespace: -1, now }).messages)).toEqual([hashOf('other')]);
  });

  it('deletes by hash (any namespace, this owner only), by namespace, everything, or before a time', () => {
    store.store(message('a'));
    store.store(message('b', { namespace: 3, timestamp: now - 5 }));
    store.store(message('c', { namespace: 3 }));
    store.store(message('d', { namespace: -10, timestamp: now - 5 }));
    store.store(message('e', { owner: otherOwner }));
    expect(store.deleteByHashes(owner, [hashOf('e'), hashOf('b'), hashOf('a'), hashOf('a')])).toEqual([
      hashOf('b'),
      hashOf('a'),
    ]);
    expect(store.deleteBefore(owner, 3, now - 5)).toEqual([]);
    store.store(message('b', { namespace: 3, timestamp: now - 5 }));
    expect(store.deleteBefore(owner, 'all', now - 5)).toEqual(
      expect.arrayContaining([
        { hash: hashOf('b'), namespace: 3 },
        { hash: hashOf('d'), namespace: -10 },
      ]),
    );
    expect(store.deleteAll(owner, 0)).toEqual([]);
    store.store(message('a'));
    expect(store.deleteAll(owner, 3)).toEqual([{ hash: hashOf('c'), namespace: 3 }]);
    expect(store.deleteAll(owner, 'all')).toEqual([{ hash: hashOf('a'), namespace: 0 }]);
    expect(hashes(store.liveMessages(now))).toEqual([hashOf('e')]);
  });

  it('sets, extends or shortens expiries of live messages only', () => {
    store.store(message('a'));
    store.store(message('b', { expiry: now + 3 * hour }));
    store.store(message('gone', { expiry: now - 1 }));
    const updates = [hashOf('a'), hashOf('b'), hashOf('gone'), hashOf('none')].map((hash) => ({
      hash,
      expiry: now + 2 * hour,
    }));
    expect(store.expire(owner, updates, 'extend', now)).toEqual([
      { hash: hashOf('a'), expiry: now + 2 * hour },
    ]);
    expect(store.expire(owner, updates, 'shorten', now)).toEqual([
      { hash: hashOf('b'), expiry: now + 2 * hour },
    ]);
    expect(store.expire(otherOwner, updates, 'set', now)).toEqual([]);
    expect(
      store.expire(
        owner,
        [
          { hash: hashOf('a'), expiry: now + hour },
          { hash: hashOf('b'), expiry: now + 4 * hour },
        ],
        'set',
        now,
      ),
    ).toEqual([
      { hash: hashOf('a'), expiry: now + hour },
      { hash: hashOf('b'), expiry: now + 4 * hour },
    ]);
  });

  it('shortens every later expiry for expire_all, never extending one', () => {
    store.store(message('a'));
    store.store(message('b', { namespace: 2, expiry: now + 3 * hour }));
    store.store(message('c', { namespace: 2, expiry: now + 10_000 }));
    expect(store.shortenAll(owner, 2, now + hour)).toEqual([{ hash: hashOf('b'), namespace: 2 }]);
    expect(store.shortenAll(owner, 'all', now + 20_000)).toEqual(
      expect.arrayContaining([
        { hash: hashOf('a'), namespace: 0 },
        { hash: hashOf('b'), namespace: 2 },
      ]),
    );
    expect(store.getExpiries(owner, ['a', 'b', 'c'].map(hashOf), now)).toEqual(
      new Map([
        [hashOf('a'), now + 20_000],
        [hashOf('b'), now + 20_000],
        [hashOf('c'), now + 10_000],
      ]),
    );
  });

  it('bulk-inserts replicated messages, ignoring duplicates and older outbox messages', () => {
    store.store(message('a'));
    store.store(message('outbox', { namespace: -1, timestamp: now }));
    const inserted = store.bulkInsert([
      message('a', { expiry: now + 5 * hour }),
      message('b', { namespace: 4 }),
      message('stale', { namespace: -1, timestamp: now - 1 }),
      message('newer', { namespace: -1, timestamp: now + 1 }),
    ]);
    expect(inserted).toBe(2);
    expect(store.getExpiries(owner, [hashOf('a')], now).get(hashOf('a'))).toBe(now + hour);
    expect(hashes(store.retrieve({ owner, namespace: -1, now }).messages)).toEqual([hashOf('newer')]);
    expect(hashes(store.retrieve({ owner, namespace: 4, now }).messages)).toEqual([hashOf('b')]);
  });

  it('keeps the 50 most recent revoked tokens of an owner', () => {
    const token = (index: number): Uint8Array => new Uint8Array(36).fill(index);
    store.revokeSubaccounts(owner, [token(1), token(2)]);
    store.revokeSubaccounts(otherOwner, [token(3)]);
    expect(store.isSubaccountRevoked(owner, token(1))).toBe(true);
    expect(store.isSubaccountRevoked(owner, token(3))).toBe(false);
    expect(store.unrevokeSubaccounts(owner, [token(2), token(3)])).toBe(1);
    expect(store.isSubaccountRevoked(owner, token(2))).toBe(false);
    // Revoking token 1 again makes it recent, so it survives 49 newer ones; token 4 does not.
    store.revokeSubaccounts(owner, [token(4), token(1)]);
    store.revokeSubaccounts(
      owner,
      Array.from({ length: 49 }, (_unused, index) => token(10 + index)),
    );
    expect(store.isSubaccountRevoked(owner, token(1))).toBe(true);
    expect(store.isSubaccountRevoked(owner, token(4))).toBe(false);
    expect(store.isSubaccountRevoked(owner, token(58))).toBe(true);
    expect(store.isSubaccountRevoked(otherOwner, token(3))).toBe(true);
  });

  it('keeps messages and revocations across a restart', () => {
    store.store(message('a', { data: Uint8Array.of(0, 1, 2, 255) }));
    store.store(message('b'));
    store.revokeSubaccounts(owner, [new Uint8Array(36).fill(9)]);
    store.close();
    store = new MessageStore(file);
    expect(store.retrieve({ owner, namespace: 0, now }).messages).toEqual([
      message('a', { data: Uint8Array.of(0, 1, 2, 255) }),
      message('b'),
    ]);
    expect(store.isSubaccountRevoked(owner, new Uint8Array(36).fill(9))).toBe(true);
    // Insertion order goes on after the restart.
    store.store(message('c'));
    expect(hashes(store.retrieve({ owner, namespace: 0, now, lastHash: hashOf('b') }).messages)).toEqual([
      hashOf('c'),
    ]);
  });
});
