// Group Members (namespace 14): `m` is a dict keyed by the 33 raw bytes of `05…` Session IDs
// (protocol-config-groups.md §1, §6.4; LS `groups/members.{hpp,cpp}`). Each setter reads the member
// as libsession's `member::load` does, applies one status transition of `members.hpp`, and writes it
// back as `Members::set` does: `n` always present, `I` never written while `A` = 1, `s` kept only
// while it means something. Keys of a member entry that this code does not know stay untouched.
import { utf8Encode } from '../../bytes';
import type { ConfigDict } from '../configValue';
import {
  configTypeError,
  dictEntries,
  ensureDict,
  field,
  getBytes,
  getDict,
  getInteger,
  getText,
  keyToSessionId,
  pruneEmptyDicts,
  sessionIdToKey,
  setFlag,
  setPositiveInteger,
  truncateUtf8,
} from './configFields';
import { type ProfilePicture, nameMaxBytes, readProfilePicture, writeProfilePicture } from './sharedFields';

/** `I`: 1 sent, 2 failed, 3 not sent; omitted = accepted. Other codes read as `unknown`. */
export type InviteStatus = 'accepted' | 'sent' | 'failed' | 'notSent' | 'unknown';
/** `P` of an admin: 1 sent, 2 failed, 3 not sent; omitted = accepted. `none` for non-admins. */
export type PromotionStatus = 'none' | 'accepted' | 'sent' | 'failed' | 'notSent' | 'unknown';
/** `R`: 1 remove the member, 2 the member and their messages (§6.9 "Remove"). */
export type RemovalStatus = 'none' | 'removed' | 'removedWithMessages' | 'unknown';

export interface GroupMemberView {
  readonly sessionId: string;
  /** Possibly empty (`n` is always present). */
  readonly name: string;
  readonly profilePicture: ProfilePicture | null;
  /** `A`: informative only; the real gate is holding the group seed (§6.4). */
  readonly admin: boolean;
  /** Always `accepted` for admins: libsession ignores `I` when `A` = 1. */
  readonly invite: InviteStatus;
  /** `s`: invited with the existing keys (history shared); false once accepted or promoted. */
  readonly supplement: boolean;
  readonly promotion: PromotionStatus;
  readonly removal: RemovalStatus;
}

// members.hpp: STATUS_SENT = 1, STATUS_FAILED = 2, STATUS_NOT_SENT = 3; REMOVED_MEMBER = 1,
// REMOVED_MEMBER_AND_MESSAGES = 2.
const statusSent = 1n;
const statusFailed = 2n;
const statusNotSent = 3n;
const removedMember = 1n;
const removedMemberAndMessages = 2n;

const membersKey = field('m');
const nameKey = field('n');
const adminKey = field('A');
const inviteKey = field('I');
const supplementKey = field('s');
const promotionKey = field('P');
const removedKey = field('R');

/** The state `member::load` reads, and `Members::set` writes back (§6.4). */
interface MemberState {
  admin: boolean;
  invite: bigint;
  promotion: bigint;
  removed: bigint;
  supplement: boolean;
}

function integerOrZero(entry: ConfigDict, key: string): bigint {
  return getInteger(entry, key) ?? 0n;
}

function loadState(entry: ConfigDict): MemberState {
  const admin = integerOrZero(entry, adminKey) !== 0n;
  const invite = admin ? 0n : integerOrZero(entry, inviteKey);
  const promotion = integerOrZero(entry, promotionKey);
  const removed = integerOrZero(entry, removedKey);
  // `s` means "invited with history" only while an invite is pending for a plain member.
  const supplement = invite > 0n && !(admin || promotion > 0n) && integerOrZero(entry, supplementKey) !== 0n;
  return { admin, invite, promotion, removed, supplement };
}

function storeState(entry: ConfigDict, state: MemberState): void {
  // Keeps `n` present (possibly empty) so that the entry is never pruned away.
  if (getBytes(entry, nameKey) === undefined) entry.set(nameKey, new Uint8Array());
  setFlag(entry, adminKey, state.admin);
  setPositiveInteger(entry, promotionKey, state.promotion, 'A promotion status');
  setPositiveInteger(entry, inviteKey, state.admin ? 0n : state.invite, 'An invite status');
  setFlag(entry, supplementKey, state.supplement);
  setPositiveInteger(entry, removedKey, state.removed, 'A removal status');
}

function inviteOf(code: bigint): InviteStatus {
  if (code === 0n) return 'accepted';
  if (code === statusSent) return 'sent';
  if (code === statusFailed) return 'failed';
  if (code === statusNotSent) return 'notSent';
  return 'unknown';
}

function promotionOf(state: MemberState): PromotionStatus {
  // The promotion codes are the invite codes (members.hpp STATUS_*).
  return state.admin ? inviteOf(state.promotion) : 'none';
}

function removalOf(code: bigint): RemovalStatus {
  if (code === 0n) return 'none';
  if (code === removedMember) return 'removed';
  if (code === removedMemberAndMessages) return 'removedWithMessages';
  return code > 0n ? 'unknown' : 'none';
}

function readEntry(sessionId: string, entry: ConfigDict): GroupMemberView {
  const state = loadState(entry);
  return {
    sessionId,
    name: getText(entry, nameKey) ?? '',
    profilePicture: readProfilePicture(entry),
    admin: state.admin,
    invite: inviteOf(state.invite),
    supplement: state.supplement,
    promotion: promotionOf(state),
    removal: removalOf(state.removed),
  };
}

function memberKey(sessionId: string): string {
  return sessionIdToKey(sessionId, '05', 'A group member’s Session ID');
}

function entryOf(data: ConfigDict, sessionId: string): ConfigDict | undefined {
  return getDict(getDict(data, membersKey) ?? new Map(), memberKey(sessionId));
}

/** Every member, in key (byte) order; entries under keys that are not 05 IDs are skipped. */
export function readGroupMembers(data: ConfigDict): GroupMemberView[] {
  const members: GroupMemberView[] = [];
  const entries = dictEntries(getDict(data, membersKey)).sort(([left], [right]) => (left < right ? -1 : 1));
  for (const [key, entry] of entries) {
    const sessionId = keyToSessionId(key, '05');
    if (sessionId !== undefined) members.push(readEntry(sessionId, entry));
  }
  return members;
}

export function readGroupMember(data: ConfigDict, sessionId: string): GroupMemberView | undefined {
  const entry = entryOf(data, sessionId);
  return entry === undefined ? undefined : readEntry(sessionId.toLowerCase(), entry);
}

export interface NewGroupMember {
  readonly name?: string;
  readonly profilePicture?: ProfilePicture | null;
  /** §6.9 "Add members with history": `s` = 1 with the pending invite. */
  readonly supplement?: boolean;
}

function checkName(name: string | undefined): void {
  if (typeof name === 'string' && name.includes('\0')) {
    throw configTypeError('config-invalid-value', 'A member name cannot contain a NUL character.');
  }
}

/**
 * §6.1 step 4, §6.9 "Add members": a new member with invite status NOT_SENT (3), as libsession
 * constructs one. Returns false, changing nothing, when the member is already there.
 */
export function addGroupMember(data: ConfigDict, sessionId: string, member: NewGroupMember = {}): boolean {
  const key = memberKey(sessionId);
  checkName(member.name);
  if (member.profilePicture !== undefined) writeProfilePicture(new Map(), member.profilePicture);
  if (getDict(getDict(data, membersKey) ?? new Map(), key) !== undefined) return false;
  const entry = ensureDict(ensureDict(data, membersKey), key);
  entry.set(nameKey, utf8Encode(truncateUtf8(member.name ?? '', nameMaxBytes)));
  if (member.profilePicture !== undefined) writeProfilePicture(entry, member.profilePicture);
  storeState(entry, {
    admin: false,
    invite: statusNotSent,
    promotion: 0n,
    removed: 0n,
    supplement: member.supplement === true,
  });
  return true;
}

/** Reads, transitions and writes back one member; false (nothing written) when it is not there. */
function transition(data: ConfigDict, sessionId: string, change: (state: MemberState) => void): boolean {
  const entry = entryOf(data, sessionId);
  if (entry === undefined) return false;
  const state = loadState(entry);
  change(state);
  storeState(entry, state);
  return true;
}

export function setInviteSent(data: ConfigDict, sessionId: string): boolean {
  return transition(data, sessionId, (state) => (state.invite = statusSent));
}

export function setInviteFailed(data: ConfigDict, sessionId: string): boolean {
  return transition(data, sessionId, (state) => (state.invite = statusFailed));
}

export function setInviteNotSent(data: ConfigDict, sessionId: string): boolean {
  return transition(data, sessionId, (state) => (state.invite = statusNotSent));
}

/** §6.9 "Admin receiving InviteResponse": `I` and `s` cleared. */
export function setInviteAccepted(data: ConfigDict, sessionId: string): boolean {
  return transition(data, sessionId, (state) => {
    state.invite = 0n;
    state.supplement = false;
  });
}

function promote(data: ConfigDict, sessionId: string, promotion: bigint): boolean {
  return transition(data, sessionId, (state) => {
    state.admin = true;
    state.invite = 0n;
    state.promotion = promotion;
  });
}

/** `set_promoted`: A = 1, I cleared, P = 3 (not sent yet). */
export function setPromoted(data: ConfigDict, sessionId: string): boolean {
  return promote(data, sessionId, statusNotSent);
}

export function setPromotionSent(data: ConfigDict, sessionId: string): boolean {
  return promote(data, sessionId, statusSent);
}

export function setPromotionFailed(data: ConfigDict, sessionId: string): boolean {
  return promote(data, sessionId, statusFailed);
}

/** A = 1 with `P` cleared: also how the group's creator marks itself (§6.1 step 4). */
export function setPromotionAccepted(data: ConfigDict, sessionId: string): boolean {
  return promote(data, sessionId, 0n);
}

/** `set_removed`: I and P cleared, R = 1, or 2 when their messages go too (§6.9 "Remove"). */
export function setRemoved(data: ConfigDict, sessionId: string, withMessages: boolean): boolean {
  return transition(data, sessionId, (state) => {
    state.invite = 0n;
    state.promotion = 0n;
    state.removed = withMessages ? removedMemberAndMessages : removedMember;
  });
}

/** `n`, cut to 100 bytes on a UTF-8 boundary (`set_name_truncated`); "" keeps `n` present, empty. */
export function setMemberName(data: ConfigDict, sessionId: string, name: string): boolean {
  checkName(name);
  const entry = entryOf(data, sessionId);
  if (entry === undefined) return false;
  entry.set(nameKey, utf8Encode(truncateUtf8(name, nameMaxBytes)));
  return true;
}

/** `p`/`q` as a pair; null erases both. */
export function setMemberProfilePicture(
  data: ConfigDict,
  sessionId: string,
  picture: ProfilePicture | null,
): boolean {
  writeProfilePicture(new Map(), picture);
  const entry = entryOf(data, sessionId);
  if (entry === undefined) return false;
  writeProfilePicture(entry, picture);
  return true;
}

/** `Members::erase`: drops the member (and `m` once empty); true when there was one. */
export function eraseGroupMember(data: ConfigDict, sessionId: string): boolean {
  const key = memberKey(sessionId);
  const existed = getDict(data, membersKey)?.delete(key) ?? false;
  pruneEmptyDicts(data, [membersKey]);
  return existed;
}
