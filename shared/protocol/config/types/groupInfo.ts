// Group Info (namespace 13): top-level keys of `&` (protocol-config-groups.md §6.3, LS
// `groups/info.cpp`). Every writer touches only its own key (or the p/q pair); keys this code does
// not know are left as they are (§9 "Unknown keys must round-trip"). Only admins can edit: the
// ConfigBase of a member refuses edits (configReadOnlyError.ts).
import type { ConfigDict } from '../configValue';
import {
  configTypeError,
  field,
  getInteger,
  getNumberOrZero,
  getText,
  setFlag,
  setNonemptyText,
  setPositiveInteger,
  toConfigInteger,
  truncateUtf8,
} from './configFields';
import { type ProfilePicture, readProfilePicture, writeProfilePicture } from './sharedFields';

/** §6.3: `NAME_MAX_LENGTH` and `DESCRIPTION_MAX_LENGTH`, in bytes of UTF-8. */
export const groupNameMaxBytes = 100;
export const groupDescriptionMaxBytes = 2000;

export interface GroupInfoView {
  readonly name: string | null;
  readonly description: string | null;
  /** `c`: unix seconds; 0 = unset. */
  readonly createdSeconds: number;
  /** `d`: clients delete messages older than this (unix seconds); 0 = unset. */
  readonly deleteBeforeSeconds: number;
  /** `D`: clients drop attachments of messages older than this (unix seconds); 0 = unset. */
  readonly deleteAttachmentsBeforeSeconds: number;
  /** `E`: the delete-after-send timer in seconds; 0 = off. */
  readonly disappearingSeconds: number;
  /** `!`: the group was deleted by an admin; permanent. */
  readonly destroyed: boolean;
  /** `p`/`q`: the group avatar. */
  readonly profilePicture: ProfilePicture | null;
}

/** The fields a writer may change; those left out keep their stored value. */
export interface GroupInfoChange {
  /** Cut to 100 bytes on a UTF-8 boundary; null or "" erases it. */
  readonly name?: string | null;
  /** Cut to 2000 bytes on a UTF-8 boundary; null or "" erases it. */
  readonly description?: string | null;
  /** 0 erases (set_positive_int). */
  readonly createdSeconds?: number;
  readonly deleteBeforeSeconds?: number;
  readonly deleteAttachmentsBeforeSeconds?: number;
  /** 0 turns disappearing messages off. */
  readonly disappearingSeconds?: number;
  readonly profilePicture?: ProfilePicture | null;
  /** §6.9 "Delete the group": there is no undoing it, so only `true` is accepted. */
  readonly destroyed?: true;
}

const destroyedKey = field('!');
const createdKey = field('c');
const deleteBeforeKey = field('d');
const deleteAttachmentsBeforeKey = field('D');
const disappearingKey = field('E');
const nameKey = field('n');
const descriptionKey = field('o');

function nonemptyText(data: ConfigDict, key: string): string | null {
  const text = getText(data, key);
  return text === undefined || text.length === 0 ? null : text;
}

/** Negative stored values (a hostile or broken client) read as unset, as the C API's getters do. */
function positiveOrZero(data: ConfigDict, key: string): number {
  return Math.max(0, getNumberOrZero(data, key));
}

export function readGroupInfo(data: ConfigDict): GroupInfoView {
  const destroyed = getInteger(data, destroyedKey);
  return {
    name: nonemptyText(data, nameKey),
    description: nonemptyText(data, descriptionKey),
    createdSeconds: positiveOrZero(data, createdKey),
    deleteBeforeSeconds: positiveOrZero(data, deleteBeforeKey),
    deleteAttachmentsBeforeSeconds: positiveOrZero(data, deleteAttachmentsBeforeKey),
    disappearingSeconds: positiveOrZero(data, disappearingKey),
    destroyed: destroyed !== undefined && destroyed > 0n,
    profilePicture: readProfilePicture(data),
  };
}

/** §6.3: names go into C strings elsewhere, so a NUL would cut them short on other clients. */
function checkText(text: string | null | undefined, what: string): void {
  if (typeof text === 'string' && text.includes('\0')) {
    throw configTypeError('config-invalid-value', `${what} cannot contain a NUL character.`);
  }
}

function checkSeconds(seconds: number | undefined, what: string): void {
  if (seconds === undefined) return;
  toConfigInteger(seconds, what);
  if (seconds < 0) throw configTypeError('config-invalid-integer', `${what} is whole seconds ≥ 0.`);
}

function checkChange(change: GroupInfoChange): void {
  checkText(change.name, 'A group name');
  checkText(change.description, 'A group description');
  checkSeconds(change.createdSeconds, 'A creation time');
  checkSeconds(change.deleteBeforeSeconds, 'A delete-before time');
  checkSeconds(change.deleteAttachmentsBeforeSeconds, 'A delete-attachments-before time');
  checkSeconds(change.disappearingSeconds, 'A disappearing timer');
  if (change.destroyed !== undefined && change.destroyed !== true) {
    throw configTypeError('config-invalid-value', 'A destroyed group cannot be restored.');
  }
  // Checks the URL length and the 32-byte key without writing anything.
  if (change.profilePicture !== undefined) writeProfilePicture(new Map(), change.profilePicture);
}

/** Applies `change`, touching only the keys of the fields it names; a refused change writes nothing. */
export function updateGroupInfo(data: ConfigDict, change: GroupInfoChange): void {
  checkChange(change);
  if (change.name !== undefined) {
    setNonemptyText(
      data,
      nameKey,
      change.name === null ? null : truncateUtf8(change.name, groupNameMaxBytes),
    );
  }
  if (change.description !== undefined) {
    const description =
      change.description === null ? null : truncateUtf8(change.description, groupDescriptionMaxBytes);
    setNonemptyText(data, descriptionKey, description);
  }
  if (change.createdSeconds !== undefined) {
    setPositiveInteger(data, createdKey, change.createdSeconds, 'A creation time');
  }
  if (change.deleteBeforeSeconds !== undefined) {
    setPositiveInteger(data, deleteBeforeKey, change.deleteBeforeSeconds, 'A delete-before time');
  }
  if (change.deleteAttachmentsBeforeSeconds !== undefined) {
    setPositiveInteger(
      data,
      deleteAttachmentsBeforeKey,
      change.deleteAttachmentsBeforeSeconds,
      'A delete-attachments-before time',
    );
  }
  if (change.disappearingSeconds !== undefined) {
    setPositiveInteger(data, disappearingKey, change.disappearingSeconds, 'A disappearing timer');
  }
  if (change.profilePicture !== undefined) writeProfilePicture(data, change.profilePicture);
  if (change.destroyed === true) setFlag(data, destroyedKey, true);
}
