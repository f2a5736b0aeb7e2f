import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database';
import { ConversationRepository } from './conversationRepository';
import { MessageRepository, type NewMessageRecord } from './messageRepository';
import { migrations } from './migrations';

const bob = `05${'b'.repeat(64)}`;
const carol = `05${'c'.repeat(64)}`;

function incoming(index: number, overrides: Partial<NewMessageRecord> = {}): NewMessageRecord {
  return {
    conversationId: bob,
    author: bob,
    direction: 'incoming',
    state: null,
    sentAt: 1_700_000_000_000 + index,
    receivedAt: 1_700_000_100_000 + index,
    body: `message ${index}`,
    storageHash: `hash-${index}`.padEnd(43, '='),
    newConversationState: 'request',
    ...overrides,
  };
}

describe('MessageRepository', () => {
  let directory: string;
  let database: SqliteDatabase;
  let repository: MessageRepository;
  let conversations: ConversationRepository;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-messages-'));
    database = openDatabase({
      file: path.join(directory, 'db.sqlite'),
      key: new Uint8Array(32).fill(1),
      migrations,
    });
    repository = new MessageRepository(database);
    conversations = new ConversationRepository(database);
  });
  afterEach(async () => {
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('stores a batch, opening a message request for an unknown sender', () => {
    const stored = repository.insert([incoming(1), incoming(3), incoming(2)]);
    expect(stored.map((message) => message.body)).toEqual(['message 1', 'message 3', 'message 2']);
    expect(stored[0]).toMatchObject({ conversationId: bob, author: bob, direction: 'incoming' });
    expect(conversations.get(bob)).toEqual({
      id: bob,
      state: 'request',
      displayName: null,
      unreadCount: 3,
      lastMessageAt: 1_700_000_000_003,
      disappearing: { mode: 'off', seconds: 0 },
      approvedMe: false,
      mutedUntil: null,
      messagesNotKept: 0,
      nickname: null,
      priority: 0,
      markedUnread: false,
      picture: null,
    });
  });

  it('drops a message seen before, by storage hash or by author and sent time', () => {
    repository.insert([incoming(1), incoming(2)]);
    expect(repository.insert([incoming(1), incoming(2)])).toEqual([]);
    expect(repository.insert([incoming(1, { storageHash: 'another-node-copy'.padEnd(43, '=') })])).toEqual(
      [],
    );
    expect(repository.insert([incoming(5, { storageHash: incoming(1).storageHash })])).toEqual([]);
    expect(conversations.get(bob)?.unreadCount).toBe(2);
    // The same sent time from another author is another message.
    expect(
      repository.insert([
        incoming(1, { author: carol, conversationId: carol, storageHash: 'c1'.padEnd(43, '=') }),
      ]),
    ).toHaveLength(1);
  });

  it('keeps the unread count exact through reads, reads up to a time and removals', () => {
    const stored = repository.insert(Array.from({ length: 6 }, (_unused, index) => incoming(index)));
    repository.insert([incoming(9, { direction: 'outgoing', state: 'sent', readAt: 1 })]);
    expect(conversations.get(bob)?.unreadCount).toBe(6);
    // Another device read up to the third message.
    expect(repository.markRead(bob, 5, stored[2]!.sentAt).map((message) => message.id)).toEqual(
      stored.slice(0, 3).map((message) => message.id),
    );
    expect(conversations.get(bob)?.unreadCount).toBe(3);
    // A read message and our own go without changing it; an unread one lowers it, even when the
    // caller's copy is older than the row (it was read since the caller read it).
    repository.remove(stored[0]!);
    repository.remove(repository.byAuthorAndSentAt(bob, incoming(9).sentAt)!);
    expect(conversations.get(bob)?.unreadCount).toBe(3);
    repository.remove(stored[3]!);
    expect(conversations.get(bob)?.unreadCount).toBe(2);
    repository.markRead(bob, 6, stored[4]!.sentAt);
    repository.remove(stored[4]!);
    expect(conversations.get(bob)?.unreadCount).toBe(1);
    // Reading sets the count from the messages themselves, whatever it said before.
    database.prepare(`UPDATE conversations SET unread_count = 40 WHERE id = ?`).run(bob);
    repository.markRead(bob, 7, stored[1]!.sentAt);
    expect(conversations.get(bob)?.unreadCount).toBe(1);
    repository.markRead(bob, 8);
    expect(conversations.get(bob)?.unreadCount).toBe(0);
    expect(repository.page(bob, 10)).toHaveLength(3);
  });

  it('keeps a conversation’s state once it exists', () => {
    repository.insert([incoming(1)]);
    repository.insert([incoming(2, { newConversationState: 'accepted' })]);
    expect(conversations.get(bob)?.state).toBe('request');
  });

  it('writes all of a batch or none of it', () => {
    const broken = incoming(9, {
      conversationId: carol,
      author: carol,
      storageHash: 'c9'.padEnd(43, '='),
      newConversationState: 'unknown' as 'request',
    });
    expect(() => repository.insert([incoming(1), broken])).toThrow(/CHECK constraint/u);
    expect(conversations.get(bob)).toBeUndefined();
    expect(repository.page(bob, 10)).toEqual([]);
  });

  it('pages back through history without gaps or repeats, ties broken by arrival', () => {
    const batch = Array.from({ length: 250 }, (_unused, index) =>
      incoming(index, {
        sentAt: 1_700_000_000_000 + Math.floor(index / 2),
        storageHash: `h${index}`.padEnd(43, '='),
        author: index % 2 === 0 ? bob : carol,
        conversationId: bob,
      }),
    );
    repository.insert(batch);
    const seen: number[] = [];
    let page = repository.page(bob, 100);
    while (page.length > 0) {
      seen.push(...page.map((message) => message.id));
      const oldest = page.at(-1)!;
      page = repository.page(bob, 100, { sentAt: oldest.sentAt, id: oldest.id });
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    const newest = repository.page(bob, 3);
    expect(newest.map((message) => message.sentAt)).toEqual([
      1_700_000_000_124, 1_700_000_000_124, 1_700_000_000_123,
    ]);
  });
});
