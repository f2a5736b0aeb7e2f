// The community rooms the account joined, and what their servers said of each message (migration 9):
// the room's address and key, what pollInfo last told, how far polling came forward and back, and
// per message its server id, seqno, poster, times, exact data and signature, and the server's
// reactions. The messages themselves are ordinary rows of `messages` (design.md "Conversation kinds").
import type { SqliteDatabase } from './database';
import { indexPendingWords } from './searchIndex';

/** What pollInfo says we may do in a room, and who we are there (§6.5). */
export interface CommunityStanding {
  readonly read: boolean;
  readonly write: boolean;
  readonly upload: boolean;
  readonly moderator: boolean;
  readonly admin: boolean;
  readonly globalModerator: boolean;
  readonly globalAdmin: boolean;
}

export interface CommunityPin {
  readonly id: number;
  readonly pinnedAt: number;
  readonly pinnedBy: string;
}

export interface CommunityRecord {
  /** The conversation ID: `<canonical base URL>/<lowercase room token>`. */
  readonly id: string;
  readonly baseUrl: string;
  /** The room token as the server spells it. */
  readonly room: string;
  readonly publicKey: Uint8Array;
  readonly name: string | null;
  readonly description: string | null;
  readonly infoUpdates: number;
  readonly seqno: number;
  readonly oldestId: number | null;
  readonly historyComplete: boolean;
  readonly activeUsers: number | null;
  readonly standing: CommunityStanding | null;
  readonly pinned: readonly CommunityPin[];
  readonly joinedAt: number;
  readonly reachedAt: number | null;
  readonly failure: string | null;
}

interface CommunityRow {
  id: string;
  base_url: string;
  room: string;
  public_key: Uint8Array;
  name: string | null;
  description: string | null;
  info_updates: number;
  seqno: number;
  oldest_id: number | null;
  history_complete: number;
  active_users: number | null;
  standing: string | null;
  pinned: string | null;
  joined_at: number;
  reached_at: number | null;
  failure: string | null;
}

const toRecord = (row: CommunityRow): CommunityRecord => ({
  id: row.id,
  baseUrl: row.base_url,
  room: row.room,
  publicKey: new Uint8Array(row.public_key),
  name: row.name,
  description: row.description,
  infoUpdates: row.info_updates,
  seqno: row.seqno,
  oldestId: row.oldest_id,
  historyComplete: row.history_complete === 1,
  activeUsers: row.active_users,
  standing: row.standing === null ? null : (JSON.parse(row.standing) as CommunityStanding),
  pinned: row.pinned === null ? [] : (JSON.parse(row.pinned) as CommunityPin[]),
  joinedAt: row.joined_at,
  reachedAt: row.reached_at,
  failure: row.failure,
});

/** What the server said of one message (§6.4), as kept beside it. */
export interface CommunityPostRecord {
  readonly messageId: number;
  readonly conversationId: string;
  readonly serverId: number;
  readonly seqno: number;
  /** The poster as the server knows them: 15… blinded, or 05… on a server without blinding. */
  readonly poster: string;
  readonly postedAt: number;
  readonly editedAt: number | null;
  readonly data: Uint8Array | null;
  readonly signature: Uint8Array | null;
  readonly whisperTo: string | null;
  readonly whisperMods: boolean;
}

interface PostRow {
  message_id: number;
  conversation_id: string;
  server_id: number;
  seqno: number;
  poster: string;
  posted_at: number;
  edited_at: number | null;
  data: Uint8Array | null;
  signature: Uint8Array | null;
  whisper_to: string | null;
  whisper_mods: number;
}

const toPost = (row: PostRow): CommunityPostRecord => ({
  messageId: row.message_id,
  conversationId: row.conversation_id,
  serverId: row.server_id,
  seqno: row.seqno,
  poster: row.poster,
  postedAt: row.posted_at,
  editedAt: row.edited_at,
  data: row.data && new Uint8Array(row.data),
  signature: row.signature && new Uint8Array(row.signature),
  whisperTo: row.whisper_to,
  whisperMods: row.whisper_mods === 1,
});

/** A message's reactions as its server counts them. */
export interface CommunityReaction {
  readonly emoji: string;
  readonly count: number;
  readonly mine: boolean;
  /** The first reactors the server listed (at most as many as asked for). */
  readonly reactors: readonly string[];
}

export interface NewCommunity {
  readonly id: string;
  readonly baseUrl: string;
  readonly room: string;
  readonly publicKey: Uint8Array;
  readonly name: string | null;
  readonly joinedAt: number;
}

export interface RoomInfoChange {
  readonly infoUpdates?: number;
  readonly name?: string;
  readonly description?: string | null;
  readonly activeUsers?: number;
  readonly standing?: CommunityStanding;
  readonly pinned?: readonly CommunityPin[];
}

export class CommunityRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = {
      add: database.prepare(
        `INSERT INTO communities (id, base_url, room, public_key, name, joined_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      ),
      get: database.prepare(`SELECT * FROM communities WHERE id = ?`),
      all: database.prepare(`SELECT * FROM communities ORDER BY joined_at, id`),
      remove: database.prepare(`DELETE FROM communities WHERE id = ?`),
      setInfo: database.prepare(
        `UPDATE communities SET info_updates = coalesce(?, info_updates), name = coalesce(?, name),
           description = CASE WHEN ? THEN ? ELSE description END,
           active_users = coalesce(?, active_users), standing = coalesce(?, standing),
           pinned = coalesce(?, pinned)
         WHERE id = ?`,
      ),
      setSeqno: database.prepare(`UPDATE communities SET seqno = max(seqno, ?) WHERE id = ?`),
      setOldest: database.prepare(
        `UPDATE communities SET oldest_id = CASE WHEN oldest_id IS NULL OR ? < oldest_id THEN ? ELSE oldest_id END,
           history_complete = max(history_complete, ?) WHERE id = ?`,
      ),
      reached: database.prepare(`UPDATE communities SET reached_at = ?, failure = NULL WHERE base_url = ?`),
      roomFailure: database.prepare(`UPDATE communities SET failure = ? WHERE id = ?`),
      unreached: database.prepare(`UPDATE communities SET failure = ? WHERE base_url = ?`),
      post: database.prepare(`SELECT * FROM community_posts WHERE conversation_id = ? AND server_id = ?`),
      postOf: database.prepare(`SELECT * FROM community_posts WHERE message_id = ?`),
      addPost: database.prepare(
        `INSERT INTO community_posts (message_id, conversation_id, server_id, seqno, poster, posted_at,
           edited_at, data, signature, whisper_to, whisper_mods) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (message_id) DO UPDATE SET server_id = excluded.server_id, seqno = max(seqno, excluded.seqno),
           poster = excluded.poster, posted_at = excluded.posted_at, data = excluded.data,
           signature = excluded.signature`,
      ),
      editPost: database.prepare(
        `UPDATE community_posts SET seqno = ?, edited_at = ?, data = ?, signature = ? WHERE message_id = ?`,
      ),
      setPostSeqno: database.prepare(`UPDATE community_posts SET seqno = max(seqno, ?) WHERE message_id = ?`),
      clearReactions: database.prepare(`DELETE FROM community_reactions WHERE message_id = ?`),
      addReaction: database.prepare(
        `INSERT INTO community_reactions (message_id, emoji, position, count, mine, reactors) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      editMessage: database.prepare(
        `UPDATE messages SET body = ?, edited_at = ? WHERE id = ? AND unsent = 0`,
      ),
      setSentAt: database.prepare(`UPDATE OR IGNORE messages SET sent_at = ? WHERE id = ?`),
      editedAt: database.prepare(`SELECT edited_at AS edited FROM messages WHERE id = ?`),
      nameOf: database.prepare(`SELECT display_name AS name FROM contacts WHERE session_id = ?`),
      unlinkedOwn: database.prepare(
        `SELECT m.id FROM messages m LEFT JOIN community_posts p ON p.message_id = m.id
         WHERE m.author = ? AND m.sent_at = ? AND m.conversation_id = ? AND p.message_id IS NULL`,
      ),
      reactions: database.prepare(
        `SELECT emoji, count, mine, reactors FROM community_reactions WHERE message_id = ? ORDER BY position, emoji`,
      ),
    };
  }

  /** Joins a room; joining one already joined changes nothing. */
  add(community: NewCommunity): void {
    this.statements.add.run(
      community.id,
      community.baseUrl,
      community.room,
      community.publicKey,
      community.name,
      community.joinedAt,
    );
  }

  get(id: string): CommunityRecord | undefined {
    const row = this.statements.get.get(id) as CommunityRow | undefined;
    return row && toRecord(row);
  }

  all(): CommunityRecord[] {
    return (this.statements.all.all() as CommunityRow[]).map(toRecord);
  }

  /** Forgets a room and what its server said of its messages (the messages go with the conversation). */
  remove(id: string): void {
    this.statements.remove.run(id);
  }

  setInfo(id: string, change: RoomInfoChange): void {
    this.statements.setInfo.run(
      change.infoUpdates ?? null,
      change.name ?? null,
      change.description === undefined ? 0 : 1,
      change.description ?? null,
      change.activeUsers ?? null,
      change.standing ? JSON.stringify(change.standing) : null,
      change.pinned ? JSON.stringify(change.pinned) : null,
      id,
    );
  }

  /** Polling came forward to `seqno` (never back). */
  setSeqno(id: string, seqno: number): void {
    this.statements.setSeqno.run(seqno, id);
  }

  /** Paging back reached `oldestId`; `complete` once the server has nothing older. */
  setOldest(id: string, oldestId: number, complete: boolean): void {
    this.statements.setOldest.run(oldestId, oldestId, complete ? 1 : 0, id);
  }

  /** The server answered (at `at`), or did not (why, in words): every room of it is told. */
  setReached(baseUrl: string, at: number): void {
    this.statements.reached.run(at, baseUrl);
  }

  setUnreached(baseUrl: string, failure: string): void {
    this.statements.unreached.run(failure, baseUrl);
  }

  /** One room refused us (banned, gone) while its server answered. */
  setRoomFailure(id: string, failure: string): void {
    this.statements.roomFailure.run(failure, id);
  }

  post(conversationId: string, serverId: number): CommunityPostRecord | undefined {
    const row = this.statements.post.get(conversationId, serverId) as PostRow | undefined;
    return row && toPost(row);
  }

  postOf(messageId: number): CommunityPostRecord | undefined {
    const row = this.statements.postOf.get(messageId) as PostRow | undefined;
    return row && toPost(row);
  }

  addPost(post: Omit<CommunityPostRecord, 'editedAt'> & { readonly editedAt?: number | null }): void {
    this.statements.addPost.run(
      post.messageId,
      post.conversationId,
      post.serverId,
      post.seqno,
      post.poster,
      post.postedAt,
      post.editedAt ?? null,
      post.data,
      post.signature,
      post.whisperTo,
      post.whisperMods ? 1 : 0,
    );
  }

  /** A post's content changed (edited) or went (deleted: data and signature null). */
  editPost(
    messageId: number,
    change: {
      readonly seqno: number;
      readonly editedAt: number | null;
      readonly data: Uint8Array | null;
      readonly signature: Uint8Array | null;
    },
  ): void {
    this.statements.editPost.run(change.seqno, change.editedAt, change.data, change.signature, messageId);
  }

  setPostSeqno(messageId: number, seqno: number): void {
    this.statements.setPostSeqno.run(seqno, messageId);
  }

  /** Replaces a message's reactions with what the server now counts. */
  setReactions(messageId: number, reactions: readonly CommunityReaction[]): void {
    this.statements.clearReactions.run(messageId);
    reactions.forEach((reaction, position) =>
      this.statements.addReaction.run(
        messageId,
        reaction.emoji,
        position,
        reaction.count,
        reaction.mine ? 1 : 0,
        JSON.stringify(reaction.reactors),
      ),
    );
  }

  reactions(messageId: number): CommunityReaction[] {
    return (
      this.statements.reactions.all(messageId) as {
        emoji: string;
        count: number;
        mine: number;
        reactors: string;
      }[]
    ).map((row) => ({
      emoji: row.emoji,
      count: row.count,
      mine: row.mine === 1,
      reactors: JSON.parse(row.reactors) as string[],
    }));
  }

  /** A post was edited on its server: the message shows the new text, marked edited. */
  editMessage(messageId: number, body: string, editedAt: number): void {
    this.statements.editMessage.run(body, editedAt, messageId);
  }

  editedAt(messageId: number): number | null {
    return (this.statements.editedAt.get(messageId) as { edited: number | null } | undefined)?.edited ?? null;
  }

  /** A room's messages are timed by the server (§6.4: ⌊posted·1000⌋), ours too once it took them. */
  setMessageSentAt(messageId: number, sentAt: number): void {
    this.statements.setSentAt.run(sentAt, messageId);
  }

  /** The name a community member gave with their posts, if any. */
  nameOf(sessionId: string): string | null {
    return (this.statements.nameOf.get(sessionId) as { name: string | null } | undefined)?.name ?? null;
  }

  /** Our message in a room sent at `sentAt` that the server has not been heard to take yet. */
  unlinkedOwnMessage(ownSessionId: string, sentAt: number, conversationId: string): number | undefined {
    return (
      this.statements.unlinkedOwn.get(ownSessionId, sentAt, conversationId) as { id: number } | undefined
    )?.id;
  }

  /** Runs `work` in one transaction (a poll's whole reply is applied at once), its words indexed at its end. */
  transaction<T>(work: () => T): T {
    return this.database.transaction(() => {
      const result = work();
      indexPendingWords(this.database);
      return result;
    })();
  }
}
