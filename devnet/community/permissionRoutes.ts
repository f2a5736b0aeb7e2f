// Per-user permissions of a room and scheduled changes of them (protocol-messages.md §6.7,
// "per-user read/write/upload/accessible, timed mutes"), for moderators. The doc names the routes
// but not their bodies; these are: `POST …/permissions/<sid>` with `read`, `accessible`, `write`,
// `upload` each true, false or null (back to the default), and `POST …/futurePermissions/<sid>`
// with `in` (seconds from now) and `read`, `write`, `upload` the same way.
import type { FuturePermission, PermissionOverride } from './communityData';
import { targetOf } from './moderationRoutes';
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

const overridable = ['read', 'accessible', 'write', 'upload'] as const;
const schedulable = ['read', 'write', 'upload'] as const;

/** A 15… user, or the 15… ID of a 05… user who has used the server; 404 for one not seen yet. */
async function targetUser(context: CommunityContext, sessionId: string): Promise<string> {
  const target = await targetOf(context, sessionId);
  if (target.kind === 'pending') throw new HttpError(404, 'This user has not used the server yet');
  return target.sessionId;
}

function moderated(context: CommunityContext, token: string) {
  requireUser(context);
  const access = roomAccess(context, token);
  requireModerator(access);
  return access;
}

function setting(body: Record<string, unknown>, name: string): boolean | null | undefined {
  const value = body[name];
  if (value !== undefined && value !== null && typeof value !== 'boolean') {
    throw new HttpError(400, `${name} must be true, false or null`);
  }
  return value;
}

async function listOverrides(context: CommunityContext, [token]: readonly string[]) {
  const { room } = moderated(context, token!);
  return json(room.permissions);
}

async function userPermissions(context: CommunityContext, [token, sessionIdText]: readonly string[]) {
  const { room } = moderated(context, token!);
  const sessionId = await targetUser(context, sessionIdText!);
  const effective = permissionsIn(context.data, room, sessionId, context.now);
  return json({
    ...(room.permissions[sessionId] ?? {}),
    effective: {
      read: effective.read,
      accessible: effective.accessible,
      write: effective.write,
      upload: effective.upload,
      banned: effective.banned,
    },
  });
}

async function setPermissions(context: CommunityContext, [token, sessionIdText]: readonly string[]) {
  const { room } = moderated(context, token!);
  const sessionId = await targetUser(context, sessionIdText!);
  const body = jsonBody(context);
  const override: PermissionOverride = { ...room.permissions[sessionId] };
  for (const name of overridable) {
    const value = setting(body, name);
    if (value === null) delete override[name];
    else if (value !== undefined) override[name] = value;
  }
  if (Object.keys(override).length === 0) delete room.permissions[sessionId];
  else room.permissions[sessionId] = override;
  context.store.changed();
  return json({});
}

const futureView = (change: FuturePermission) => ({
  session_id: change.sessionId,
  at: change.at,
  ...(change.read !== undefined ? { read: change.read } : {}),
  ...(change.write !== undefined ? { write: change.write } : {}),
  ...(change.upload !== undefined ? { upload: change.upload } : {}),
});

async function listFuture(context: CommunityContext, [token, sessionIdText]: readonly string[]) {
  const { room } = moderated(context, token!);
  const sessionId = sessionIdText === undefined ? undefined : await targetUser(context, sessionIdText);
  const changes = room.futurePermissions
    .filter((change) => sessionId === undefined || change.sessionId === sessionId)
    .sort((left, right) => left.at - right.at);
  return json(changes.map(futureView));
}

async function schedule(context: CommunityContext, [token, sessionIdText]: readonly string[]) {
  const { room } = moderated(context, token!);
  const sessionId = await targetUser(context, sessionIdText!);
  const body = jsonBody(context);
  const delay = body.in;
  if (typeof delay !== 'number' || !(delay > 0) || !Number.isFinite(delay)) {
    throw new HttpError(400, 'in must be a positive number of seconds');
  }
  const change: { -readonly [K in keyof FuturePermission]: FuturePermission[K] } = {
    sessionId,
    at: context.now + delay,
  };
  for (const name of schedulable) {
    const value = setting(body, name);
    if (value !== undefined) change[name] = value;
  }
  if (schedulable.every((name) => change[name] === undefined)) {
    throw new HttpError(400, 'read, write or upload is required');
  }
  room.futurePermissions.push(change);
  context.store.changed();
  return json({});
}

export const permissionRoutes: readonly Route[] = [
  route('GET', '/room/*/permissions', listOverrides),
  route('GET', '/room/*/permissions/*', userPermissions),
  route('POST', '/room/*/permissions/*', setPermissions),
  route('GET', '/room/*/futurePermissions', (context, [token]) => listFuture(context, [token!])),
  route('GET', '/room/*/futurePermissions/*', listFuture),
  route('POST', '/room/*/futurePermissions/*', schedule),
];
