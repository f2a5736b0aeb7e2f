// Capabilities, the room list, room info, pollInfo, room edits and pins (protocol-messages.md §6.5,
// §6.7).
import { permissionsIn } from './permissions';
import {
  type CommunityContext,
  HttpError,
  integerParameter,
  json,
  jsonBody,
  requireAdmin,
  requireUser,
  route,
  roomAccess,
  type Route,
} from './routing';
import { permissionFields, activeUsers, roomView } from './views';

/** §6.5: pysogs advertises these, `blind` because blinded IDs are required. */
export const capabilities = ['blind', 'reactions', 'sogs'];

async function getCapabilities(context: CommunityContext) {
  const required = context.request.query.get('required');
  if (required === null) return json({ capabilities });
  const missing = required.split(',').filter((name) => name !== '' && !capabilities.includes(name));
  return json({ capabilities, missing }, missing.length > 0 ? 412 : 200);
}

async function getRooms(context: CommunityContext) {
  const rooms = context.data.rooms.flatMap((room) => {
    const permissions = permissionsIn(context.data, room, context.user, context.now);
    // pysogs lists only the rooms the caller can see.
    return permissions.accessible ? [roomView(context.data, room, permissions, context.now)] : [];
  });
  return json(rooms);
}

async function getRoom(context: CommunityContext, [token]: readonly string[]) {
  const { room, permissions } = roomAccess(context, token!);
  return json(roomView(context.data, room, permissions, context.now));
}

async function getPollInfo(context: CommunityContext, [token, since]: readonly string[]) {
  const infoUpdates = integerParameter(since!, 'info_updates');
  const { room, permissions } = roomAccess(context, token!);
  const poll: Record<string, unknown> = {
    token: room.token,
    active_users: activeUsers(room, context.now),
    ...permissionFields(room, permissions),
  };
  // §6.5: the full details only when they changed since the caller's info_updates.
  if (infoUpdates !== room.infoUpdates) poll.details = roomView(context.data, room, permissions, context.now);
  return json(poll);
}

const editableDefaults = ['read', 'accessible', 'write', 'upload'] as const;

async function editRoom(context: CommunityContext, [token]: readonly string[]) {
  requireUser(context);
  const access = roomAccess(context, token!);
  requireAdmin(access);
  const body = jsonBody(context);
  const room = access.room;
  if (body.name !== undefined) {
    if (typeof body.name !== 'string' || body.name.length === 0) throw new HttpError(400, 'Invalid name');
    room.name = body.name;
  }
  if (body.description !== undefined) {
    if (body.description !== null && typeof body.description !== 'string') {
      throw new HttpError(400, 'Invalid description');
    }
    room.description = body.description === '' ? null : body.description;
  }
  if (body.image !== undefined) {
    const file = context.data.files.find(
      (candidate) => candidate.id === body.image && candidate.token === room.token,
    );
    if (!file || (file.expiry !== null && file.expiry <= context.now)) {
      throw new HttpError(400, 'The image is not a file of this room');
    }
    // A room image is kept for good, not for the hour of an unreferenced upload.
    file.expiry = null;
    room.imageId = file.id;
  }
  const defaults = { ...room.defaults };
  for (const name of editableDefaults) {
    const value = body[`default_${name}`];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new HttpError(400, `Invalid default_${name}`);
    defaults[name] = value;
  }
  room.defaults = defaults;
  room.infoUpdates += 1;
  context.store.changed();
  return json({});
}

async function pin(context: CommunityContext, [token, id]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  requireAdmin(access);
  const messageId = integerParameter(id!, 'message id');
  const message = context.store.message(messageId);
  // pysogs pins neither deleted messages nor whispers.
  if (
    !message ||
    message.token !== access.room.token ||
    message.data === null ||
    message.whisperTo !== null ||
    message.whisperMods
  ) {
    throw new HttpError(404, 'No such message');
  }
  // Pinning again moves the pin to now, as pysogs does.
  access.room.pinned = access.room.pinned.filter((entry) => entry.id !== messageId);
  access.room.pinned.push({ id: messageId, pinnedAt: context.now, pinnedBy: user });
  access.room.infoUpdates += 1;
  context.store.changed();
  return json({ info_updates: access.room.infoUpdates });
}

async function unpin(context: CommunityContext, [token, id]: readonly string[]) {
  requireUser(context);
  const access = roomAccess(context, token!);
  requireAdmin(access);
  const room = access.room;
  const before = room.pinned.length;
  if (id === undefined) {
    room.pinned = [];
  } else {
    const messageId = integerParameter(id, 'message id');
    room.pinned = room.pinned.filter((entry) => entry.id !== messageId);
  }
  const unpinned = before - room.pinned.length;
  if (unpinned > 0) {
    room.infoUpdates += 1;
    context.store.changed();
  }
  // pysogs: a count for unpin/all, whether it was pinned for one message.
  return json({ unpinned: id === undefined ? unpinned : unpinned > 0, info_updates: room.infoUpdates });
}

export const roomRoutes: readonly Route[] = [
  route('GET', '/capabilities', getCapabilities),
  route('GET', '/rooms', getRooms),
  route('GET', '/room/*', getRoom),
  route('PUT', '/room/*', editRoom),
  route('GET', '/room/*/pollInfo/*', getPollInfo),
  route('POST', '/room/*/pin/*', pin),
  // Listed before unpin/<id>, so that "all" is not read as a message ID.
  route('POST', '/room/*/unpin/all', (context, [token]) => unpin(context, [token!])),
  route('POST', '/room/*/unpin/*', unpin),
];
