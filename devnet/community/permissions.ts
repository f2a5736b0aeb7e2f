// Who may do what in a room (protocol-messages.md §6.5, §6.7, pysogs rules): moderators and admins
// of the room or global; bans of the room or global, with or without an end; per-user overrides of
// the room's defaults, and scheduled ones (timed mutes) that apply when their time comes. Moderators
// can do everything and cannot be banned; a banned user can do nothing.
import type { CommunityData, Moderator, Room } from './communityData';

export interface Permissions {
  readonly banned: boolean;
  readonly read: boolean;
  readonly accessible: boolean;
  readonly write: boolean;
  readonly upload: boolean;
  readonly moderator: boolean;
  readonly admin: boolean;
  readonly globalModerator: boolean;
  readonly globalAdmin: boolean;
  /** Whether the room-level moderator entry is hidden (or the global one, when only that exists). */
  readonly visible: boolean;
}

const banActive = (until: number | null | undefined, now: number): boolean =>
  until !== undefined && (until === null || until > now);

export function isGloballyBanned(data: CommunityData, sessionId: string, now: number): boolean {
  return banActive(data.globalBans[sessionId], now);
}

export function moderatorOf(
  data: CommunityData,
  room: Room,
  sessionId: string,
): { readonly room?: Moderator; readonly global?: Moderator } {
  return { room: room.moderators[sessionId], global: data.globalModerators[sessionId] };
}

export function permissionsIn(
  data: CommunityData,
  room: Room,
  sessionId: string | undefined,
  now: number,
): Permissions {
  const defaults = room.defaults;
  if (sessionId === undefined) {
    return {
      banned: false,
      read: defaults.read,
      accessible: defaults.accessible || defaults.read,
      write: false,
      upload: false,
      moderator: false,
      admin: false,
      globalModerator: false,
      globalAdmin: false,
      visible: false,
    };
  }
  const roles = moderatorOf(data, room, sessionId);
  const moderator = roles.room !== undefined || roles.global !== undefined;
  const admin = roles.room?.admin === true || roles.global?.admin === true;
  const visible = (roles.room ?? roles.global)?.visible ?? false;
  const base = {
    moderator,
    admin,
    globalModerator: roles.global !== undefined,
    globalAdmin: roles.global?.admin === true,
    visible,
  };
  if (moderator) return { ...base, banned: false, read: true, accessible: true, write: true, upload: true };
  const banned = banActive(room.bans[sessionId], now) || isGloballyBanned(data, sessionId, now);
  if (banned) return { ...base, banned, read: false, accessible: false, write: false, upload: false };
  const override = room.permissions[sessionId] ?? {};
  const read = override.read ?? defaults.read;
  return {
    ...base,
    banned,
    read,
    accessible: read || (override.accessible ?? defaults.accessible),
    write: override.write ?? defaults.write,
    upload: override.upload ?? defaults.upload,
  };
}

/**
 * Applies the scheduled permission changes that are due and drops bans that have ended, in every
 * room; true when something changed (so the store is written).
 */
export function applyDueChanges(data: CommunityData, now: number): boolean {
  let changed = false;
  for (const room of data.rooms) {
    const due = room.futurePermissions.filter((change) => change.at <= now);
    if (due.length > 0) {
      room.futurePermissions = room.futurePermissions.filter((change) => change.at > now);
      for (const change of due) {
        const override = (room.permissions[change.sessionId] ??= {});
        for (const name of ['read', 'write', 'upload'] as const) {
          const value = change[name];
          if (value !== undefined) override[name] = value;
        }
        if (Object.keys(override).length === 0) delete room.permissions[change.sessionId];
      }
      changed = true;
    }
    for (const [sessionId, until] of Object.entries(room.bans)) {
      if (until !== null && until <= now) {
        delete room.bans[sessionId];
        changed = true;
      }
    }
  }
  for (const [sessionId, until] of Object.entries(data.globalBans)) {
    if (until !== null && until <= now) {
      delete data.globalBans[sessionId];
      changed = true;
    }
  }
  return changed;
}
