// UserGroups (namespace 5), protocol-config-groups.md §5.4: `g` groups v2 keyed by 33-byte 03 IDs,
// `o` communities keyed by canonical base URL, `C` legacy groups (read-only, never rewritten).
import { toHex } from '../../bytes';
import type { ConfigDict } from '../configValue';
import { keyFromText } from '../configValue';
import {
  configTypeError,
  dictEntries,
  ensureDict,
  ensureDictPath,
  field,
  getBytes,
  getDict,
  getFlag,
  getInteger,
  getNumberOrZero,
  getText,
  keyToSessionId,
  pruneEmptyDicts,
  requireLength,
  sessionIdToKey,
  setFlag,
  setNonemptyText,
  setPositiveInteger,
  truncateUtf8,
  keyTextOrUndefined,
} from './configFields';
import { canonicalCommunityBaseUrl, canonicalRoomToken, checkedRoomName } from './communityUrl';
import {
  type NotificationSetting,
  nameMaxBytes,
  readMutedUntilSeconds,
  readNotifications,
  readPriority,
  writeMutedUntilSeconds,
  writeNotifications,
  writePriority,
} from './sharedFields';

export interface GroupCommonView {
  readonly notifications: NotificationSetting;
  readonly mutedUntilSeconds: number;
  readonly priority: number;
  readonly invited: boolean;
  readonly joinedAtSeconds: number;
}

export type RemovedStatus = 'none' | 'kicked' | 'destroyed';

export interface GroupView extends GroupCommonView {
  readonly groupId: string;
  readonly name: string;
  /** `K`: the 32-byte group seed when admin, else null (stored as ""). */
  readonly adminSeed: Uint8Array | null;
  /** `s`: 100-byte subaccount auth data (§6.6), only for non-admins. */
  readonly authData: Uint8Array | null;
  readonly removedStatus: RemovedStatus;
}

export type GroupChange = Partial<Omit<GroupView, 'groupId'>>;

const commonKeys = {
  invited: field('i'),
  joined: field('j'),
  name: field('n'),
};
const groupsKey = field('g');
const seedKey = field('K');
const authKey = field('s');
const removedKey = field('r');
const communitiesKey = field('o');
const pubkeyKey = field('#');
const roomsKey = field('R');
const legacyKey = field('C');

function readCommon(entry: ConfigDict): GroupCommonView {
  return {
    notifications: readNotifications(entry),
    mutedUntilSeconds: readMutedUntilSeconds(entry),
    priority: readPriority(entry),
    invited: getFlag(entry, commonKeys.invited),
    joinedAtSeconds: Math.max(0, getNumberOrZero(entry, commonKeys.joined)),
  };
}

function writeCommon(entry: ConfigDict, change: Partial<GroupCommonView>): void {
  if (change.notifications !== undefined) writeNotifications(entry, change.notifications);
  if (change.mutedUntilSeconds !== undefined) writeMutedUntilSeconds(entry, change.mutedUntilSeconds);
  if (change.priority !== undefined) writePriority(entry, change.priority);
  if (change.invited !== undefined) setFlag(entry, commonKeys.invited, change.invited);
  if (change.joinedAtSeconds !== undefined) {
    setPositiveInteger(entry, commonKeys.joined, change.joinedAtSeconds, 'A join time');
  }
}

function readGroupEntry(groupId: string, entry: ConfigDict): GroupView {
  const seed = getBytes(entry, seedKey);
  const auth = getBytes(entry, authKey);
  const removed = getInteger(entry, removedKey);
  return {
    groupId,
    name: getText(entry, commonKeys.name) ?? '',
    adminSeed: seed?.length === 32 ? new Uint8Array(seed) : null,
    authData: auth?.length === 100 ? new Uint8Array(auth) : null,
    removedStatus: removed === 1n ? 'kicked' : removed === 2n ? 'destroyed' : 'none',
    ...readCommon(entry),
  };
}

export function readGroups(data: ConfigDict): GroupView[] {
  const views: GroupView[] = [];
  for (const [key, entry] of dictEntries(getDict(data, groupsKey))) {
    const groupId = keyToSessionId(key, '03');
    if (groupId !== undefined) views.push(readGroupEntry(groupId, entry));
  }
  return views.sort((left, right) => (left.groupId < right.groupId ? -1 : 1));
}

export function readGroup(data: ConfigDict, groupId: string): GroupView | undefined {
  const entry = getDict(getDict(data, groupsKey) ?? new Map(), sessionIdToKey(groupId, '03', 'A group ID'));
  return entry === undefined ? undefined : readGroupEntry(groupId.toLowerCase(), entry);
}

/**
 * Creates or changes a group. `K` is always present ("" for non-admins); `s` is kept only while
 * `K` is empty; a kicked or destroyed status clears both (§5.4). Unknown keys are kept.
 */
export function updateGroup(data: ConfigDict, groupId: string, change: GroupChange): void {
  const key = sessionIdToKey(groupId, '03', 'A group ID');
  if (change.adminSeed) requireLength(change.adminSeed, 32, 'A group seed');
  if (change.authData) requireLength(change.authData, 100, 'Subaccount auth data');
  const status = change.removedStatus;
  if (status !== undefined && !['none', 'kicked', 'destroyed'].includes(status)) {
    throw configTypeError('config-invalid-value', `Unknown removed status ${status}.`);
  }
  writeCommon(new Map(), change); // validates before the first write
  const entry = ensureDict(ensureDict(data, groupsKey), key);
  if (change.name !== undefined) {
    setNonemptyText(entry, commonKeys.name, truncateUtf8(change.name, nameMaxBytes));
  }
  if (change.adminSeed !== undefined) {
    entry.set(seedKey, change.adminSeed === null ? new Uint8Array() : new Uint8Array(change.adminSeed));
  }
  if (change.authData !== undefined) {
    if (change.authData === null) entry.delete(authKey);
    else entry.set(authKey, new Uint8Array(change.authData));
  }
  if (status !== undefined) {
    setPositiveInteger(
      entry,
      removedKey,
      status === 'kicked' ? 1 : status === 'destroyed' ? 2 : 0,
      'A status',
    );
  }
  writeCommon(entry, change);
  const removed = getInteger(entry, removedKey);
  if (removed === 1n || removed === 2n) {
    entry.set(seedKey, new Uint8Array());
    entry.delete(authKey);
  }
  if (getBytes(entry, seedKey) === undefined) entry.set(seedKey, new Uint8Array());
  if (getBytes(entry, seedKey)!.length > 0) entry.delete(authKey);
}

export function removeGroup(data: ConfigDict, groupId: string): boolean {
  const key = sessionIdToKey(groupId, '03', 'A group ID');
  const existed = getDict(data, groupsKey)?.delete(key) ?? false;
  pruneEmptyDicts(data, [groupsKey]);
  return existed;
}

export interface CommunityView extends GroupCommonView {
  readonly baseUrl: string;
  /** The room with its original capitalisation (`n`). */
  readonly room: string;
  readonly pubkey: Uint8Array;
}

export interface CommunityRef {
  readonly baseUrl: string;
  readonly room: string;
  readonly pubkey: Uint8Array;
}

export function readCommunities(data: ConfigDict): CommunityView[] {
  const views: CommunityView[] = [];
  for (const [urlKey, community] of dictEntries(getDict(data, communitiesKey))) {
    const baseUrl = keyTextOrUndefined(urlKey);
    const pubkey = getBytes(community, pubkeyKey);
    if (baseUrl === undefined || pubkey?.length !== 32) continue;
    for (const [roomKey, entry] of dictEntries(getDict(community, roomsKey))) {
      const room = getText(entry, commonKeys.name) ?? keyTextOrUndefined(roomKey);
      if (room === undefined) continue;
      views.push({ baseUrl, room, pubkey: new Uint8Array(pubkey), ...readCommon(entry) });
    }
  }
  return views;
}

/** Creates or changes a community room entry: `#` pubkey, `n` = room as given (always set). */
export function updateCommunity(
  data: ConfigDict,
  community: CommunityRef,
  change: Partial<GroupCommonView>,
): void {
  const baseUrl = canonicalCommunityBaseUrl(community.baseUrl);
  const room = checkedRoomName(community.room);
  requireLength(community.pubkey, 32, 'A community pubkey');
  writeCommon(new Map(), change);
  const urlKey = keyFromText(baseUrl);
  ensureDictPath(data, [communitiesKey, urlKey]).set(pubkeyKey, new Uint8Array(community.pubkey));
  const entry = ensureDictPath(data, [
    communitiesKey,
    urlKey,
    roomsKey,
    keyFromText(canonicalRoomToken(room)),
  ]);
  setNonemptyText(entry, commonKeys.name, room);
  writeCommon(entry, change);
}

export function removeCommunity(data: ConfigDict, baseUrl: string, room: string): boolean {
  const urlKey = keyFromText(canonicalCommunityBaseUrl(baseUrl));
  const rooms = getDict(getDict(getDict(data, communitiesKey) ?? new Map(), urlKey) ?? new Map(), roomsKey);
  const existed = rooms?.delete(keyFromText(canonicalRoomToken(room))) ?? false;
  pruneEmptyDicts(data, [communitiesKey, urlKey, roomsKey]);
  const entry = getDict(getDict(data, communitiesKey) ?? new Map(), urlKey);
  if (entry !== undefined && getDict(entry, roomsKey) === undefined) {
    getDict(data, communitiesKey)!.delete(urlKey);
    pruneEmptyDicts(data, [communitiesKey]);
  }
  return existed;
}

export interface LegacyGroupView extends GroupCommonView {
  readonly groupId: string;
  readonly name: string;
  readonly members: readonly { readonly sessionId: string; readonly admin: boolean }[];
  readonly disappearingSeconds: number;
}

/** `C` legacy groups, read-only (§5.4): no writer exists, so their entries are never changed. */
export function readLegacyGroups(data: ConfigDict): LegacyGroupView[] {
  const views: LegacyGroupView[] = [];
  for (const [key, entry] of dictEntries(getDict(data, legacyKey))) {
    const groupId = keyToSessionId(key, '05');
    if (groupId === undefined) continue;
    const list = (name: string): string[] => {
      const value = entry.get(field(name));
      return Array.isArray(value)
        ? value
            .filter((item): item is Uint8Array => item instanceof Uint8Array && item.length === 33)
            .map(toHex)
        : [];
    };
    const admins = list('a');
    views.push({
      groupId,
      name: getText(entry, commonKeys.name) ?? '',
      members: [
        ...admins.map((sessionId) => ({ sessionId, admin: true })),
        ...list('m')
          .filter((id) => !admins.includes(id))
          .map((sessionId) => ({ sessionId, admin: false })),
      ],
      disappearingSeconds: Math.max(0, getNumberOrZero(entry, field('E'))),
      ...readCommon(entry),
    });
  }
  return views;
}
