// The account's groups in its UserGroups config (protocol-config-groups.md §5.4, §6.9): each group
// this device creates, joins, is removed from or leaves is written there (the admin seed `K` or the
// member's auth data `s`), so that the account's other devices join the same groups; and a group
// another device joined is joined here when UserGroups brings it.
import {
  removeGroup,
  updateGroup,
  type GroupView as UserGroupEntry,
} from '../../shared/protocol/config/types/userGroups';
import type { ConfigDict } from '../../shared/protocol/config/configValue';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import type { GroupRecord } from '../store/groupRepository';
import type { Groups, GroupsOptions } from './groups';

/** What core/groups needs of the account's configs. */
export interface AccountGroupEntries {
  entries(): UserGroupEntry[];
  edit(change: (data: ConfigDict) => void): void;
}

export class GroupAccountEntries {
  constructor(
    private readonly options: GroupsOptions & {
      readonly groups: Groups;
      readonly account: AccountGroupEntries;
    },
  ) {}

  /** Writes a group's entry as the database now has it (or removes it once we left). */
  publish(groupId: string): void {
    const record = this.options.groups.repository.get(groupId);
    const { account } = this.options;
    if (!record || record.status === 'left') {
      if (account.entries().some((entry) => entry.groupId === groupId)) {
        account.edit((data) => removeGroup(data, groupId));
      }
      return;
    }
    const wanted = entryOf(record, this.options.conversations.get(groupId)?.priority ?? 0);
    const current = account.entries().find((entry) => entry.groupId === groupId);
    if (current && sameEntry(current, wanted)) return;
    account.edit((data) =>
      updateGroup(data, groupId, {
        ...wanted,
        ...(current ? {} : { joinedAtSeconds: Math.floor(record.joinedAt / 1000) }),
      }),
    );
  }

  /** UserGroups changed on another device: groups it joined and we do not hold are joined here. */
  async merged(): Promise<void> {
    const { groups, conversations, database, now } = this.options;
    for (const entry of this.options.account.entries()) {
      const known = groups.repository.get(entry.groupId);
      const conversation = conversations.get(entry.groupId);
      if (known && conversation && conversation.priority !== entry.priority) {
        // Pinned or unpinned on another device.
        conversations.setPriority(entry.groupId, entry.priority);
        groups.changed(entry.groupId);
      }
      if (entry.removedStatus !== 'none' || known) continue;
      if (!entry.adminSeed && !entry.authData) continue;
      const record = database.transaction(() => {
        const stored = groups.repository.upsert({
          id: entry.groupId,
          status: entry.invited ? 'invited' : 'member',
          adminSeed: entry.adminSeed,
          authData: entry.authData,
          name: entry.name || null,
          joinedAt: entry.joinedAtSeconds > 0 ? entry.joinedAtSeconds * 1000 : now(),
        });
        conversations.ensure(entry.groupId, entry.invited ? 'request' : 'accepted', now());
        conversations.setPriority(entry.groupId, entry.priority);
        return stored;
      })();
      try {
        await groups.registry.adopt(record);
      } catch (error) {
        this.options.logger.warn(
          `group ${abbreviateSessionId(entry.groupId)} from another device could not be opened: ${(error as Error).message}`,
        );
        continue;
      }
      groups.startPolling(entry.groupId);
      if (record.adminSeed) groups.pushers.requested(entry.groupId);
      groups.changed(entry.groupId);
    }
  }
}

type Entry = Pick<
  UserGroupEntry,
  'name' | 'adminSeed' | 'authData' | 'invited' | 'removedStatus' | 'priority'
>;

function entryOf(record: GroupRecord, priority: number): Entry {
  const removedStatus =
    record.status === 'kicked' ? 'kicked' : record.status === 'destroyed' ? 'destroyed' : 'none';
  return {
    name: record.name ?? '',
    adminSeed: removedStatus === 'none' ? record.adminSeed : null,
    authData: removedStatus === 'none' && !record.adminSeed ? record.authData : null,
    invited: record.status === 'invited',
    removedStatus,
    priority,
  };
}

function sameBytes(left: Uint8Array | null, right: Uint8Array | null): boolean {
  if (left === null || right === null) return left === right;
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}

function sameEntry(current: UserGroupEntry, wanted: Entry): boolean {
  return (
    current.name === wanted.name &&
    sameBytes(current.adminSeed, wanted.adminSeed) &&
    sameBytes(current.authData, wanted.authData) &&
    current.invited === wanted.invited &&
    current.priority === wanted.priority &&
    current.removedStatus === wanted.removedStatus
  );
}
