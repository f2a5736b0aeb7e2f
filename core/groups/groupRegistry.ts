// The groups this engine holds in memory: each database row with its Keys, Info and Members objects
// (groupObjects.ts), loaded once at start and saved, dumps and all, whenever they change.
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import type { Logger } from '../logging/logger';
import type { SwarmAuthority } from '../network/swarmAuthority';
import type { GroupRecord, GroupRepository, GroupStatus } from '../store/groupRepository';
import { groupAuthority } from './groupAuthority';
import { GroupObjects } from './groupObjects';

export interface LoadedGroup {
  record: GroupRecord;
  readonly objects: GroupObjects;
}

/** Statuses whose objects are kept: an invite waiting, or a group we are in. */
const liveStatuses: ReadonlySet<GroupStatus> = new Set(['invited', 'member']);

export class GroupRegistry {
  private readonly groups = new Map<string, LoadedGroup>();

  constructor(
    private readonly options: {
      readonly repository: GroupRepository;
      readonly keys: IdentityKeys;
      readonly compressor: ConfigCompressor;
      readonly logger: Logger;
    },
  ) {}

  /** Loads every live group; one whose saved objects cannot be read starts again from its swarm. */
  async load(): Promise<void> {
    for (const record of this.options.repository.all()) {
      if (!liveStatuses.has(record.status)) continue;
      this.groups.set(record.id, { record, objects: await this.open(record) });
    }
  }

  private async open(record: GroupRecord): Promise<GroupObjects> {
    const { keys, compressor } = this.options;
    const base = { groupId: record.id, adminSeed: record.adminSeed, ownKeys: keys, compressor };
    try {
      return await GroupObjects.open({
        ...base,
        dumps: {
          ...(record.keysDump ? { keys: record.keysDump } : {}),
          ...(record.infoDump ? { info: record.infoDump } : {}),
          ...(record.membersDump ? { members: record.membersDump } : {}),
        },
      });
    } catch {
      this.options.logger.warn(
        `the saved state of group ${abbreviateSessionId(record.id)} could not be read; it is fetched again`,
      );
      return GroupObjects.open({ ...base, dumps: {} });
    }
  }

  get(groupId: string): LoadedGroup | undefined {
    return this.groups.get(groupId);
  }

  objects(groupId: string): GroupObjects | undefined {
    return this.groups.get(groupId)?.objects;
  }

  list(): LoadedGroup[] {
    return [...this.groups.values()];
  }

  /** Groups whose swarm we poll: those we are in (an invite waits for the person, §11). */
  joined(): LoadedGroup[] {
    return this.list().filter((group) => group.record.status === 'member');
  }

  /** Adds or replaces a group, saving its row's dumps (call inside the caller's transaction). */
  put(record: GroupRecord, objects: GroupObjects): LoadedGroup {
    const loaded = { record, objects };
    this.groups.set(record.id, loaded);
    this.save(record.id);
    return this.groups.get(record.id)!;
  }

  /** Opens a group from its row (an invite just recorded). */
  async adopt(record: GroupRecord): Promise<LoadedGroup> {
    return this.put(record, await this.open(record));
  }

  /** Re-reads a group's row (its status, seed or flags changed). */
  refresh(groupId: string): GroupRecord | undefined {
    const record = this.options.repository.get(groupId);
    const loaded = this.groups.get(groupId);
    if (!record || !liveStatuses.has(record.status)) {
      this.groups.delete(groupId);
      return record;
    }
    if (loaded) loaded.record = record;
    return record;
  }

  /** Writes a group's dumps. */
  save(groupId: string): void {
    const loaded = this.groups.get(groupId);
    if (loaded) this.options.repository.setDumps(groupId, loaded.objects.dumps());
  }

  /** How we sign in a group's swarm; undefined once we are no longer in it. */
  authority(groupId: string): SwarmAuthority | undefined {
    const loaded = this.groups.get(groupId);
    if (loaded?.record.status !== 'member') return undefined;
    return groupAuthority(
      groupId,
      { adminSecretKey: loaded.objects.adminSecretKey, authData: loaded.record.authData },
      this.options.keys,
    );
  }
}
