// One-to-one conversations and the contacts behind them: the request state (accepted, request,
// blocked), the disappearing-messages setting, the person's mute, and what the other party told us
// of themselves.
import type { ConversationState, DisappearingSetting } from '../../shared/contract/views';
import type { SqliteDatabase } from './database';

export interface ConversationRecord {
  readonly id: string;
  readonly state: ConversationState;
  readonly displayName: string | null;
  readonly unreadCount: number;
  readonly lastMessageAt: number | null;
  readonly disappearing: DisappearingSetting;
  readonly approvedMe: boolean;
  /** When the mute ends, ms; 'forever' until unmuted; null when never muted or unmuted. */
  readonly mutedUntil: number | 'forever' | null;
  /** Messages of this request dropped over the limit of what an unaccepted sender may store. */
  readonly messagesNotKept: number;
  /** The name the account gave this person (Contacts config); shown instead of theirs. */
  readonly nickname: string | null;
  /** −1 hidden, 0 normal, > 0 pinned (higher first), as the configs spell it (§5.2). */
  readonly priority: number;
  readonly markedUnread: boolean;
  /** Changes with the person's picture once it is on this device (migration 8); null without one. */
  readonly picture: string | null;
}

/**
 * A mute "until I unmute" in muted_until: later than any real time, so that the queries for active
 * and ended mutes need no case of their own (migration 3).
 */
const mutedForever = Number.MAX_SAFE_INTEGER;

interface ConversationRow {
  id: string;
  state: ConversationState;
  display_name: string | null;
  unread_count: number;
  last_message_at: number | null;
  disappearing_mode: DisappearingSetting['mode'];
  disappearing_seconds: number;
  approved_me: number | null;
  muted_until: number | null;
  messages_not_kept: number;
  nickname: string | null;
  priority: number;
  marked_unread: number;
  picture: string | null;
}

const toRecord = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  state: row.state,
  displayName: row.display_name,
  unreadCount: row.unread_count,
  lastMessageAt: row.last_message_at,
  disappearing:
    row.disappearing_mode === 'off'
      ? { mode: 'off', seconds: 0 }
      : { mode: row.disappearing_mode, seconds: row.disappearing_seconds },
  approvedMe: row.approved_me === 1,
  mutedUntil: row.muted_until === null ? null : row.muted_until >= mutedForever ? 'forever' : row.muted_until,
  messagesNotKept: row.messages_not_kept,
  nickname: row.nickname,
  priority: row.priority,
  markedUnread: row.marked_unread === 1,
  picture: row.picture,
});

// A person's name is the one they gave themselves; a group's, the one its Info holds (migration 6).
// The picture's token is the start of its vault name, which is new for every picture.
const selectConversation = `SELECT conversations.id, conversations.state,
    coalesce(contacts.display_name, groups.name) AS display_name, unread_count, last_message_at,
    disappearing_mode, disappearing_seconds, contacts.approved_me, muted_until, messages_not_kept,
    contacts.nickname, priority, marked_unread, substr(profile_pictures.local_name, 1, 12) AS picture
  FROM conversations LEFT JOIN contacts ON contacts.session_id = conversations.id
    LEFT JOIN groups ON groups.id = conversations.id
    LEFT JOIN profile_pictures ON profile_pictures.session_id = conversations.id`;

export class ConversationRepository {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    this.statements = {
      create: database.prepare(
        `INSERT INTO conversations (id, state, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      get: database.prepare(`${selectConversation} WHERE conversations.id = ?`),
      list: database.prepare(
        `${selectConversation} WHERE conversations.state = ?
         ORDER BY max(priority, 0) DESC, coalesce(last_message_at, created_at) DESC`,
      ),
      setState: database.prepare(`UPDATE conversations SET state = ? WHERE id = ?`),
      remove: database.prepare(`DELETE FROM conversations WHERE id = ?`),
      setDisappearing: database.prepare(
        `UPDATE conversations SET disappearing_mode = ?, disappearing_seconds = ? WHERE id = ?`,
      ),
      setMutedUntil: database.prepare(`UPDATE conversations SET muted_until = ? WHERE id = ?`),
      nextMuteEnd: database.prepare(
        `SELECT min(muted_until) AS muted_until FROM conversations WHERE muted_until < ${mutedForever}`,
      ),
      endMutes: database.prepare(
        `UPDATE conversations SET muted_until = NULL WHERE muted_until <= ? RETURNING id`,
      ),
      upsertProfile: database.prepare(
        `INSERT INTO contacts (session_id, display_name, profile_updated_at) VALUES (?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET display_name = excluded.display_name,
           profile_updated_at = excluded.profile_updated_at
         WHERE excluded.profile_updated_at >= contacts.profile_updated_at`,
      ),
      setNickname: database.prepare(
        `INSERT INTO contacts (session_id, nickname) VALUES (?, ?)
         ON CONFLICT (session_id) DO UPDATE SET nickname = excluded.nickname`,
      ),
      setPriority: database.prepare(`UPDATE conversations SET priority = ? WHERE id = ?`),
      setMarkedUnread: database.prepare(`UPDATE conversations SET marked_unread = ? WHERE id = ?`),
      approveMe: database.prepare(
        `INSERT INTO contacts (session_id, approved_me) VALUES (?, 1)
         ON CONFLICT (session_id) DO UPDATE SET approved_me = 1`,
      ),
    };
  }

  /** Creates the conversation in `state` unless it exists; returns it as it now is. */
  ensure(id: string, state: ConversationState, now: number): ConversationRecord {
    this.statements.create.run(id, state, now);
    return this.get(id)!;
  }

  get(id: string): ConversationRecord | undefined {
    const row = this.statements.get.get(id) as ConversationRow | undefined;
    return row && toRecord(row);
  }

  /** The conversations in one state, the most recently active first. */
  list(state: ConversationState): ConversationRecord[] {
    return (this.statements.list.all(state) as ConversationRow[]).map(toRecord);
  }

  setState(id: string, state: ConversationState): void {
    this.statements.setState.run(state, id);
  }

  /** Removes the conversation with its messages, reactions and pending sends. */
  remove(id: string): void {
    this.statements.remove.run(id);
  }

  setDisappearing(id: string, setting: DisappearingSetting): void {
    this.statements.setDisappearing.run(setting.mode, setting.mode === 'off' ? 0 : setting.seconds, id);
  }

  /** Mutes the conversation until a time or for good (`'forever'`), or unmutes it (null). */
  setMutedUntil(id: string, until: number | 'forever' | null): void {
    this.statements.setMutedUntil.run(until === 'forever' ? mutedForever : until, id);
  }

  /** The earliest end of a timed mute, ms; null when no timed mute is stored. */
  nextMuteEnd(): number | null {
    return (this.statements.nextMuteEnd.get() as { muted_until: number | null }).muted_until;
  }

  /** Forgets the mutes ended by `now`; returns the conversations they were on. */
  endMutes(now: number): string[] {
    return (this.statements.endMutes.all(now) as { id: string }[]).map((row) => row.id);
  }

  /** A profile as a message carried it; an older message does not overwrite a newer name. */
  updateProfile(sessionId: string, displayName: string | null, updatedAt: number): void {
    this.statements.upsertProfile.run(sessionId, displayName, updatedAt);
  }

  /** The other party accepted our messages. */
  markApprovedMe(sessionId: string): void {
    this.statements.approveMe.run(sessionId);
  }

  /** The account's own name for a person; null clears it. */
  setNickname(sessionId: string, nickname: string | null): void {
    this.statements.setNickname.run(sessionId, nickname);
  }

  setPriority(id: string, priority: number): void {
    this.statements.setPriority.run(priority, id);
  }

  setMarkedUnread(id: string, markedUnread: boolean): void {
    this.statements.setMarkedUnread.run(markedUnread ? 1 : 0, id);
  }
}
