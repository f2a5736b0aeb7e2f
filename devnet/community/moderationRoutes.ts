// Moderators and admins, bans, purges (protocol-messages.md §6.7, pysogs `routes/users.py`):
// `POST /user/<sid>/moderator`, `/ban`, `/unban` with exactly one of `rooms` (`["*"]`: every room
// where the caller may) or `global: true`; `DELETE /room/<t>/all/<sid>` and
// `DELETE /rooms/all/<sid>`. Users are named by 15… or 05… IDs; a 05 user not seen yet gets the
// change when they first come (unblindedUsers.ts).
import type { Room } from './communityData';
import { deleteMessage } from './messageRoutes';
import { permissionsIn } from './permissions';
import {
  type CommunityContext,
  HttpError,
  json,
  jsonBody,
  requireUser,
  roomAccess,
  route,
  type Route,
} from './routing';
import {
  applyBan,
  applyRole,
  applyUnban,
  checkRoleFlags,
  type RoleFlags,
  StaffChangeError,
} from './staffChanges';
import { resolveUser, type UserTarget, UserIdError } from './unblindedUsers';

/** The user a path names, 15… or 05…; 400 for anything else. */
export async function targetOf(context: CommunityContext, sessionId: string): Promise<UserTarget> {
  try {
    return await resolveUser(context.data, context.serverPublicKey, sessionId);
  } catch (error) {
    if (error instanceof UserIdError) throw new HttpError(400, error.message);
    throw error;
  }
}

type Scope = { readonly global: true } | { readonly rooms: readonly Room[] };

/** The rooms (or global scope) of a moderation body, each checked against the caller's role. */
function scopeOf(
  context: CommunityContext,
  body: Record<string, unknown>,
  role: 'admin' | 'moderator',
): Scope {
  const user = requireUser(context);
  const tokens = body.rooms ?? null;
  const global = body.global ?? false;
  if (tokens !== null && !Array.isArray(tokens))
    throw new HttpError(400, 'rooms must be a list of room tokens');
  if (typeof global !== 'boolean') throw new HttpError(400, 'global must be true or false');
  const hasRooms = Array.isArray(tokens) && tokens.length > 0;
  if (hasRooms === global) throw new HttpError(400, 'Exactly one of rooms and global is required');
  const has = (room: Room) => {
    const permissions = permissionsIn(context.data, room, user, context.now);
    return role === 'admin' ? permissions.admin : permissions.moderator;
  };
  if (global) {
    const globalRole = context.data.globalModerators[user];
    if (!globalRole || (role === 'admin' && !globalRole.admin)) {
      throw new HttpError(403, `Global ${role} permission required`);
    }
    return { global: true };
  }
  const list = tokens as unknown[];
  if (!list.every((token) => typeof token === 'string'))
    throw new HttpError(400, 'rooms must be room tokens');
  if (list.length > 1 && list.includes('*')) throw new HttpError(400, '"*" must be the only room');
  if (list[0] === '*') {
    const rooms = context.data.rooms.filter(has);
    if (rooms.length === 0) throw new HttpError(403, `You are not ${role} of any room`);
    return { rooms };
  }
  const rooms = (list as string[]).map((token) => {
    const room = context.store.room(token);
    if (!room) throw new HttpError(404, `No such room: ${token}`);
    return room;
  });
  if (!rooms.every(has)) throw new HttpError(403, `${role} permission required in every room given`);
  return { rooms };
}

function optionalBoolean(body: Record<string, unknown>, name: string): boolean | null {
  const value = body[name] ?? null;
  if (value !== null && typeof value !== 'boolean') throw new HttpError(400, `${name} must be true or false`);
  return value;
}

function roleFlags(body: Record<string, unknown>): RoleFlags {
  const flags = {
    moderator: optionalBoolean(body, 'moderator'),
    admin: optionalBoolean(body, 'admin'),
    visible: optionalBoolean(body, 'visible'),
  };
  try {
    checkRoleFlags(flags);
  } catch (error) {
    if (error instanceof StaffChangeError) throw new HttpError(400, error.message);
    throw error;
  }
  return flags;
}

async function setModerator(context: CommunityContext, [sessionId]: readonly string[]) {
  const body = jsonBody(context);
  const scope = scopeOf(context, body, 'admin');
  const flags = roleFlags(body);
  const target = await targetOf(context, sessionId!);
  const rooms = 'global' in scope ? [undefined] : scope.rooms;
  for (const room of rooms) {
    if (target.kind === 'blinded') applyRole(context.data, room, target.sessionId, flags);
    else target.user.changes.push({ kind: 'role', ...(room ? { room: room.token } : {}), flags });
  }
  context.store.changed();
  const changed = 'global' in scope ? context.data.rooms : scope.rooms;
  return json({ info_updates: Object.fromEntries(changed.map((room) => [room.token, room.infoUpdates])) });
}

function banTimeout(body: Record<string, unknown>, now: number): number | null {
  const timeout = body.timeout ?? null;
  if (timeout === null) return null;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout)) {
    throw new HttpError(400, 'timeout must be a number of seconds');
  }
  return now + timeout;
}

/**
 * pysogs `ban_user`: not oneself, never global staff, and room staff only by an admin of the room.
 * `rooms` holds undefined for a global ban.
 */
function checkBan(
  context: CommunityContext,
  rooms: readonly (Room | undefined)[],
  caller: string,
  sessionId: string,
): void {
  if (sessionId === caller) throw new HttpError(403, 'You cannot ban yourself');
  if (context.data.globalModerators[sessionId])
    throw new HttpError(403, 'Global moderators cannot be banned');
  for (const room of rooms) {
    if (!room || !room.moderators[sessionId]) continue;
    if (!permissionsIn(context.data, room, caller, context.now).admin) {
      throw new HttpError(403, `Only admins can ban moderators of ${room.token}`);
    }
  }
}

async function ban(context: CommunityContext, [sessionId]: readonly string[]) {
  const body = jsonBody(context);
  const scope = scopeOf(context, body, 'moderator');
  const until = banTimeout(body, context.now);
  const target = await targetOf(context, sessionId!);
  const rooms = 'global' in scope ? [undefined] : scope.rooms;
  if (target.kind === 'blinded') {
    checkBan(context, rooms, requireUser(context), target.sessionId);
    for (const room of rooms) {
      // pysogs: a banned room moderator (only an admin may ban one) stops being one.
      if (room && room.moderators[target.sessionId]) {
        delete room.moderators[target.sessionId];
        room.infoUpdates += 1;
      }
      applyBan(context.data, room, target.sessionId, until);
    }
  } else {
    for (const room of rooms)
      target.user.changes.push({ kind: 'ban', ...(room ? { room: room.token } : {}), until });
  }
  context.store.changed();
  return json({});
}

async function unban(context: CommunityContext, [sessionId]: readonly string[]) {
  const scope = scopeOf(context, jsonBody(context), 'moderator');
  const target = await targetOf(context, sessionId!);
  const rooms = 'global' in scope ? [undefined] : scope.rooms;
  for (const room of rooms) {
    if (target.kind === 'blinded') applyUnban(context.data, room, target.sessionId);
    else target.user.changes.push({ kind: 'unban', ...(room ? { room: room.token } : {}) });
  }
  context.store.changed();
  return json({});
}

/** Deletes the target's live posts in the room (and expires their uploads); how many there were. */
function purge(context: CommunityContext, room: Room, target: UserTarget): number {
  // A 05 user who never came has posted nothing.
  if (target.kind === 'pending') return 0;
  expireUploads(context, room, target);
  const messages = context.store.messages.livePostsOf(room.token, target.sessionId);
  for (const message of messages) deleteMessage(context, room, message);
  return messages.length;
}

/**
 * pysogs `delete_all_posts`: one's own posts, or a moderator anyone's but an admin's, which only an
 * admin may purge; the poster's uploads in the room go too, the room image excepted.
 */
function checkPurge(context: CommunityContext, room: Room, caller: string, target: UserTarget): void {
  if (target.kind === 'blinded' && target.sessionId === caller) return;
  const callerPermissions = permissionsIn(context.data, room, caller, context.now);
  if (!callerPermissions.moderator) throw new HttpError(403, 'Moderator permission required');
  const targetAdmin =
    target.kind === 'blinded' && permissionsIn(context.data, room, target.sessionId, context.now).admin;
  if (targetAdmin && !callerPermissions.admin) {
    throw new HttpError(403, 'Only admins can delete all posts of another admin');
  }
}

function expireUploads(context: CommunityContext, room: Room, target: UserTarget): void {
  if (target.kind === 'pending') return;
  for (const file of context.data.files) {
    if (file.token === room.token && file.uploader === target.sessionId && file.id !== room.imageId) {
      file.expiry = 0;
    }
  }
}

async function purgeRoom(context: CommunityContext, [token, sessionId]: readonly string[]) {
  const caller = requireUser(context);
  const access = roomAccess(context, token!);
  const target = await targetOf(context, sessionId!);
  checkPurge(context, access.room, caller, target);
  // pysogs: {} when something went, 404 when the user had no posts here.
  if (context.store.messages.transaction(() => purge(context, access.room, target)) === 0)
    throw new HttpError(404, 'This user has no posts in this room');
  return json({});
}

async function purgeAllRooms(context: CommunityContext, [sessionId]: readonly string[]) {
  const user = requireUser(context);
  // pysogs goes through every room and skips those where the caller may not purge this user.
  const rooms = context.data.rooms;
  const target = await targetOf(context, sessionId!);
  const allowed = rooms.filter((room) => {
    try {
      checkPurge(context, room, user, target);
      return true;
    } catch {
      return false;
    }
  });
  // One transaction for every room: the purge is kept whole or not at all.
  const counts = context.store.messages.transaction(() =>
    Object.fromEntries(allowed.map((room) => [room.token, purge(context, room, target)])),
  );
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return json({ total, rooms: counts });
}

export const moderationRoutes: readonly Route[] = [
  route('POST', '/user/*/moderator', setModerator),
  route('POST', '/user/*/ban', ban),
  route('POST', '/user/*/unban', unban),
  route('DELETE', '/room/*/all/*', purgeRoom),
  route('DELETE', '/rooms/all/*', purgeAllRooms),
];
