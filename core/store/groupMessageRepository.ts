// The queries that deleting group messages needs (core/groups/groupDeletion.ts): a group's messages
// by swarm hash, and by author, to be unsent for everyone.
import type { SqliteDatabase } from './database';

export interface GroupMessageTarget {
  readonly id: number;
  readonly author: string;
}

/** One delete names at most this many (a hostile list is cut, not obeyed in full). */
const maximumTargets = 1_000;

export class GroupMessageRepository {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    this.statements = {
      byHash: database.prepare(
        `SELECT id, author FROM messages WHERE conversation_id = ? AND storage_hash = ? AND unsent = 0`,
      ),
      byAuthor: database.prepare(
        `SELECT id, author FROM messages WHERE conversation_id = ? AND author = ? AND unsent = 0
           AND control IS NULL LIMIT ${maximumTargets}`,
      ),
    };
  }

  byHashes(groupId: string, hashes: readonly string[]): GroupMessageTarget[] {
    return hashes
      .slice(0, maximumTargets)
      .flatMap((hash) => (this.statements.byHash.all(groupId, hash) as GroupMessageTarget[]) ?? []);
  }

  byAuthors(groupId: string, authors: readonly string[]): GroupMessageTarget[] {
    return authors
      .slice(0, maximumTargets)
      .flatMap((author) => this.statements.byAuthor.all(groupId, author) as GroupMessageTarget[]);
  }
}
