// Message search over 100,000 messages in a real profile database (SQLCipher, the migrations, the
// repository's inserts): what a query costs (a common word, a rare one, a prefix being typed, two
// words, one conversation), and what keeping the index costs the inserts, measured in the same run
// with the index (migration 11) and without it (migrations 1–10).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '../core/store/database';
import { MessageRepository, type NewMessageRecord } from '../core/store/messageRepository';
import { MessageSearch } from '../core/store/messageSearch';
import { migrations } from '../core/store/migrations';
import { measure, printTable } from './measure';

const messageCount = 100_000;
const conversationCount = 200;
const batchSize = 500;
const runs = 100;

/** A vocabulary whose first words are common and later ones rare (Zipf-like), as chat text is. */
const vocabulary = [
  'the',
  'you',
  'to',
  'and',
  'is',
  'it',
  'that',
  'we',
  'for',
  'on',
  'meet',
  'tomorrow',
  'lunch',
  'hello',
  'help',
  'helmet',
  'station',
  'café',
  'Zoë',
  'train',
  'photo',
  'music',
  'weekend',
  'maybe',
  'coffee',
  'later',
  'tonight',
  'office',
  'project',
  'deadline',
  'birthday',
  'party',
  'garden',
];

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function messages(): NewMessageRecord[] {
  const random = pseudoRandom(17);
  return Array.from({ length: messageCount }, (_, index) => {
    const words = Array.from({ length: 4 + Math.floor(random() * 12) }, () => {
      // Index i is drawn with weight about 1/(i+1).
      const rank = Math.floor(Math.exp(random() * Math.log(vocabulary.length + 1))) - 1;
      return vocabulary[Math.min(rank, vocabulary.length - 1)]!;
    });
    // One message in 10,000 holds the rare word.
    if (index % 10_000 === 5_000) words.push('xylophone');
    const conversationId = `05${(index % conversationCount).toString(16).padStart(64, '0')}`;
    return {
      conversationId,
      author: conversationId,
      direction: 'incoming',
      state: null,
      sentAt: 1_700_000_000_000 + index * 1_000,
      receivedAt: 1_700_000_000_000 + index * 1_000,
      body: words.join(' '),
      storageHash: `hash-${index}`.padEnd(43, '='),
      newConversationState: 'accepted',
    };
  });
}

/** Inserts every message in batches (as polls do, one transaction each); messages per second. */
function insertAll(database: SqliteDatabase, records: readonly NewMessageRecord[]): number {
  const repository = new MessageRepository(database);
  const started = performance.now();
  for (let start = 0; start < records.length; start += batchSize) {
    repository.insert(records.slice(start, start + batchSize));
  }
  return (records.length / (performance.now() - started)) * 1000;
}

export async function searchBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-search-'));
  const key = new Uint8Array(32).fill(9);
  const records = messages();
  try {
    const plain = openDatabase({
      file: path.join(directory, 'plain.sqlite'),
      key,
      migrations: migrations.slice(0, 10),
    });
    const withoutIndex = insertAll(plain, records);
    plain.close();
    const database = openDatabase({ file: path.join(directory, 'indexed.sqlite'), key, migrations });
    const withIndex = insertAll(database, records);
    console.log(
      `\nSearch: ${messageCount.toLocaleString('en')} messages in ${conversationCount} conversations`,
    );
    console.log(
      `inserts, batches of ${batchSize}: ${Math.round(withoutIndex)} messages/s without the index, ` +
        `${Math.round(withIndex)} with it (${((1 - withIndex / withoutIndex) * 100).toFixed(0)}% slower)`,
    );
    const search = new MessageSearch(database);
    const count = (query: string): number =>
      (
        database
          .prepare(`SELECT count(*) AS n FROM message_search WHERE message_search MATCH ?`)
          .get(query) as { n: number }
      ).n;
    const oneConversation = `05${'7'.padStart(64, '0')}`;
    const rows = [
      await measure(`common word "the" (${count('"the"')} matches), first 20`, runs, () =>
        search.search({ query: 'the ', limit: 20 }),
      ),
      await measure(`word "station" (${count('"station"')} matches), first 20`, runs, () =>
        search.search({ query: 'station ', limit: 20 }),
      ),
      await measure(`rare word "xylophone" (${count('"xylophone"')} matches)`, runs, () =>
        search.search({ query: 'xylophone ', limit: 20 }),
      ),
      await measure(`prefix "hel" being typed (${count('"hel"*')} matches), first 20`, runs, () =>
        search.search({ query: 'hel', limit: 20 }),
      ),
      await measure(`prefix "h" (${count('"h"*')} matches), first 20`, runs, () =>
        search.search({ query: 'h', limit: 20 }),
      ),
      await measure(`two words "zoe caf" (${count('"zoe" "caf"*')} matches), first 20`, runs, () =>
        search.search({ query: 'zoe caf', limit: 20 }),
      ),
      await measure('"the" in one conversation, first 20', runs, () =>
        search.search({ query: 'the ', limit: 20, conversationId: oneConversation }),
      ),
    ];
    printTable('searchMessages (the engine call, snippets included)', rows);
    database.close();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
