// Capabilities, the room list, room info, pollInfo, room edits and pins (protocol-messages.md §6.5,
// §6.7).
import { permissionsIn } from './permissions';
import { referencedFileSeconds } from './roomFiles';
import {
  type CommunityContext,
  HttpError,
  integerParameter,
  json,
  jsonBody,
  requireAdmin,
  requireRead,
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
  // As pysogs: `missing` only when something is, each comma-separated name checked as given.
  const missing = required.split(',').filter((name) => !capabilities.includes(name));
  return missing.length > 0 ? json({ capabilities, missing }, 412) : json({ capabilities });
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
  const access = roomAccess(context, token!);
  // pysogs: pollInfo needs read access, where room info needs only access.
  requireRead(access);
  const { room, permissions } = access;
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

/** pysogs strips control characters: all from a name, all but tab and newline from a description. */
// eslint-disable-next-line no-control-regex
const nameControls = /[\u0000-\u001f]/gu;
// eslint-disable-next-line no-control-regex
const descriptionControls = /[\u0000-\u0008\u000b-\u001f]/gu;

async function editRoom(context: CommunityContext, [token]: readonly string[]) {
  requireUser(context);
  const access = roomAccess(context, token!);
  requireAdmin(access);
  const body = jsonBody(context);
  const room = access.room;
  let changed = false;
  if ('name' in body) {
    if (typeof body.name !== 'string') throw new HttpError(400, 'Invalid name');
    room.name = body.name.replace(nameControls, '');
    changed = true;
  }
  if ('description' in body) {
    if (body.description !== null && typeof body.description !== 'string') {
      throw new HttpError(400, 'Invalid description');
    }
    const description = body.description?.replace(descriptionControls, '') ?? null;
    room.description = description === '' ? null : description;
    changed = true;
  }
  if ('image' in body) {
    if (!Number.isSafeInteger(body.image)) throw new HttpError(400, 'Invalid image');
    const file = context.data.files.find(
      (candidate) => candidate.id === body.image && candidate.token === room.token,
    );
    // pysogs: 406 for an image that is not an upload of this room.
    if (!file || (file.expiry !== null && file.expiry <= context.now)) {
      throw new HttpError(406, 'The image is not a file of this room');
    }
    // A room image is kept for good, not for the hour of an unreferenced upload; the image it
    // replaces gets the lifetime of a post's file (pysogs: it may be attached to a post too).
    const previous = context.data.files.find((candidate) => candidate.id === room.imageId);
    if (previous && previous !== file && previous.expiry === null) {
      previous.expiry = context.now + referencedFileSeconds;
    }
    file.expiry = null;
    room.imageId = file.id;
    changed = true;
  }
  const defaults = { ...room.defaults };
  for (const name of editableDefaults) {
    const value = body[`default_${name}`] ?? null;
    if (value === null) continue;
    if (typeof value !== 'boolean' && !Number.isInteger(value))
      throw new HttpError(400, `Invalid default_${name}`);
    defaults[name] = Boolean(value);
    changed = true;
  }
  if (!changed) throw new HttpError(400, 'Nothing to update');
  room.defaults = defaults;
  room.infoUpdates += 1;
  context.store.changed();
  return json({ info_updates: room.infoUpdates });
}

async function pin(context: CommunityContext, [token, id]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  requireAdmin(access);
  const messageId = integerParameter(id!, 'message id');
  const message = context.store.messages.message(messageId);
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
