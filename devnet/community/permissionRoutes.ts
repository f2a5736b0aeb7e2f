// Per-user permissions of a room and scheduled changes of them (protocol-messages.md §6.7,
// "per-user read/write/upload/accessible, timed mutes"; bodies and replies as pysogs
// `routes/rooms.py`), for moderators: `POST …/permissions/<sid>` sets `read`, `accessible`,
// `write`, `upload` (true or false; null leaves it) or, with `default_<name>: true`, returns it to
// the room's default, and clears scheduled changes of what it sets unless `unschedule: false`;
// `POST …/futurePermissions/<sid>` schedules `read`, `write`, `upload` `in` seconds.
import type { FuturePermission, PermissionOverride, Room } from './communityData';
import { targetOf } from './moderationRoutes';
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

const overridable = ['accessible', 'read', 'write', 'upload'] as const;
const schedulable = ['read', 'write', 'upload'] as const;
/** pysogs refuses larger delays, taking them for a timestamp given by mistake. */
const maximumDelaySeconds = 1_000_000_000;

/** A 15… user, or the 15… ID of a 05… user who has used the server; 404 for one not seen yet. */
async function targetUser(context: CommunityContext, sessionId: string): Promise<string> {
  const target = await targetOf(context, sessionId);
  if (target.kind === 'pending') throw new HttpError(404, 'This user has not used the server yet');
  return target.sessionId;
}

function moderated(context: CommunityContext, token: string): Room {
  requireUser(context);
  const access = roomAccess(context, token);
  requireModerator(access);
  return access.room;
}

/**
 * What was assigned to a user in the room, not the defaults, as pysogs lists it: the overrides,
 * `banned` only when true, one of `admin`/`moderator` for staff, `hidden` for hidden staff.
 */
function assigned(room: Room, sessionId: string, now: number): Record<string, boolean> {
  const view: Record<string, boolean> = { ...room.permissions[sessionId] };
  const until = room.bans[sessionId];
  if (until !== undefined && (until === null || until > now)) view.banned = true;
  const role = room.moderators[sessionId];
  if (role) {
    view[role.admin ? 'admin' : 'moderator'] = true;
    if (!role.visible) view.hidden = true;
  }
  return view;
}

async function listAssigned(context: CommunityContext, [token]: readonly string[]) {
  const room = moderated(context, token!);
  const users = new Set([
    ...Object.keys(room.permissions),
    ...Object.keys(room.bans),
    ...Object.keys(room.moderators),
  ]);
  return json(Object.fromEntries([...users].sort().map((user) => [user, assigned(room, user, context.now)])));
}

async function userAssigned(context: CommunityContext, [token, sessionId]: readonly string[]) {
  const room = moderated(context, token!);
  return json(assigned(room, await targetUser(context, sessionId!), context.now));
}

function booleanOrNull(body: Record<string, unknown>, name: string): boolean | null {
  const value = body[name] ?? null;
  if (value !== null && typeof value !== 'boolean')
    throw new HttpError(400, `${name} must be true, false or null`);
  return value;
}

async function setPermissions(context: CommunityContext, [token, sessionIdText]: readonly string[]) {
  const room = moderated(context, token!);
  const sessionId = await targetUser(context, sessionIdText!);
  const body = jsonBody(context);
  const changes = new Map<(typeof overridable)[number], boolean | null>();
  for (const name of overridable) {
    const value = booleanOrNull(body, name);
    const backToDefault = booleanOrNull(body, `default_${name}`) === true;
    if (value !== null && backToDefault) throw new HttpError(400, `${name} cannot go with default_${name}`);
    if (value !== null) changes.set(name, value);
    else if (backToDefault) changes.set(name, null);
  }
  if (body.unschedule !== false) {
    const cleared = schedulable.filter((name) => changes.has(name));
    if (cleared.length > 0) {
      room.futurePermissions = room.futurePermissions.flatMap((change) => {
        if (change.sessionId !== sessionId) return [change];
        const kept: { -readonly [K in keyof FuturePermission]: FuturePermission[K] } = { ...change };
        for (const name of cleared) delete kept[name];
        return schedulable.some((name) => kept[name] !== undefined) ? [kept] : [];
      });
    }
  }
  const override: PermissionOverride = { ...room.permissions[sessionId] };
  for (const [name, value] of changes) {
    if (value === null) delete override[name];
    else override[name] = value;
  }
  if (Object.keys(override).length === 0) delete room.permissions[sessionId];
  else room.permissions[sessionId] = override;
  context.store.changed();
  return json({ ...assigned(room, sessionId, context.now), session_id: sessionId });
}

const futureView = (change: FuturePermission) => ({
  session_id: change.sessionId,
  at: change.at,
  ...(change.read !== undefined ? { read: change.read } : {}),
  ...(change.write !== undefined ? { write: change.write } : {}),
  ...(change.upload !== undefined ? { upload: change.upload } : {}),
});

function futureOf(room: Room, sessionId: string | undefined) {
  return room.futurePermissions
    .filter((change) => sessionId === undefined || change.sessionId === sessionId)
    .sort((left, right) => left.at - right.at)
    .map(futureView);
}

async function listFuture(context: CommunityContext, [token, sessionId]: readonly string[]) {
  const room = moderated(context, token!);
  return json(futureOf(room, sessionId === undefined ? undefined : await targetUser(context, sessionId)));
}

async function schedule(context: CommunityContext, [token, sessionIdText]: readonly string[]) {
  const room = moderated(context, token!);
  const sessionId = await targetUser(context, sessionIdText!);
  const body = jsonBody(context);
  const change: { -readonly [K in keyof FuturePermission]: FuturePermission[K] } = { sessionId, at: 0 };
  for (const name of schedulable) {
    const value = booleanOrNull(body, name);
    if (value !== null) change[name] = value;
  }
  if (schedulable.every((name) => change[name] === undefined)) {
    throw new HttpError(400, 'read, write or upload is required');
  }
  const delay = body.in;
  if (typeof delay !== 'number' || !(delay > 0 && delay < maximumDelaySeconds)) {
    throw new HttpError(400, 'in must be a number of seconds above 0 and below 1,000,000,000');
  }
  change.at = context.now + delay;
  room.futurePermissions.push(change);
  context.store.changed();
  return json(futureOf(room, sessionId));
}

export const permissionRoutes: readonly Route[] = [
  route('GET', '/room/*/permissions', listAssigned),
  route('GET', '/room/*/permissions/*', userAssigned),
  route('POST', '/room/*/permissions/*', setPermissions),
  route('GET', '/room/*/futurePermissions', (context, [token]) => listFuture(context, [token!])),
  route('GET', '/room/*/futurePermissions/*', listFuture),
  route('POST', '/room/*/futurePermissions/*', schedule),
];
