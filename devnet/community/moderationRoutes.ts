// Moderators and admins, bans, purges (protocol-messages.md §6.7): `POST /user/<sid>/moderator`,
// `/ban`, `/unban` with exactly one of `rooms` (`["*"]`: every room where the caller may) or
// `global: true`; `DELETE /room/<t>/all/<sid>` and `DELETE /rooms/all/<sid>`. Until the blinding
// helpers are merged (issue 15), users are named by their 15… ID only.
import { blindedIdPattern, type Moderator, type Room } from './communityData';
import { deleteMessage } from './messageRoutes';
import { permissionsIn } from './permissions';
import {
  type CommunityContext,
  HttpError,
  json,
  jsonBody,
  requireModerator,
  requireUser,
  roomAccess,
  route,
  type Route,
} from './routing';

export function targetUser(sessionId: string): string {
  if (!blindedIdPattern.test(sessionId))
    throw new HttpError(400, 'Invalid session ID: expected a 15… blinded ID');
  return sessionId;
}

type Scope = { readonly global: true } | { readonly rooms: readonly Room[] };

/** The rooms (or global scope) of a moderation body, each checked against the caller's role. */
function scopeOf(
  context: CommunityContext,
  body: Record<string, unknown>,
  role: 'admin' | 'moderator',
): Scope {
  const user = requireUser(context);
  if ((body.rooms === undefined) === (body.global === undefined)) {
    throw new HttpError(400, 'Exactly one of rooms and global is required');
  }
  const has = (room: Room) => {
    const permissions = permissionsIn(context.data, room, user, context.now);
    return role === 'admin' ? permissions.admin : permissions.moderator;
  };
  if (body.global !== undefined) {
    if (body.global !== true) throw new HttpError(400, 'global must be true');
    const global = context.data.globalModerators[user];
    if (!global || (role === 'admin' && !global.admin))
      throw new HttpError(403, `Global ${role} permission required`);
    return { global: true };
  }
  const tokens = body.rooms;
  if (!Array.isArray(tokens) || tokens.length === 0 || !tokens.every((token) => typeof token === 'string')) {
    throw new HttpError(400, 'rooms must be a list of room tokens');
  }
  if (tokens.length === 1 && tokens[0] === '*') {
    const rooms = context.data.rooms.filter(has);
    if (rooms.length === 0) throw new HttpError(403, `You are not ${role} of any room`);
    return { rooms };
  }
  const rooms = (tokens as string[]).map((token) => {
    const room = context.store.room(token);
    if (!room) throw new HttpError(404, `No such room: ${token}`);
    if (!has(room)) throw new HttpError(403, `${role} permission required in ${token}`);
    return room;
  });
  return { rooms };
}

function optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value !== undefined && typeof value !== 'boolean')
    throw new HttpError(400, `${name} must be true or false`);
  return value;
}

/** §6.7: admin=true grants admin; moderator=false removes both; admin=false demotes to moderator. */
function newRole(
  current: Moderator | undefined,
  body: Record<string, unknown>,
  global: boolean,
): Moderator | null {
  const moderator = optionalBoolean(body, 'moderator');
  const admin = optionalBoolean(body, 'admin');
  // pysogs shows room staff by default and hides global staff.
  const visible = optionalBoolean(body, 'visible') ?? current?.visible ?? !global;
  if (moderator === undefined && admin === undefined)
    throw new HttpError(400, 'moderator or admin is required');
  if (moderator === false && admin === true) throw new HttpError(400, 'admin=true needs moderator');
  if (moderator === false) return null;
  if (admin === true) return { admin: true, visible };
  if (admin === false) return { admin: false, visible };
  return { admin: current?.admin ?? false, visible };
}

async function setModerator(context: CommunityContext, [sessionIdText]: readonly string[]) {
  const sessionId = targetUser(sessionIdText!);
  const body = jsonBody(context);
  const scope = scopeOf(context, body, 'admin');
  const rooms = 'global' in scope ? context.data.rooms : scope.rooms;
  if ('global' in scope) {
    const role = newRole(context.data.globalModerators[sessionId], body, true);
    if (role) context.data.globalModerators[sessionId] = role;
    else delete context.data.globalModerators[sessionId];
  } else {
    for (const room of scope.rooms) {
      const role = newRole(room.moderators[sessionId], body, false);
      if (role) room.moderators[sessionId] = role;
      else delete room.moderators[sessionId];
    }
  }
  // The staff lists are room info, so every affected room's info changes.
  const infoUpdates: Record<string, number> = {};
  for (const room of rooms) {
    room.infoUpdates += 1;
    infoUpdates[room.token] = room.infoUpdates;
  }
  context.store.changed();
  return json({ info_updates: infoUpdates });
}

function banTimeout(body: Record<string, unknown>, now: number): number | null {
  const timeout = body.timeout;
  if (timeout === undefined || timeout === null) return null;
  if (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout)) {
    throw new HttpError(400, 'timeout must be a positive number of seconds');
  }
  return now + timeout;
}

async function ban(context: CommunityContext, [sessionIdText]: readonly string[]) {
  const sessionId = targetUser(sessionIdText!);
  const body = jsonBody(context);
  const scope = scopeOf(context, body, 'moderator');
  const until = banTimeout(body, context.now);
  // pysogs refuses to ban staff: a moderator must be removed first.
  if ('global' in scope) {
    if (context.data.globalModerators[sessionId]) throw new HttpError(403, 'Cannot ban a moderator');
    context.data.globalBans[sessionId] = until;
  } else {
    for (const room of scope.rooms) {
      if (permissionsIn(context.data, room, sessionId, context.now).moderator) {
        throw new HttpError(403, `Cannot ban a moderator of ${room.token}`);
      }
    }
    for (const room of scope.rooms) room.bans[sessionId] = until;
  }
  context.store.changed();
  return json({});
}

async function unban(context: CommunityContext, [sessionIdText]: readonly string[]) {
  const sessionId = targetUser(sessionIdText!);
  const scope = scopeOf(context, jsonBody(context), 'moderator');
  if ('global' in scope) delete context.data.globalBans[sessionId];
  else for (const room of scope.rooms) delete room.bans[sessionId];
  context.store.changed();
  return json({});
}

function purge(context: CommunityContext, room: Room, sessionId: string): number {
  const messages = context.data.messages.filter(
    (message) => message.token === room.token && message.sessionId === sessionId && message.data !== null,
  );
  for (const message of messages) deleteMessage(context, room, message);
  return messages.length;
}

async function purgeRoom(context: CommunityContext, [token, sessionIdText]: readonly string[]) {
  requireUser(context);
  const sessionId = targetUser(sessionIdText!);
  const access = roomAccess(context, token!);
  requireModerator(access);
  return json({ messages_deleted: purge(context, access.room, sessionId) });
}

async function purgeAllRooms(context: CommunityContext, [sessionIdText]: readonly string[]) {
  const user = requireUser(context);
  const sessionId = targetUser(sessionIdText!);
  const rooms = context.data.rooms.filter(
    (room) => permissionsIn(context.data, room, user, context.now).moderator,
  );
  if (rooms.length === 0) throw new HttpError(403, 'Moderator permission required');
  const deleted = rooms.reduce((total, room) => total + purge(context, room, sessionId), 0);
  return json({ messages_deleted: deleted });
}

export const moderationRoutes: readonly Route[] = [
  route('POST', '/user/*/moderator', setModerator),
  route('POST', '/user/*/ban', ban),
  route('POST', '/user/*/unban', unban),
  route('DELETE', '/room/*/all/*', purgeRoom),
  route('DELETE', '/rooms/all/*', purgeAllRooms),
];
