// What blinded DMs keep (migration "blinded DMs", protocol-messages.md §6.6): per community server
// the inbox and outbox positions read and whether it blinds; per blinded conversation the server it
// goes through; and which members' posts say they refuse such messages.
import type { SqliteDatabase } from './database';

export interface InboxPosition {
  readonly inboxSeen: number;
  readonly outboxSeen: number;
  /** The server listed `blind` among its capabilities (§6.5). */
  readonly blinds: boolean;
}

export interface BlindedContact {
  /** The 15… ID, which is also the conversation's ID. */
  readonly blindedId: string;
  readonly baseUrl: string;
  readonly serverKey: Uint8Array;
  /** Their 05… Session ID, once a message of theirs told it. */
  readonly sessionId: string | null;
  /** The room (its conversation ID) we met them in, if known. */
  readonly roomId: string | null;
}

interface ContactRow {
  blinded_id: string;
  base_url: string;
  server_key: Uint8Array;
  session_id: string | null;
  room_id: string | null;
}

const toContact = (row: ContactRow): BlindedContact => ({
  blindedId: row.blinded_id,
  baseUrl: row.base_url,
  serverKey: new Uint8Array(row.server_key),
  sessionId: row.session_id,
  roomId: row.room_id,
});

export class BlindedRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = {
      position: database.prepare(
        `SELECT inbox_seen AS inboxSeen, outbox_seen AS outboxSeen, blinds FROM community_inboxes WHERE base_url = ?`,
      ),
      setBlinds: database.prepare(
        `INSERT INTO community_inboxes (base_url, blinds) VALUES (?, ?)
         ON CONFLICT (base_url) DO UPDATE SET blinds = excluded.blinds`,
      ),
      setSeen: database.prepare(
        `INSERT INTO community_inboxes (base_url, inbox_seen, outbox_seen) VALUES (?, ?, ?)
         ON CONFLICT (base_url) DO UPDATE SET inbox_seen = max(inbox_seen, excluded.inbox_seen),
           outbox_seen = max(outbox_seen, excluded.outbox_seen)`,
      ),
      contact: database.prepare(`SELECT * FROM blinded_contacts WHERE blinded_id = ?`),
      bySessionId: database.prepare(`SELECT * FROM blinded_contacts WHERE session_id = ? ORDER BY rowid`),
      addContact: database.prepare(
        `INSERT INTO blinded_contacts (blinded_id, base_url, server_key, session_id, room_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (blinded_id) DO UPDATE SET
           session_id = coalesce(excluded.session_id, session_id),
           room_id = coalesce(room_id, excluded.room_id)`,
      ),
      roomOf: database.prepare(
        `SELECT c.id FROM communities c
         LEFT JOIN community_posts p ON p.conversation_id = c.id AND p.poster = ?
         WHERE c.base_url = ? ORDER BY p.posted_at IS NULL, p.posted_at DESC, c.joined_at LIMIT 1`,
      ),
      refuses: database.prepare(`SELECT refuses FROM community_request_refusals WHERE member = ?`),
      setRefuses: database.prepare(
        `INSERT INTO community_request_refusals (member, refuses, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (member) DO UPDATE SET refuses = excluded.refuses, updated_at = excluded.updated_at
         WHERE excluded.updated_at >= updated_at`,
      ),
    };
  }

  transaction<Result>(work: () => Result): Result {
    return this.database.transaction(work)();
  }

  position(baseUrl: string): InboxPosition {
    const row = this.statements.position.get(baseUrl) as
      { inboxSeen: number; outboxSeen: number; blinds: number } | undefined;
    return row
      ? { inboxSeen: row.inboxSeen, outboxSeen: row.outboxSeen, blinds: row.blinds === 1 }
      : { inboxSeen: 0, outboxSeen: 0, blinds: false };
  }

  setBlinds(baseUrl: string, blinds: boolean): void {
    this.statements.setBlinds.run(baseUrl, blinds ? 1 : 0);
  }

  /** Records what was read; a position never goes back. */
  setSeen(baseUrl: string, seen: { readonly inbox: number; readonly outbox: number }): void {
    this.statements.setSeen.run(baseUrl, seen.inbox, seen.outbox);
  }

  contact(blindedId: string): BlindedContact | undefined {
    const row = this.statements.contact.get(blindedId) as ContactRow | undefined;
    return row && toContact(row);
  }

  /** The blinded conversations of a Session ID, oldest first. */
  contactsOf(sessionId: string): BlindedContact[] {
    return (this.statements.bySessionId.all(sessionId) as ContactRow[]).map(toContact);
  }

  /** Keeps a blinded contact (its conversation must exist); a known Session ID or room stays. */
  addContact(contact: BlindedContact): void {
    this.statements.addContact.run(
      contact.blindedId,
      contact.baseUrl,
      contact.serverKey,
      contact.sessionId,
      contact.roomId,
    );
  }

  /** The room of a server a member last posted in, else the server's first joined room. */
  roomOf(baseUrl: string, member: string): string | null {
    return (this.statements.roomOf.get(member, baseUrl) as { id: string } | undefined)?.id ?? null;
  }

  refusesRequests(member: string): boolean {
    return (this.statements.refuses.get(member) as { refuses: number } | undefined)?.refuses === 1;
  }

  /** What a member's post said (DataMessage 106), as of its time: an older post does not undo a newer. */
  setRefusesRequests(member: string, refuses: boolean, postedAt: number): void {
    this.statements.setRefuses.run(member, refuses ? 1 : 0, postedAt);
  }
}
