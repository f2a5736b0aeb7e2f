// Finding messages by their words, in every conversation or one, through the FTS5 index that
// migration 11 keeps in step with the messages table. Newest first, a page at a time. The query a
// person typed never reaches FTS5 as syntax (searchText.ts), and the snippet is made here from the
// message's own text, its matches marked as data.
import type { MessageCursor, SearchPage, SearchResultView } from '../../shared/contract/views';
import type { SqliteDatabase } from './database';
import { indexPendingWords } from './searchIndex';
import { ftsExpression, searchTerms, snippetOf } from './searchText';

export interface MessageSearchRequest {
  readonly query: string;
  readonly conversationId?: string | undefined;
  readonly limit: number;
  readonly before?: MessageCursor | undefined;
}

interface FoundRow {
  id: number;
  conversation_id: string;
  author: string;
  direction: 'incoming' | 'outgoing';
  sent_at: number;
  body: string;
}

/** Past every real cursor: the first page starts from the newest message. */
const newest = { sentAt: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };

/**
 * Up to this many matches, they are read from the index and sorted by time; beyond, the messages are
 * read in time order and kept when they match. Sorting 84,000 matches of "the" took 200–400 ms (each
 * is a lookup in the messages table); reading in time order stops after a page of them. For a rare
 * word the other way round is faster: a few lookups instead of a walk through every message.
 */
const sortedMatchesAtMost = 1_000;

const columns = `messages.id, messages.conversation_id, messages.author, messages.direction,
  messages.sent_at, messages.body`;
/** Blocked and declined conversations are out of the lists, so out of the results too. */
const listedAndBefore = `conversations.state IN ('accepted', 'request')
  AND (messages.sent_at, messages.id) < (:sentAt, :id)`;

export class MessageSearch {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = {
      matchCount: database.prepare(
        `SELECT count(*) AS count FROM
           (SELECT 1 FROM message_search WHERE message_search MATCH :expression LIMIT :most)`,
      ),
      fewMatches: database.prepare(
        `SELECT ${columns} FROM message_search
         JOIN messages ON messages.id = message_search.rowid
         JOIN conversations ON conversations.id = messages.conversation_id
         WHERE message_search MATCH :expression AND ${listedAndBefore}
           AND (:conversationId IS NULL OR messages.conversation_id = :conversationId)
         ORDER BY messages.sent_at DESC, messages.id DESC LIMIT :limit`,
      ),
      manyMatches: database.prepare(
        `SELECT ${columns} FROM messages INDEXED BY messages_by_sent_time
         JOIN conversations ON conversations.id = messages.conversation_id
         WHERE messages.id IN (SELECT rowid FROM message_search WHERE message_search MATCH :expression)
           AND ${listedAndBefore}
         ORDER BY messages.sent_at DESC, messages.id DESC LIMIT :limit`,
      ),
      manyMatchesInConversation: database.prepare(
        `SELECT ${columns} FROM messages INDEXED BY messages_by_conversation
         JOIN conversations ON conversations.id = messages.conversation_id
         WHERE messages.conversation_id = :conversationId
           AND messages.id IN (SELECT rowid FROM message_search WHERE message_search MATCH :expression)
           AND ${listedAndBefore}
         ORDER BY messages.sent_at DESC, messages.id DESC LIMIT :limit`,
      ),
    };
  }

  search(request: MessageSearchRequest): SearchPage {
    const terms = searchTerms(request.query);
    const expression = ftsExpression(terms);
    // Only punctuation or spaces: no word to look for, so nothing is found.
    if (expression === null) return { results: [], before: null };
    // What a writer stored without indexing it yet is findable all the same.
    indexPendingWords(this.database);
    const cursor = request.before ?? newest;
    const { count } = this.statements.matchCount.get({ expression, most: sortedMatchesAtMost + 1 }) as {
      count: number;
    };
    const conversationId = request.conversationId ?? null;
    const statement =
      count <= sortedMatchesAtMost
        ? this.statements.fewMatches
        : conversationId === null
          ? this.statements.manyMatches
          : this.statements.manyMatchesInConversation;
    // One more row than asked tells whether another page exists.
    const rows = statement.all({
      expression,
      sentAt: cursor.sentAt,
      id: cursor.id,
      limit: request.limit + 1,
      ...(statement === this.statements.manyMatches ? {} : { conversationId }),
    }) as FoundRow[];
    const page = rows.slice(0, request.limit);
    const results = page.map((row): SearchResultView => ({
      messageId: row.id,
      conversationId: row.conversation_id,
      author: row.author,
      direction: row.direction,
      sentAt: row.sent_at,
      snippet: snippetOf(row.body, terms),
    }));
    const oldest = page.at(-1);
    return {
      results,
      before: rows.length > request.limit && oldest ? { sentAt: oldest.sent_at, id: oldest.id } : null,
    };
  }
}
