import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationRepository } from './conversationRepository';
import { openDatabase, type SqliteDatabase } from './database';
import { MessageRepository, type NewMessageRecord } from './messageRepository';
import { migrations } from './migrations';
import { type RequestLimits, RequestRepository } from './requestRepository';

const bob = `05${'b'.repeat(64)}`;
const carol = `05${'c'.repeat(64)}`;
const dave = `05${'d'.repeat(64)}`;
const key = new Uint8Array(32).fill(6);
const roomy: RequestLimits = { messages: 1_000, bytes: 1_000_000, totalBytes: 10_000_000 };

let sequence = 0;
function message(conversationId: string, body: string | null, overrides: Partial<NewMessageRecord> = {}) {
  sequence += 1;
  return {
    conversationId,
    author: conversationId,
    direction: 'incoming',
    state: null,
    sentAt: 1_700_000_000_000 + sequence,
    receivedAt: 1_700_000_100_000 + sequence,
    body,
    storageHash: `hash-${sequence}`.padEnd(43, '='),
    newConversationState: 'request',
    ...overrides,
  } satisfies NewMessageRecord;
}

/** What the counts of migration 13 must say: the messages as they are, counted afresh. */
function counted(database: SqliteDatabase): Record<string, { messages: number; bytes: number }> {
  const rows = database
    .prepare(
      `SELECT conversations.id, count(messages.id) AS messages,
         coalesce(sum(length(CAST(messages.body AS BLOB))), 0) AS bytes
       FROM conversations LEFT JOIN messages ON messages.conversation_id = conversations.id
       GROUP BY conversations.id ORDER BY conversations.id`,
    )
    .all() as { id: string; messages: number; bytes: number }[];
  return Object.fromEntries(rows.map((row) => [row.id, { messages: row.messages, bytes: row.bytes }]));
}

function kept(database: SqliteDatabase): Record<string, { messages: number; bytes: number }> {
  const rows = database
    .prepare(`SELECT id, stored_messages, stored_bytes FROM conversations ORDER BY id`)
    .all() as { id: string; stored_messages: number; stored_bytes: number }[];
  return Object.fromEntries(
    rows.map((row) => [row.id, { messages: row.stored_messages, bytes: row.stored_bytes }]),
  );
}

describe('RequestRepository limits', () => {
  let directory: string;
  let database: SqliteDatabase;
  let messages: MessageRepository;
  let conversations: ConversationRepository;
  let requests: RequestRepository;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-requests-'));
    database = openDatabase({ file: path.join(directory, 'db.sqlite'), key, migrations });
    messages = new MessageRepository(database);
    conversations = new ConversationRepository(database);
    requests = new RequestRepository(database);
  });
  afterEach(async () => {
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps what each conversation holds true through every kind of write', () => {
    // Multi-byte text counts its UTF-8 bytes, as the limits do.
    const stored = messages.insert([
      message(bob, 'hello'),
      message(bob, 'Zoë 👋'),
      message(bob, null, { control: { kind: 'requestAccepted' } }),
      message(carol, 'x'.repeat(300)),
      message(dave, 'to be declined'),
    ]);
    expect(kept(database)).toEqual(counted(database));
    expect(kept(database)[bob]).toEqual({ messages: 3, bytes: 5 + 9 });
    // A duplicate adds nothing.
    expect(messages.insert([{ ...message(bob, 'again'), storageHash: stored[0]!.storageHash }])).toEqual([]);
    messages.unsend(stored[1]!.id);
    messages.remove(stored[0]!);
    database.prepare(`UPDATE messages SET body = ? WHERE id = ?`).run('an edit, longer', stored[3]!.id);
    requests.decline([dave]);
    expect(kept(database)).toEqual(counted(database));
    expect(kept(database)[bob]).toEqual({ messages: 2, bytes: 0 });
    expect(kept(database)[carol]).toEqual({ messages: 1, bytes: 15 });
    expect(kept(database)[dave]).toBeUndefined();
    // A conversation deleted with its messages (the cascade) leaves nothing behind to miscount.
    conversations.remove(carol);
    messages.insert([message(carol, 'back again')]);
    expect(kept(database)[carol]).toEqual({ messages: 1, bytes: 10 });
    expect(kept(database)).toEqual(counted(database));
  });

  it('counts what a database made before the counts already held', async () => {
    database.close();
    const older = path.join(directory, 'older.sqlite');
    const version12 = openDatabase({ file: older, key, migrations: migrations.slice(0, 12) });
    // As that schema's code wrote them (today's repository writes the index itself, migration 14).
    const createConversation = version12.prepare(
      `INSERT INTO conversations (id, state, created_at) VALUES (?, 'request', 1)`,
    );
    const insert = version12.prepare(
      `INSERT INTO messages (conversation_id, author, sent_at, received_at, direction, body, control)
       VALUES (?, ?, ?, 2, 'incoming', ?, ?)`,
    );
    for (const id of [bob, carol, dave]) createConversation.run(id);
    insert.run(bob, bob, 1, 'one', null);
    insert.run(bob, bob, 2, 'two 😀', null);
    insert.run(carol, carol, 3, 'three', null);
    insert.run(dave, dave, 4, null, JSON.stringify({ kind: 'requestAccepted' }));
    version12.close();
    database = openDatabase({ file: older, key, migrations });
    expect(kept(database)).toEqual({
      [bob]: { messages: 2, bytes: 3 + 8 },
      [carol]: { messages: 1, bytes: 5 },
      [dave]: { messages: 1, bytes: 0 },
    });
    expect(database.prepare(`SELECT count(*) AS count FROM messages`).get()).toEqual({ count: 4 });
  });

  it('drops a request’s oldest messages beyond its bytes, and leaves one within them alone', () => {
    messages.insert([
      message(bob, 'a'.repeat(40)),
      message(bob, 'b'.repeat(40)),
      message(bob, 'c'.repeat(40)),
    ]);
    messages.insert([message(carol, 'd'.repeat(40)), message(carol, 'e'.repeat(40))]);
    const trimmed = database.transaction(() =>
      requests.enforceLimits([bob, carol], { ...roomy, bytes: 100 }),
    )();
    expect(trimmed.map((row) => row.conversationId)).toEqual([bob]);
    expect(messages.page(bob, 10).map((row) => row.body?.[0])).toEqual(['c', 'b']);
    expect(messages.page(carol, 10)).toHaveLength(2);
    expect(conversations.get(bob)).toMatchObject({ messagesNotKept: 1, unreadCount: 2 });
    expect(kept(database)).toEqual(counted(database));
  });

  it('drops the oldest messages over all requests beyond the total, never an accepted conversation’s', () => {
    conversations.ensure(dave, 'accepted', 1);
    messages.insert([message(dave, 'z'.repeat(500))]);
    messages.insert([message(bob, 'a'.repeat(30)), message(carol, 'b'.repeat(30))]);
    messages.insert([message(bob, 'c'.repeat(30)), message(carol, 'd'.repeat(30))]);
    const limits = { ...roomy, totalBytes: 100 };
    // 120 bytes in requests: the oldest goes, 90 stay.
    const trimmed = database.transaction(() => requests.enforceLimits([bob], limits))();
    expect(trimmed).toEqual([expect.objectContaining({ conversationId: bob })]);
    expect(messages.page(bob, 10).map((row) => row.body?.[0])).toEqual(['c']);
    expect(messages.page(carol, 10)).toHaveLength(2);
    expect(messages.page(dave, 10)).toHaveLength(1);
    // Within the total now: nothing more goes.
    expect(database.transaction(() => requests.enforceLimits([bob, carol], limits))()).toEqual([]);
    expect(kept(database)).toEqual(counted(database));
  });

  it('counts a request’s messages, not an accepted conversation’s', () => {
    conversations.ensure(dave, 'accepted', 1);
    messages.insert([message(dave, 'one'), message(dave, 'two'), message(dave, 'three')]);
    messages.insert([message(bob, 'one'), message(bob, 'two'), message(bob, 'three')]);
    const trimmed = database.transaction(() =>
      requests.enforceLimits([bob, dave], { ...roomy, messages: 2 }),
    )();
    expect(trimmed.map((row) => row.conversationId)).toEqual([bob]);
    expect(messages.page(bob, 10).map((row) => row.body)).toEqual(['three', 'two']);
    expect(messages.page(dave, 10)).toHaveLength(3);
  });
});
