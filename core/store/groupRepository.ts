// The closed groups the account is in or was invited to (migration 6; core/groups): how we sign in
// each group's swarm and the dumps of its Keys, Info and Members objects.
import type { SqliteDatabase } from './database';

/**
 * invited: an invite from someone not yet approved, waiting for the person (not polled); member:
 * in the group; kicked: removed by an admin (§6.7); destroyed: deleted by an admin (§6.3 `!`);
 * left: we left it.
 */
export type GroupStatus = 'invited' | 'member' | 'kicked' | 'destroyed' | 'left';

export interface GroupRecord {
  readonly id: string;
  readonly status: GroupStatus;
  /** The group's 32-byte Ed25519 seed: we are an admin. */
  readonly adminSeed: Uint8Array | null;
  /** The 100-byte subaccount auth data an admin gave us (§6.6): we are a member. */
  readonly authData: Uint8Array | null;
  readonly name: string | null;
  readonly invitedBy: string | null;
  /** The invite response (§6.9) is still to be sent, once the group's keys have come. */
  readonly inviteResponseDue: boolean;
  readonly joinedAt: number;
  readonly keysDump: Uint8Array | null;
  readonly infoDump: Uint8Array | null;
  readonly membersDump: Uint8Array | null;
}

interface GroupRow {
  id: string;
  status: GroupStatus;
  admin_seed: Uint8Array | null;
  auth_data: Uint8Array | null;
  name: string | null;
  invited_by: string | null;
  invite_response_due: number;
  joined_at: number;
  keys_dump: Uint8Array | null;
  info_dump: Uint8Array | null;
  members_dump: Uint8Array | null;
}

const bytesOrNull = (value: Uint8Array | null): Uint8Array | null => (value ? new Uint8Array(value) : null);

const toRecord = (row: GroupRow): GroupRecord => ({
  id: row.id,
  status: row.status,
  adminSeed: bytesOrNull(row.admin_seed),
  authData: bytesOrNull(row.auth_data),
  name: row.name,
  invitedBy: row.invited_by,
  inviteResponseDue: row.invite_response_due === 1,
  joinedAt: row.joined_at,
  keysDump: bytesOrNull(row.keys_dump),
  infoDump: bytesOrNull(row.info_dump),
  membersDump: bytesOrNull(row.members_dump),
});

export interface GroupDumps {
  readonly keys: Uint8Array;
  readonly info: Uint8Array;
  readonly members: Uint8Array;
}

export class GroupRepository {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    this.statements = {
      get: database.prepare(`SELECT * FROM groups WHERE id = ?`),
      all: database.prepare(`SELECT * FROM groups ORDER BY joined_at, id`),
      insert: database.prepare(
        `INSERT INTO groups (id, status, admin_seed, auth_data, name, invited_by, invite_response_due, joined_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status,
           name = coalesce(groups.name, excluded.name),
           admin_seed = coalesce(excluded.admin_seed, groups.admin_seed),
           auth_data = coalesce(excluded.auth_data, groups.auth_data),
           invited_by = coalesce(groups.invited_by, excluded.invited_by),
           invite_response_due = excluded.invite_response_due`,
      ),
      setStatus: database.prepare(`UPDATE groups SET status = ? WHERE id = ?`),
      setName: database.prepare(`UPDATE groups SET name = ? WHERE id = ?`),
      setAdminSeed: database.prepare(`UPDATE groups SET admin_seed = ? WHERE id = ?`),
      setInviteResponseDue: database.prepare(`UPDATE groups SET invite_response_due = ? WHERE id = ?`),
      setDumps: database.prepare(
        `UPDATE groups SET keys_dump = ?, info_dump = ?, members_dump = ? WHERE id = ?`,
      ),
      remove: database.prepare(`DELETE FROM groups WHERE id = ?`),
    };
  }

  get(id: string): GroupRecord | undefined {
    const row = this.statements.get.get(id) as GroupRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  all(): GroupRecord[] {
    return (this.statements.all.all() as GroupRow[]).map(toRecord);
  }

  /** Records a group joined, created or invited to; a second invite keeps what the first gave. */
  upsert(group: {
    readonly id: string;
    readonly status: GroupStatus;
    readonly adminSeed?: Uint8Array | null;
    readonly authData?: Uint8Array | null;
    readonly name?: string | null;
    readonly invitedBy?: string | null;
    readonly inviteResponseDue?: boolean;
    readonly joinedAt: number;
  }): GroupRecord {
    this.statements.insert.run(
      group.id,
      group.status,
      group.adminSeed ?? null,
      group.authData ?? null,
      group.name ?? null,
      group.invitedBy ?? null,
      group.inviteResponseDue ? 1 : 0,
      group.joinedAt,
    );
    return this.get(group.id)!;
  }

  setStatus(id: string, status: GroupStatus): void {
    this.statements.setStatus.run(status, id);
  }

  setName(id: string, name: string | null): void {
    this.statements.setName.run(name, id);
  }

  /** Promoted to admin (§6.9 Promote): the seed signs from now on. */
  setAdminSeed(id: string, seed: Uint8Array): void {
    this.statements.setAdminSeed.run(seed, id);
  }

  setInviteResponseDue(id: string, due: boolean): void {
    this.statements.setInviteResponseDue.run(due ? 1 : 0, id);
  }

  setDumps(id: string, dumps: GroupDumps): void {
    this.statements.setDumps.run(dumps.keys, dumps.info, dumps.members, id);
  }

  remove(id: string): void {
    this.statements.remove.run(id);
  }
}
