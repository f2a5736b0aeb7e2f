// The changes of staff and bans that the API (moderationRoutes.ts), the operator commands
// (communityAdmin.ts) and the deferred changes of 05 IDs (unblindedUsers.ts) all make, in one place
// so that they follow the same pysogs rules (protocol-messages.md §6.7 "Mod flags").
import type { CommunityData, Moderator, Room } from './communityData';

/** The flags of `POST /user/<sid>/moderator`; absent or null leaves that side alone. */
export interface RoleFlags {
  readonly moderator?: boolean | null;
  readonly admin?: boolean | null;
  readonly visible?: boolean | null;
}

export class StaffChangeError extends Error {}

export function checkRoleFlags(flags: RoleFlags): void {
  const moderator = flags.moderator ?? undefined;
  const admin = flags.admin ?? undefined;
  if (moderator === undefined && admin === undefined)
    throw new StaffChangeError('moderator or admin is required');
  if (moderator === false && admin === true)
    throw new StaffChangeError('admin=true cannot go with moderator=false');
}

/**
 * The role after applying the flags (null: none). admin=true grants admin; moderator=true grants
 * moderator and keeps admin; moderator=false removes both; admin=false demotes an admin to
 * moderator but makes no one a moderator unless moderator=true. Visibility defaults to shown for
 * room staff and hidden for global staff, as in pysogs.
 */
export function nextRole(
  current: Moderator | undefined,
  flags: RoleFlags,
  global: boolean,
): Moderator | null {
  checkRoleFlags(flags);
  const moderator = flags.moderator ?? undefined;
  const admin = flags.admin ?? undefined;
  const visible = flags.visible ?? !global;
  if (moderator === false) return null;
  if (admin === true) return { admin: true, visible };
  if (moderator === true) return { admin: admin === false ? false : (current?.admin ?? false), visible };
  // admin=false alone.
  return current ? { admin: false, visible: current.visible } : null;
}

/** Applies role flags in a room, or globally when `room` is undefined; the rooms whose info changed. */
export function applyRole(
  data: CommunityData,
  room: Room | undefined,
  sessionId: string,
  flags: RoleFlags,
): Room[] {
  const roles = room ? room.moderators : data.globalModerators;
  const role = nextRole(roles[sessionId], flags, room === undefined);
  if (role) roles[sessionId] = role;
  else delete roles[sessionId];
  // The staff lists are room info: for global staff, every room's.
  const changed = room ? [room] : data.rooms;
  for (const each of changed) each.infoUpdates += 1;
  return changed;
}

/** `until`: unix seconds, or null for a ban without end. */
export function applyBan(
  data: CommunityData,
  room: Room | undefined,
  sessionId: string,
  until: number | null,
): void {
  if (room) room.bans[sessionId] = until;
  else data.globalBans[sessionId] = until;
}

export function applyUnban(data: CommunityData, room: Room | undefined, sessionId: string): void {
  if (room) delete room.bans[sessionId];
  else delete data.globalBans[sessionId];
}
