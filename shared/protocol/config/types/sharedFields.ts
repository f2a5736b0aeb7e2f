// Fields that several config types share (protocol-config-groups.md §5.1–§5.4): the profile
// picture pair, the priority, notification and mute settings, and the disappearing-messages pair.
import { utf8Encode } from '../../bytes';
import type { ConfigDict } from '../configValue';
import {
  configTypeError,
  field,
  getBytes,
  getInteger,
  getNumberOrZero,
  getText,
  requireLength,
  setNonzeroInteger,
  setPairIf,
  setPositiveInteger,
} from './configFields';

/** §5.1: a profile-picture URL is at most 223 characters; names are at most 100 bytes. */
export const profileUrlMaxLength = 223;
export const nameMaxBytes = 100;
export const profileKeyLength = 32;

export interface ProfilePicture {
  readonly url: string;
  readonly key: Uint8Array;
}

/** The keys of a picture pair: `p`/`q` everywhere, and UserProfile's re-uploaded `P`/`Q`. */
export interface PictureKeys {
  readonly url: string;
  readonly key: string;
}

const pictureKeys: PictureKeys = { url: field('p'), key: field('q') };

/** The (p, q) pair; null unless both are present and the key is 32 bytes. */
export function readProfilePicture(dict: ConfigDict, keys: PictureKeys = pictureKeys): ProfilePicture | null {
  const url = getText(dict, keys.url);
  const key = getBytes(dict, keys.key);
  if (url === undefined || url.length === 0 || key?.length !== profileKeyLength) return null;
  return { url, key: new Uint8Array(key) };
}

/** Sets or erases the (p, q) pair (§1 set_pair_if); an empty URL erases it like null. */
export function writeProfilePicture(
  dict: ConfigDict,
  picture: ProfilePicture | null,
  keys: PictureKeys = pictureKeys,
): void {
  if (picture !== null && picture.url.length > 0) {
    if (picture.url.length > profileUrlMaxLength) {
      throw configTypeError(
        'config-invalid-url',
        `A profile-picture URL is at most ${profileUrlMaxLength} characters.`,
      );
    }
    requireLength(picture.key, profileKeyLength, 'A profile-picture key');
  }
  const set = picture !== null && picture.url.length > 0;
  setPairIf(
    dict,
    set,
    [keys.url, set ? utf8Encode(picture.url) : new Uint8Array()],
    [keys.key, set ? new Uint8Array(picture.key) : new Uint8Array()],
  );
}

const priorityKey = field('+');

/** §5.1/§5.2: −1 hidden, 0 (omitted) normal, >0 pinned with higher first. */
export function readPriority(dict: ConfigDict): number {
  return getNumberOrZero(dict, priorityKey);
}

export function writePriority(dict: ConfigDict, priority: number): void {
  setNonzeroInteger(dict, priorityKey, priority, 'A priority');
}

/** §5.2/§5.4 `@`: omitted = default, 1 all, 2 disabled, 3 mentions only. */
export type NotificationSetting = 'default' | 'all' | 'disabled' | 'mentionsOnly';

const notificationsKey = field('@');
const notificationCodes: Readonly<Record<NotificationSetting, bigint>> = {
  default: 0n,
  all: 1n,
  disabled: 2n,
  mentionsOnly: 3n,
};

/** Unknown codes read as the default, like an omitted key. */
export function readNotifications(dict: ConfigDict): NotificationSetting {
  switch (getInteger(dict, notificationsKey)) {
    case 1n:
      return 'all';
    case 2n:
      return 'disabled';
    case 3n:
      return 'mentionsOnly';
    default:
      return 'default';
  }
}

export function writeNotifications(dict: ConfigDict, setting: NotificationSetting): void {
  const code = notificationCodes[setting];
  if (code === undefined) {
    throw configTypeError('config-invalid-value', `Unknown notification setting ${String(setting)}.`);
  }
  setNonzeroInteger(dict, notificationsKey, code, 'A notification setting');
}

const mutedUntilKey = field('!');

/** `!`: muted until this unix time in seconds; 0 = not muted. */
export function readMutedUntilSeconds(dict: ConfigDict): number {
  return getNumberOrZero(dict, mutedUntilKey);
}

export function writeMutedUntilSeconds(dict: ConfigDict, seconds: number): void {
  setPositiveInteger(dict, mutedUntilKey, seconds, 'A mute time');
}

/** §5.2 `e`/`E`: 1 after-send, 2 after-read, with the timer in seconds; a pair, omitted when off. */
export interface DisappearingSetting {
  readonly mode: 'afterSend' | 'afterRead';
  readonly seconds: number;
}

const disappearingModeKey = field('e');
const disappearingTimerKey = field('E');

export function readDisappearing(dict: ConfigDict): DisappearingSetting | null {
  const mode = getInteger(dict, disappearingModeKey);
  const seconds = getNumberOrZero(dict, disappearingTimerKey);
  if (seconds <= 0) return null;
  if (mode === 1n) return { mode: 'afterSend', seconds };
  if (mode === 2n) return { mode: 'afterRead', seconds };
  return null;
}

export function writeDisappearing(dict: ConfigDict, setting: DisappearingSetting | null): void {
  if (setting !== null) {
    if (setting.mode !== 'afterSend' && setting.mode !== 'afterRead') {
      throw configTypeError('config-invalid-value', 'A disappearing mode is afterSend or afterRead.');
    }
    if (!Number.isSafeInteger(setting.seconds) || setting.seconds < 0) {
      throw configTypeError('config-invalid-integer', 'A disappearing timer is whole seconds ≥ 0.');
    }
  }
  const on = setting !== null && setting.seconds > 0;
  setPairIf(
    dict,
    on,
    [disappearingModeKey, setting?.mode === 'afterRead' ? 2n : 1n],
    [disappearingTimerKey, BigInt(on ? setting.seconds : 0)],
  );
}
