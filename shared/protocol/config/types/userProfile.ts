// UserProfile (namespace 2): top-level keys of `&` (protocol-config-groups.md §5.1). Writers touch
// only their own keys; the [newer LS] keys f/E/s and any others are left as they are (`t` is
// stamped by a name change, as newer libsession does). The re-uploaded picture P/Q/T is read and
// written here: a device that renews the picture before the file server forgets it writes it there,
// and newer libsession prefers it over p/q while its T is newer than t.
import type { ConfigDict } from '../configValue';
import {
  configTypeError,
  field,
  getInteger,
  getNumberOrZero,
  getText,
  setNonemptyText,
  setPositiveInteger,
  toConfigInteger,
  truncateUtf8,
} from './configFields';
import {
  type PictureKeys,
  type ProfilePicture,
  nameMaxBytes,
  readPriority,
  readProfilePicture,
  writePriority,
  writeProfilePicture,
} from './sharedFields';

export interface UserProfileView {
  readonly displayName: string | null;
  readonly profilePicture: ProfilePicture | null;
  /** `+`: −1 hidden, 0 normal, >0 pinned. */
  readonly noteToSelfPriority: number;
  /** `e`: Note-to-Self disappearing timer; 0 = off. */
  readonly noteToSelfExpirySeconds: number;
  /** `M`: blinded (community) message requests; null = the client's default. */
  readonly communityMessageRequests: boolean | null;
}

const nameKey = field('n');
const reuploadedPictureKeys: PictureKeys = { url: field('P'), key: field('Q') };
const reuploadedAtKey = field('T');
const expiryKey = field('e');
const messageRequestsKey = field('M');

export function readUserProfile(data: ConfigDict): UserProfileView {
  const name = getText(data, nameKey);
  const requests = getInteger(data, messageRequestsKey);
  return {
    displayName: name === undefined || name.length === 0 ? null : name,
    profilePicture: currentPicture(data),
    noteToSelfPriority: readPriority(data),
    noteToSelfExpirySeconds: Math.max(0, getNumberOrZero(data, expiryKey)),
    communityMessageRequests: requests === undefined ? null : requests !== 0n,
  };
}

/** `n`, cut to 100 bytes on a UTF-8 boundary (`set_name_truncated`); null or "" erases it. */
export function setDisplayName(data: ConfigDict, name: string | null): void {
  setNonemptyText(data, nameKey, name === null ? null : truncateUtf8(name, nameMaxBytes));
}

const profileUpdatedKey = field('t');

/**
 * [newer LS] `t`: when the profile was last changed on purpose, unix seconds. Newer libsession stamps
 * it in set_name and set_profile_pic and compares it with `T` to choose a re-uploaded picture.
 */
export function stampProfileUpdate(data: ConfigDict, nowSeconds: number): void {
  data.set(profileUpdatedKey, toConfigInteger(Math.floor(nowSeconds), 'A time'));
}

/** The re-uploaded P/Q while its T is newer than the last change on purpose (t), else p/q. */
function currentPicture(data: ConfigDict): ProfilePicture | null {
  const reuploaded = readProfilePicture(data, reuploadedPictureKeys);
  const reuploadedAt = getInteger(data, reuploadedAtKey) ?? 0n;
  if (reuploaded && reuploadedAt > (getInteger(data, profileUpdatedKey) ?? 0n)) return reuploaded;
  return readProfilePicture(data);
}

/**
 * `p`/`q` as a pair, chosen on purpose; null erases both. An earlier re-upload (P/Q/T) is erased
 * too, so that it cannot win over the new choice on a device whose clock runs ahead.
 */
export function setProfilePicture(data: ConfigDict, picture: ProfilePicture | null): void {
  writeProfilePicture(data, picture);
  writeProfilePicture(data, null, reuploadedPictureKeys);
  data.delete(reuploadedAtKey);
}

/**
 * The same picture uploaded again (the file server forgets files after a few weeks). It goes in
 * P/Q/T for newer libsession and in p/q for clients that read only those; t is not stamped, since
 * nobody changed the profile.
 */
export function setReuploadedProfilePicture(
  data: ConfigDict,
  picture: ProfilePicture,
  nowSeconds: number,
): void {
  writeProfilePicture(data, picture);
  writeProfilePicture(data, picture, reuploadedPictureKeys);
  data.set(reuploadedAtKey, toConfigInteger(Math.floor(nowSeconds), 'A time'));
}

export function setNoteToSelfPriority(data: ConfigDict, priority: number): void {
  writePriority(data, priority);
}

export function setNoteToSelfExpirySeconds(data: ConfigDict, seconds: number): void {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw configTypeError('config-invalid-integer', 'A disappearing timer is whole seconds ≥ 0.');
  }
  setPositiveInteger(data, expiryKey, seconds, 'A disappearing timer');
}

/** `M`: 1 on, 0 off, null erases the key (the client default). */
export function setCommunityMessageRequests(data: ConfigDict, enabled: boolean | null): void {
  if (enabled === null) data.delete(messageRequestsKey);
  else data.set(messageRequestsKey, enabled ? 1n : 0n);
}
