// ConvoInfoVolatile (namespace 4): last-read time and the unread mark of every conversation
// (protocol-config-groups.md §5.3). Each conversation is `{r: last read in ms, u: 1 if marked
// unread}`; `1`, `g` and `C` are keyed by 33-byte IDs, `o` by the canonical community base URL
// with rooms under `R` by lowercase token. An entry without `r` reads as last read 0.
import type { ConfigDict } from '../configValue';
import { keyFromText } from '../configValue';
import {
  type SessionIdPrefix,
  dictEntries,
  ensureDictPath,
  field,
  getBytes,
  getDict,
  getFlag,
  getInteger,
  getNumberOrZero,
  keyToSessionId,
  pruneEmptyDicts,
  requireLength,
  sessionIdToKey,
  setFlag,
  toConfigInteger,
  keyTextOrUndefined,
} from './configFields';
import { canonicalCommunityBaseUrl, canonicalRoomToken } from './communityUrl';

const dayMs = 24 * 60 * 60 * 1000;
/** §5.3: a last-read older than this is not written (unless it lowers the stored value). */
export const pruneLowMs = 30 * dayMs;
/** §5.3: on push, entries older than this and not marked unread are removed. */
export const pruneHighMs = 45 * dayMs;

export type ConversationRef =
  | { readonly kind: 'oneToOne'; readonly sessionId: string }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'legacyGroup'; readonly groupId: string }
  | {
      readonly kind: 'community';
      readonly baseUrl: string;
      readonly room: string;
      readonly pubkey: Uint8Array;
    };

export interface ConversationInfo {
  readonly lastReadMs: number;
  readonly unread: boolean;
}

export type ConversationInfoEntry = ConversationRef & ConversationInfo;

const oneToOneKey = field('1');
const groupsKey = field('g');
const legacyGroupsKey = field('C');
const communitiesKey = field('o');
const pubkeyKey = field('#');
const roomsKey = field('R');
const lastReadKey = field('r');
const unreadKey = field('u');

const idDicts: readonly {
  readonly key: string;
  readonly prefix: SessionIdPrefix;
  readonly make: (id: string) => ConversationRef;
}[] = [
  { key: oneToOneKey, prefix: '05', make: (sessionId) => ({ kind: 'oneToOne', sessionId }) },
  { key: groupsKey, prefix: '03', make: (groupId) => ({ kind: 'group', groupId }) },
  { key: legacyGroupsKey, prefix: '05', make: (groupId) => ({ kind: 'legacyGroup', groupId }) },
];

function readInfo(entry: ConfigDict): ConversationInfo {
  return {
    lastReadMs: Math.max(0, getNumberOrZero(entry, lastReadKey)),
    unread: getFlag(entry, unreadKey),
  };
}

/** Every conversation: one-to-one, groups, legacy groups, then communities; malformed skipped. */
export function readConversationInfo(data: ConfigDict): ConversationInfoEntry[] {
  const entries: ConversationInfoEntry[] = [];
  for (const { key, prefix, make } of idDicts) {
    for (const [idKey, entry] of dictEntries(getDict(data, key)).sort(byKey)) {
      const id = keyToSessionId(idKey, prefix);
      if (id !== undefined) entries.push({ ...make(id), ...readInfo(entry) });
    }
  }
  for (const [urlKey, community] of dictEntries(getDict(data, communitiesKey)).sort(byKey)) {
    const baseUrl = keyTextOrUndefined(urlKey);
    const pubkey = getBytes(community, pubkeyKey);
    if (baseUrl === undefined || pubkey?.length !== 32) continue;
    for (const [roomKey, entry] of dictEntries(getDict(community, roomsKey)).sort(byKey)) {
      const room = keyTextOrUndefined(roomKey);
      if (room === undefined) continue;
      entries.push({
        kind: 'community',
        baseUrl,
        room,
        pubkey: new Uint8Array(pubkey),
        ...readInfo(entry),
      });
    }
  }
  return entries;
}

function byKey([left]: [string, ConfigDict], [right]: [string, ConfigDict]): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The dict path of a conversation's entry (validated and canonicalised). */
function entryPath(conversation: ConversationRef): string[] {
  switch (conversation.kind) {
    case 'oneToOne':
      return [oneToOneKey, sessionIdToKey(conversation.sessionId, '05', 'A Session ID')];
    case 'group':
      return [groupsKey, sessionIdToKey(conversation.groupId, '03', 'A group ID')];
    case 'legacyGroup':
      return [legacyGroupsKey, sessionIdToKey(conversation.groupId, '05', 'A legacy group ID')];
    case 'community':
      return [
        communitiesKey,
        keyFromText(canonicalCommunityBaseUrl(conversation.baseUrl)),
        roomsKey,
        keyFromText(canonicalRoomToken(conversation.room)),
      ];
  }
}

function lookUp(data: ConfigDict, path: readonly string[]): ConfigDict | undefined {
  let current: ConfigDict | undefined = data;
  for (const key of path) current = current === undefined ? undefined : getDict(current, key);
  return current;
}

export function readConversation(
  data: ConfigDict,
  conversation: ConversationRef,
): ConversationInfo | undefined {
  const entry = lookUp(data, entryPath(conversation));
  return entry === undefined ? undefined : readInfo(entry);
}

/**
 * Applies a change to one conversation, creating it when needed. §5.3 PRUNE_LOW: a last-read older
 * than `nowMs` − 30 days is ignored, unless it lowers the stored value (a reset after a deletion);
 * so an old time alone creates nothing. The community `#` pubkey is (re)written with the entry.
 */
export function updateConversation(
  data: ConfigDict,
  conversation: ConversationRef,
  change: { readonly lastReadMs?: number; readonly unread?: boolean },
  nowMs: number,
): void {
  const path = entryPath(conversation);
  const lastRead = change.lastReadMs === undefined ? undefined : toConfigInteger(change.lastReadMs, 'A time');
  if (conversation.kind === 'community') requireLength(conversation.pubkey, 32, 'A community pubkey');
  const cutoff = toConfigInteger(Math.trunc(nowMs), 'The current time') - BigInt(pruneLowMs);

  const entry = ensureDictPath(data, path);
  if (lastRead !== undefined) {
    const stored = getInteger(entry, lastReadKey);
    if ((stored !== undefined && lastRead < stored) || lastRead > cutoff) {
      entry.set(lastReadKey, lastRead);
    }
  }
  if (change.unread !== undefined) setFlag(entry, unreadKey, change.unread);
  if (entry.size === 0) {
    pruneEmptyDicts(data, path);
    return;
  }
  if (conversation.kind === 'community') {
    ensureDictPath(data, path.slice(0, 2)).set(pubkeyKey, new Uint8Array(conversation.pubkey));
  }
}

/** Erases one conversation; a community without rooms left is erased whole. */
export function removeConversation(data: ConfigDict, conversation: ConversationRef): boolean {
  const path = entryPath(conversation);
  const parent = lookUp(data, path.slice(0, -1));
  const existed = parent?.delete(path[path.length - 1]!) ?? false;
  if (conversation.kind === 'community') {
    pruneEmptyDicts(data, path.slice(0, 3));
    const community = lookUp(data, path.slice(0, 2));
    if (community !== undefined && getDict(community, roomsKey) === undefined) {
      getDict(data, communitiesKey)?.delete(path[1]!);
      pruneEmptyDicts(data, [communitiesKey]);
    }
  } else {
    pruneEmptyDicts(data, path.slice(0, 1));
  }
  return existed;
}

function isStale(entry: ConfigDict, cutoff: bigint): boolean {
  return !getFlag(entry, unreadKey) && (getInteger(entry, lastReadKey) ?? 0n) < cutoff;
}

/**
 * §5.3 PRUNE_HIGH, run before a push: removes every conversation whose last-read is older than
 * `nowMs` − 45 days and that is not marked unread; communities left without rooms go too.
 * Returns how many conversations were removed.
 */
export function pruneConversationInfo(data: ConfigDict, nowMs: number): number {
  const cutoff = toConfigInteger(Math.trunc(nowMs), 'The current time') - BigInt(pruneHighMs);
  let removed = 0;
  for (const { key } of idDicts) {
    const dict = getDict(data, key);
    for (const [idKey, entry] of dictEntries(dict)) {
      if (isStale(entry, cutoff)) {
        dict!.delete(idKey);
        removed += 1;
      }
    }
    pruneEmptyDicts(data, [key]);
  }
  const communities = getDict(data, communitiesKey);
  for (const [urlKey, community] of dictEntries(communities)) {
    const rooms = getDict(community, roomsKey);
    for (const [roomKey, entry] of dictEntries(rooms)) {
      if (isStale(entry, cutoff)) {
        rooms!.delete(roomKey);
        removed += 1;
      }
    }
    if (rooms !== undefined && rooms.size === 0) {
      communities!.delete(urlKey);
    }
  }
  pruneEmptyDicts(data, [communitiesKey]);
  return removed;
}
