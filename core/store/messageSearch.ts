// Finding messages by their words, in every conversation or one, through the FTS5 index that
// migration 11 keeps in step with the messages table. Newest first, a page at a time. The query a
// person typed never reaches FTS5 as syntax (searchText.ts), and the snippet is made here from the
// message's own text, its matches marked as data.
import type { MessageCursor, SearchPage, SearchResultView } from '../../shared/contract/views';
import type { SqliteDatabase } from './database';
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

export class MessageSearch {
  private readonly found;

  constructor(database: SqliteDatabase) {
    // Blocked and declined conversations are out of the lists, so out of the results too. One more
    // row than asked tells whether another page exists.
    this.found = database.prepare(
      `SELECT messages.id, messages.conversation_id, messages.author, messages.direction, messages.sent_at,
         messages.body
       FROM message_search
       JOIN messages ON messages.id = message_search.rowid
       JOIN conversations ON conversations.id = messages.conversation_id
       WHERE message_search MATCH :expression
         AND conversations.state IN ('accepted', 'request')
         AND (:conversationId IS NULL OR messages.conversation_id = :conversationId)
         AND (messages.sent_at, messages.id) < (:sentAt, :id)
       ORDER BY messages.sent_at DESC, messages.id DESC
       LIMIT :limit`,
    );
  }

  search(request: MessageSearchRequest): SearchPage {
    const terms = searchTerms(request.query);
    const expression = ftsExpression(terms);
    // Only punctuation or spaces: no word to look for, so nothing is found.
    if (expression === null) return { results: [], before: null };
    const cursor = request.before ?? newest;
    const rows = this.found.all({
      expression,
      conversationId: request.conversationId ?? null,
      sentAt: cursor.sentAt,
      id: cursor.id,
      limit: request.limit + 1,
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
