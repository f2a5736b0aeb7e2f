import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationRepository } from './conversationRepository';
import { openDatabase, type SqliteDatabase } from './database';
import { MessageRepository, type NewMessageRecord } from './messageRepository';
import { MessageSearch } from './messageSearch';
import { migrations } from './migrations';

const bob = `05${'b'.repeat(64)}`;
const carol = `05${'c'.repeat(64)}`;
const key = new Uint8Array(32).fill(7);

/**
 * A database of an older schema holding Bob's messages (sent at 1, 2, …), written as that schema's
 * code wrote them: today's repository indexes the words itself (migration 14), which an older
 * schema cannot take.
 */
function olderDatabase(
  file: string,
  schema: number,
  messages: readonly { readonly body: string | null; readonly control?: string }[],
): void {
  const older = openDatabase({ file, key, migrations: migrations.slice(0, schema) });
  older.prepare(`INSERT INTO conversations (id, state, created_at) VALUES (?, 'accepted', 1)`).run(bob);
  const insert = older.prepare(
    `INSERT INTO messages (conversation_id, author, sent_at, received_at, direction, body, control)
     VALUES (?, ?, ?, 2, 'incoming', ?, ?)`,
  );
  messages.forEach((message, index) =>
    insert.run(bob, bob, index + 1, message.body, message.control ?? null),
  );
  older.close();
}

function message(
  index: number,
  body: string | null,
  overrides: Partial<NewMessageRecord> = {},
): NewMessageRecord {
  return {
    conversationId: bob,
    author: bob,
    direction: 'incoming',
    state: null,
    sentAt: 1_700_000_000_000 + index,
    receivedAt: 1_700_000_100_000 + index,
    body,
    storageHash: `hash-${index}`.padEnd(43, '='),
    newConversationState: 'accepted',
    ...overrides,
  };
}

describe('MessageSearch', () => {
  let directory: string;
  let file: string;
  let database: SqliteDatabase;
  let messages: MessageRepository;
  let search: MessageSearch;

  const open = (steps = migrations): void => {
    database = openDatabase({ file, key, migrations: steps });
    messages = new MessageRepository(database);
    // Before migration 11 there is no index to search.
    if (steps.length >= 11) search = new MessageSearch(database);
  };
  /** The bodies found, newest first. */
  const found = (query: string, conversationId?: string): (string | null)[] =>
    search
      .search({ query, limit: 50, conversationId })
      .results.map((result) => messages.byId(result.messageId)?.body ?? null);

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-search-'));
    file = path.join(directory, 'db.sqlite');
    open();
  });
  afterEach(async () => {
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('finds messages by their words whatever the case or accents, newest first, with the match marked', () => {
    messages.insert([
      message(1, 'Zoë is coming on Tuesday'),
      message(2, 'nothing here'),
      message(3, 'ZOE again', { conversationId: carol, author: carol }),
    ]);
    expect(found('zoe')).toEqual(['ZOE again', 'Zoë is coming on Tuesday']);
    expect(found('ZOË')).toEqual(['ZOE again', 'Zoë is coming on Tuesday']);
    const [first] = search.search({ query: 'tuesday', limit: 5 }).results;
    expect(first).toMatchObject({
      conversationId: bob,
      author: bob,
      direction: 'incoming',
      sentAt: 1_700_000_000_001,
    });
    expect(first!.snippet).toEqual([
      { text: 'Zoë is coming on ', match: false },
      { text: 'Tuesday', match: true },
    ]);
  });

  it('takes a word with combining marks (Devanagari, Thai) whole, not as pieces found anywhere', () => {
    messages.insert([
      message(1, 'नमस्ते दोस्त'),
      // The letters of "दोस्त" without its vowel sign and virama, as three words.
      message(2, 'द स त'),
      message(3, 'สวัสดีครับ'),
      message(4, 'ครับ'),
      // A variation selector after an emoji is no part of the next word.
      message(5, '❤️Thanks a lot'),
    ]);
    expect(found('दोस्त ')).toEqual(['नमस्ते दोस्त']);
    expect(found('नमस्')).toEqual(['नमस्ते दोस्त']);
    expect(found('ครับ ')).toEqual(['ครับ']);
    expect(found('thanks ')).toEqual(['❤️Thanks a lot']);
    expect(search.search({ query: 'दोस्त ', limit: 5 }).results[0]!.snippet).toEqual([
      { text: 'नमस्ते ', match: false },
      { text: 'दोस्त', match: true },
    ]);
  });

  it('matches the last word as a prefix while it is typed, and whole once a space follows', () => {
    messages.insert([message(1, 'hello world'), message(2, 'help wanted')]);
    expect(found('hel')).toEqual(['help wanted', 'hello world']);
    expect(found('hel ')).toEqual([]);
    expect(found('world hel')).toEqual(['hello world']);
    // Every word must be there.
    expect(found('hello wanted')).toEqual([]);
  });

  it('follows edits, unsends, deletes, expiry and deleted conversations', () => {
    const [edited, unsent, removed, expiring] = messages.insert([
      message(1, 'first draft'),
      message(2, 'secret plan'),
      message(3, 'delete me please'),
      message(4, 'vanishing words', { expiration: { mode: 'afterSend', seconds: 60 } }),
      message(5, 'carol talks', { conversationId: carol, author: carol }),
    ]);
    // A community post edited on its server (communityRepository.ts writes the body so).
    database
      .prepare(`UPDATE messages SET body = ?, edited_at = ? WHERE id = ?`)
      .run('final text', 1, edited!.id);
    expect(found('draft')).toEqual([]);
    expect(found('final')).toEqual(['final text']);

    messages.unsend(unsent!.id);
    expect(found('secret')).toEqual([]);
    messages.remove(removed!);
    expect(found('delete')).toEqual([]);
    expect(messages.removeExpired(expiring!.expiresAt!).map((gone) => gone.id)).toEqual([expiring!.id]);
    expect(found('vanishing')).toEqual([]);

    expect(found('carol')).toEqual(['carol talks']);
    new ConversationRepository(database).remove(carol);
    expect(found('carol')).toEqual([]);
    // The index still agrees with its content (FTS5's own check fails on any stale entry).
    expect(() =>
      database.exec(`INSERT INTO message_search (message_search) VALUES ('integrity-check')`),
    ).not.toThrow();
  });

  it('never finds control messages, or messages of blocked conversations', () => {
    messages.insert([
      message(1, 'renamed the group', { control: { kind: 'renamed', name: 'renamed' } }),
      message(2, 'ordinary renamed'),
      message(3, 'renamed by carol', { conversationId: carol, author: carol }),
    ]);
    new ConversationRepository(database).setState(carol, 'blocked');
    expect(found('renamed')).toEqual(['ordinary renamed']);
  });

  it('narrows to one conversation and pages with the cursor it gave', () => {
    messages.insert(
      Array.from({ length: 7 }, (_, index) =>
        message(index, `apple ${index}`, index % 2 === 0 ? {} : { conversationId: carol, author: carol }),
      ),
    );
    const first = search.search({ query: 'apple', limit: 3 });
    expect(first.results.map((result) => result.sentAt % 100)).toEqual([6, 5, 4]);
    const second = search.search({ query: 'apple', limit: 3, before: first.before! });
    expect(second.results.map((result) => result.sentAt % 100)).toEqual([3, 2, 1]);
    const last = search.search({ query: 'apple', limit: 3, before: second.before! });
    expect(last.results.map((result) => result.sentAt % 100)).toEqual([0]);
    expect(last.before).toBeNull();
    expect(found('apple', carol)).toEqual(['apple 5', 'apple 3', 'apple 1']);
  });

  it('orders and pages a common word the same way when it is read in time order', () => {
    // More matches than are sorted (1,000): the other way of reading them. Received out of time
    // order, as history paged back from a community server is.
    const count = 1_500;
    messages.insert(
      Array.from({ length: count }, (_, index) => {
        const sent = (index * 7) % count;
        return message(
          sent,
          `common ${sent}`,
          sent % 3 === 0 ? { conversationId: carol, author: carol } : {},
        );
      }),
    );
    const sentOf = (page: { results: readonly { sentAt: number }[] }) =>
      page.results.map((result) => result.sentAt - 1_700_000_000_000);
    const first = search.search({ query: 'common', limit: 4 });
    expect(sentOf(first)).toEqual([1499, 1498, 1497, 1496]);
    expect(sentOf(search.search({ query: 'common', limit: 3, before: first.before! }))).toEqual([
      1495, 1494, 1493,
    ]);
    expect(sentOf(search.search({ query: 'common', limit: 3, conversationId: carol }))).toEqual([
      1497, 1494, 1491,
    ]);
    new ConversationRepository(database).setState(carol, 'blocked');
    expect(sentOf(search.search({ query: 'common', limit: 3 }))).toEqual([1499, 1498, 1496]);
  });

  it('takes hostile queries as words: no syntax error, no operator, no column filter', () => {
    messages.insert([
      message(1, 'meet NEAR the station'),
      message(2, 'body: text and "quotes"'),
      message(3, 'plain words'),
    ]);
    for (const query of [
      '"',
      '""',
      '*',
      '-',
      '(',
      ')',
      '^',
      ':',
      "'",
      'a"b',
      'NOT',
      'AND',
      'OR',
      '\0',
      '   ',
    ]) {
      expect(() => search.search({ query, limit: 5 }), query).not.toThrow();
    }
    expect(found('NEAR(meet station)')).toEqual(['meet NEAR the station']);
    expect(found('body:text')).toEqual(['body: text and "quotes"']);
    expect(found('"quotes')).toEqual(['body: text and "quotes"']);
    expect(found('-plain')).toEqual(['plain words']);
    expect(found('words OR')).toEqual([]);
    expect(found('*')).toEqual([]);
  });

  it('indexes each message stored once, in the transaction that stores it', () => {
    /** With rank 1, FTS5 checks the index against the messages table itself: nothing missing or twice. */
    const checkAgainstMessages = (): void => {
      database.exec(`INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 1)`);
    };
    /** The messages the index holds (one size record per message indexed). */
    const indexed = (): number[] =>
      (database.prepare(`SELECT id FROM message_search_docsize ORDER BY id`).all() as { id: number }[]).map(
        (row) => row.id,
      );
    const [first, second] = messages.insert([message(1, 'plain words here'), message(2, 'more plain words')]);
    // The same messages again (by hash, or by author and sent time) are not stored, nor indexed.
    expect(
      messages.insert([message(1, 'plain words here'), { ...message(2, 'other words'), storageHash: 'x' }]),
    ).toEqual([]);
    // A batch that fails leaves neither its messages nor their words.
    expect(() =>
      messages.insert([
        message(3, 'doomed words'),
        message(4, 'broken', { newConversationState: 'unknown' as 'request', conversationId: carol }),
      ]),
    ).toThrow(/CHECK constraint/u);
    expect(found('doomed')).toEqual([]);
    expect(found('plain')).toEqual(['more plain words', 'plain words here']);
    expect(checkAgainstMessages).not.toThrow();
    // Control lines and unsent messages hold no words (a check against the table would now count
    // their rows as missing: the index leaves them out on purpose).
    const [, third] = messages.insert([
      message(5, null, { control: { kind: 'memberLeft' } }),
      message(6, 'plain again'),
    ]);
    messages.unsend(first!.id);
    expect(found('plain')).toEqual(['plain again', 'more plain words']);
    expect(indexed()).toEqual([second!.id, third!.id]);
  });

  it('indexes at the end of the transaction what was edited, unsent or deleted before it', () => {
    const checkAgainstMessages = (): void => {
      database.exec(`INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 1)`);
    };
    const [kept] = messages.insert([message(1, 'indexed already')]);
    database.transaction(() => {
      // As the receive pipeline does: messages stored one by one, the index written at the end.
      const edited = messages.insertWithin(message(2, 'first words'))!;
      const deleted = messages.insertWithin(message(3, 'gone words'))!;
      const unsent = messages.insertWithin(message(4, 'taken back'))!;
      messages.insertWithin(message(5, 'waiting words'));
      database.prepare(`UPDATE messages SET body = ? WHERE id = ?`).run('second words', edited.id);
      messages.remove(deleted);
      messages.unsend(unsent.id);
      messages.remove(kept!);
      // Found before the end too: the search indexes what waits.
      expect(found('waiting')).toEqual(['waiting words']);
      messages.insertWithin(message(6, 'last words'));
      messages.indexPendingWords();
    })();
    expect(found('words')).toEqual(['last words', 'waiting words', 'second words']);
    expect(found('first')).toEqual([]);
    expect(found('gone')).toEqual([]);
    expect(found('taken')).toEqual([]);
    expect(found('indexed')).toEqual([]);
    expect(database.prepare(`SELECT count(*) AS count FROM message_search_pending`).get()).toEqual({
      count: 0,
    });
    // Only findable messages are left (an unsent one has no body): the index is exactly theirs.
    expect(() => checkAgainstMessages()).toThrow();
    database.prepare(`DELETE FROM messages WHERE body IS NULL`).run();
    expect(() => checkAgainstMessages()).not.toThrow();
  });

  it('keeps the index of a database made before migration 14, and goes on writing to it', () => {
    database.close();
    file = path.join(directory, 'thirteen.sqlite');
    olderDatabase(file, 13, [{ body: 'older words' }, { body: 'older still' }]);
    open();
    expect(found('older')).toEqual(['older still', 'older words']);
    messages.insert([message(3, 'newer words')]);
    messages.remove(messages.byAuthorAndSentAt(bob, 2)!);
    expect(found('words')).toEqual(['newer words', 'older words']);
    expect(() =>
      database.exec(`INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 1)`),
    ).not.toThrow();
  });

  it('indexes the messages already stored when migration 11 comes', () => {
    database.close();
    file = path.join(directory, 'older.sqlite');
    olderDatabase(file, 10, [
      { body: 'written before the index' },
      { body: null, control: JSON.stringify({ kind: 'memberLeft' }) },
    ]);
    open();
    expect(found('before index')).toEqual(['written before the index']);
  });

  it('indexes again, with its marks inside words, what migration 11 had split', () => {
    database.close();
    file = path.join(directory, 'eleven.sqlite');
    olderDatabase(file, 11, [{ body: 'नमस्ते दोस्त' }, { body: 'द स त' }]);
    open();
    expect(found('दोस्त ')).toEqual(['नमस्ते दोस्त']);
    expect(() =>
      database.exec(`INSERT INTO message_search (message_search) VALUES ('integrity-check')`),
    ).not.toThrow();
    // The triggers write to the new index.
    messages.insert([message(3, 'दोस्त फिर')]);
    expect(found('फिर')).toEqual(['दोस्त फिर']);
  });
});
