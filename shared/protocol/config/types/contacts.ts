// Contacts (namespace 3): `c` is a dict keyed by the 33 raw bytes of `05…` Session IDs
// (protocol-config-groups.md §1, §5.2). `n` is always present, possibly empty, so that a contact
// with nothing else set still has a non-empty dict and survives pruning.
import type { ConfigDict } from '../configValue';
import {
  configTypeError,
  dictEntries,
  ensureDict,
  field,
  getDict,
  getFlag,
  getNumberOrZero,
  getText,
  keyToSessionId,
  pruneEmptyDicts,
  sessionIdToKey,
  setFlag,
  setNonemptyText,
  setPositiveInteger,
  truncateUtf8,
} from './configFields';
import {
  type DisappearingSetting,
  type ProfilePicture,
  nameMaxBytes,
  readDisappearing,
  readMutedUntilSeconds,
  readNotifications,
  readPriority,
  readProfilePicture,
  writeDisappearing,
  writeMutedUntilSeconds,
  writeNotifications,
  writePriority,
  writeProfilePicture,
} from './sharedFields';
import { utf8Encode } from '../../bytes';

/** §5.2: contacts know only default, all and disabled; 3 (mentions only) reads as all. */
export type ContactNotifications = 'default' | 'all' | 'disabled';

export interface ContactView {
  readonly sessionId: string;
  readonly name: string;
  readonly nickname: string | null;
  readonly approved: boolean;
  readonly approvedMe: boolean;
  readonly blocked: boolean;
  readonly profilePicture: ProfilePicture | null;
  readonly priority: number;
  readonly notifications: ContactNotifications;
  readonly mutedUntilSeconds: number;
  readonly disappearing: DisappearingSetting | null;
  readonly createdSeconds: number;
}

/** The fields a writer may change; those left out keep their stored value. */
export type ContactChange = Partial<Omit<ContactView, 'sessionId'>>;

const contactsKey = field('c');
const nameKey = field('n');
const nicknameKey = field('N');
const approvedKey = field('a');
const approvedMeKey = field('A');
const blockedKey = field('b');
const createdKey = field('j');

function readEntry(sessionId: string, entry: ConfigDict): ContactView {
  const nickname = getText(entry, nicknameKey);
  const notifications = readNotifications(entry);
  return {
    sessionId,
    name: getText(entry, nameKey) ?? '',
    nickname: nickname === undefined || nickname.length === 0 ? null : nickname,
    approved: getFlag(entry, approvedKey),
    approvedMe: getFlag(entry, approvedMeKey),
    blocked: getFlag(entry, blockedKey),
    profilePicture: readProfilePicture(entry),
    priority: readPriority(entry),
    notifications: notifications === 'mentionsOnly' ? 'all' : notifications,
    mutedUntilSeconds: readMutedUntilSeconds(entry),
    disappearing: readDisappearing(entry),
    createdSeconds: Math.max(0, getNumberOrZero(entry, createdKey)),
  };
}

/** Every contact, in key (byte) order; entries under keys that are not 05 IDs are skipped. */
export function readContacts(data: ConfigDict): ContactView[] {
  const contacts: ContactView[] = [];
  const entries = dictEntries(getDict(data, contactsKey)).sort(([left], [right]) => (left < right ? -1 : 1));
  for (const [key, entry] of entries) {
    const sessionId = keyToSessionId(key, '05');
    if (sessionId !== undefined) contacts.push(readEntry(sessionId, entry));
  }
  return contacts;
}

export function readContact(data: ConfigDict, sessionId: string): ContactView | undefined {
  const key = sessionIdToKey(sessionId, '05', 'A contact’s Session ID');
  const entry = getDict(getDict(data, contactsKey) ?? new Map(), key);
  return entry === undefined ? undefined : readEntry(sessionId.toLowerCase(), entry);
}

function checkChange(change: ContactChange): void {
  const notifications = change.notifications;
  if (notifications !== undefined && !['default', 'all', 'disabled'].includes(notifications)) {
    throw configTypeError('config-invalid-value', `Unknown contact notification ${notifications}.`);
  }
  if (change.createdSeconds !== undefined && change.createdSeconds < 0) {
    throw configTypeError('config-invalid-integer', 'A creation time is seconds ≥ 0.');
  }
}

/**
 * Creates the contact when absent and applies `change`, touching only the keys of the fields it
 * names (plus `n`, which is always kept present). Names are cut to 100 bytes on a UTF-8 boundary.
 */
export function updateContact(data: ConfigDict, sessionId: string, change: ContactChange): void {
  const key = sessionIdToKey(sessionId, '05', 'A contact’s Session ID');
  checkChange(change);
  // Validate everything before the first write, so a refused change leaves the dict untouched.
  const scratch: ConfigDict = new Map();
  if (change.profilePicture !== undefined) writeProfilePicture(scratch, change.profilePicture);
  if (change.disappearing !== undefined) writeDisappearing(scratch, change.disappearing);
  if (change.priority !== undefined) writePriority(scratch, change.priority);
  if (change.mutedUntilSeconds !== undefined) writeMutedUntilSeconds(scratch, change.mutedUntilSeconds);
  if (change.createdSeconds !== undefined) {
    setPositiveInteger(scratch, createdKey, change.createdSeconds, 'A creation time');
  }

  const entry = ensureDict(ensureDict(data, contactsKey), key);
  if (change.name !== undefined) {
    entry.set(nameKey, utf8Encode(truncateUtf8(change.name, nameMaxBytes)));
  } else if (getText(entry, nameKey) === undefined) {
    entry.set(nameKey, new Uint8Array());
  }
  if (change.nickname !== undefined) {
    const nickname = change.nickname === null ? null : truncateUtf8(change.nickname, nameMaxBytes);
    setNonemptyText(entry, nicknameKey, nickname);
  }
  if (change.approved !== undefined) setFlag(entry, approvedKey, change.approved);
  if (change.approvedMe !== undefined) setFlag(entry, approvedMeKey, change.approvedMe);
  if (change.blocked !== undefined) setFlag(entry, blockedKey, change.blocked);
  if (change.profilePicture !== undefined) writeProfilePicture(entry, change.profilePicture);
  if (change.priority !== undefined) writePriority(entry, change.priority);
  if (change.notifications !== undefined) writeNotifications(entry, change.notifications);
  if (change.mutedUntilSeconds !== undefined) writeMutedUntilSeconds(entry, change.mutedUntilSeconds);
  if (change.disappearing !== undefined) writeDisappearing(entry, change.disappearing);
  if (change.createdSeconds !== undefined) {
    setPositiveInteger(entry, createdKey, change.createdSeconds, 'A creation time');
  }
}

/** Erases the contact (and `c` when it becomes empty); true when there was one. */
export function removeContact(data: ConfigDict, sessionId: string): boolean {
  const key = sessionIdToKey(sessionId, '05', 'A contact’s Session ID');
  const contacts = getDict(data, contactsKey);
  const existed = contacts?.delete(key) ?? false;
  pruneEmptyDicts(data, [contactsKey]);
  return existed;
}
