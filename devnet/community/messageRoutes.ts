// Reading, posting, editing and deleting messages (protocol-messages.md §6.4, §6.5): every change
// takes the room's next seqno, so `since/<seqno>` returns posts, edits, deletions and (with `t=r`)
// reaction-only updates in the order they happened.
import type { Message, Room } from './communityData';
import { attachFiles } from './roomFiles';
import {
  base64Field,
  type CommunityContext,
  type CommunityReply,
  HttpError,
  integerParameter,
  json,
  jsonBody,
  limitParameter,
  requireRead,
  requireUser,
  requireWrite,
  roomAccess,
  type RoomAccess,
  route,
  type Route,
} from './routing';
import { blindedIdPattern } from './communityData';
import type { MessageViewer } from './messageDatabase';
import { canSee, defaultReactorLimit, maximumReactorLimit, messageView, reactionUpdateView } from './views';

const defaultLimit = 100;
const maximumLimit = 256;

/** Gives a message the room's next seqno; `data` when its content changed, not only its reactions. */
export function touch(room: Room, message: Message, data: boolean): void {
  room.messageSequence += 1;
  message.seqno = room.messageSequence;
  if (data) message.dataSeqno = room.messageSequence;
}

function reactorLimit(context: CommunityContext): number {
  const text = context.request.query.get('reactors');
  if (text === null) return defaultReactorLimit;
  if (!/^-?[0-9]{1,15}$/u.test(text)) throw new HttpError(400, 'Invalid reactors');
  // pysogs truncates into 0…20.
  return Math.min(Math.max(Number(text), 0), maximumReactorLimit);
}

function readable(context: CommunityContext, token: string): RoomAccess {
  const access = roomAccess(context, token);
  requireRead(access);
  return access;
}

/** Who lists the room's messages, and so which of them: the caller with their permissions. */
function viewerIn(context: CommunityContext, access: RoomAccess): MessageViewer {
  return {
    sessionId: context.user,
    read: access.permissions.read,
    moderator: access.permissions.moderator,
  };
}

/**
 * Message views for a listing; without read, pysogs gives seqno 0 so that a client that later gains
 * read fetches the history from the start.
 */
function listed(access: RoomAccess, views: Record<string, unknown>[]): CommunityReply {
  return json(access.permissions.read ? views : views.map((view) => ({ ...view, seqno: 0 })));
}

async function recent(context: CommunityContext, [token]: readonly string[]) {
  const access = roomAccess(context, token!);
  const limit = limitParameter(context, defaultLimit, maximumLimit);
  const reactors = reactorLimit(context);
  const newest = context.store.messages.recent(access.room.token, viewerIn(context, access), limit);
  return listed(
    access,
    newest.map((message) => messageView(message, context.user, reactors)),
  );
}

async function before(context: CommunityContext, [token, id]: readonly string[]) {
  const access = roomAccess(context, token!);
  const beforeId = integerParameter(id!, 'message id');
  const limit = limitParameter(context, defaultLimit, maximumLimit);
  const reactors = reactorLimit(context);
  const page = context.store.messages.before(access.room.token, beforeId, viewerIn(context, access), limit);
  return listed(
    access,
    page.map((message) => messageView(message, context.user, reactors)),
  );
}

async function since(context: CommunityContext, [token, seqnoText]: readonly string[]) {
  const access = roomAccess(context, token!);
  const seqno = integerParameter(seqnoText!, 'seqno');
  const limit = limitParameter(context, defaultLimit, maximumLimit);
  const reactors = reactorLimit(context);
  const withReactions = context.request.query.get('t') === 'r';
  const viewer = viewerIn(context, access);
  const updates = context.store.messages.since(access.room.token, seqno, withReactions, viewer, limit);
  return listed(
    access,
    updates.map((message) =>
      message.dataSeqno > seqno
        ? messageView(message, context.user, reactors)
        : reactionUpdateView(message, context.user, reactors),
    ),
  );
}

async function single(context: CommunityContext, [token, id]: readonly string[]) {
  const access = readable(context, token!);
  const message = context.store.messages.message(integerParameter(id!, 'message id'));
  if (
    !message ||
    message.token !== access.room.token ||
    !canSee(message, context.user, access.permissions.moderator)
  ) {
    throw new HttpError(404, 'No such message');
  }
  return json(messageView(message, context.user, reactorLimit(context)));
}

/** §6.4: 5 posts per 16 s for everyone but admins (moderators included, as pysogs); 429 beyond. */
function checkRateLimit(context: CommunityContext, access: RoomAccess, user: string): void {
  if (access.permissions.admin) return;
  const key = `${access.room.token}\u0000${user}`;
  const windowStart = context.now - context.limits.postWindowSeconds;
  const times = (context.recentPosts.get(key) ?? []).filter((at) => at > windowStart);
  if (times.length >= context.limits.postLimit) {
    context.recentPosts.set(key, times);
    throw new HttpError(429, 'Rate limit exceeded: too many posts');
  }
  times.push(context.now);
  context.recentPosts.set(key, times);
}

function fileIds(value: unknown): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
    throw new HttpError(400, 'files must be a list of file IDs');
  }
  return value as number[];
}

async function post(context: CommunityContext, [token]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  requireRead(access);
  requireWrite(access);
  const body = jsonBody(context);
  const data = base64Field(body.data, 'data');
  const signature = base64Field(body.signature, 'signature', 64);
  const whisperTo = body.whisper_to ?? null;
  const whisperMods = body.whisper_mods ?? false;
  if (whisperTo !== null && (typeof whisperTo !== 'string' || !blindedIdPattern.test(whisperTo))) {
    throw new HttpError(400, 'Invalid whisper_to');
  }
  if (typeof whisperMods !== 'boolean') throw new HttpError(400, 'Invalid whisper_mods');
  if ((whisperTo !== null || whisperMods) && !access.permissions.moderator) {
    throw new HttpError(403, 'Only moderators can send whispers');
  }
  const files = fileIds(body.files);
  checkRateLimit(context, access, user);
  const message: Message = {
    id: context.store.messages.nextId,
    token: access.room.token,
    sessionId: user,
    posted: context.now,
    edited: null,
    seqno: 0,
    dataSeqno: 0,
    createdSeqno: 0,
    data,
    signature,
    whisperTo,
    whisperMods,
    files: [],
    reactions: [],
  };
  touch(access.room, message, true);
  message.createdSeqno = message.seqno;
  attachFiles(context, message, files);
  context.store.messages.add(message);
  // pysogs answers a post with `filtered: false` (its profanity filter let it through).
  return json({ ...messageView(message, user), filtered: false }, 201);
}

function ownMessage(context: CommunityContext, access: RoomAccess, id: string): Message {
  const message = context.store.messages.message(integerParameter(id, 'message id'));
  if (!message || message.token !== access.room.token || message.data === null) {
    throw new HttpError(404, 'No such message');
  }
  return message;
}

async function edit(context: CommunityContext, [token, id]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  requireRead(access);
  requireWrite(access);
  const message = ownMessage(context, access, id!);
  // pysogs: only the author edits, moderators included.
  if (message.sessionId !== user) throw new HttpError(403, 'You can only edit your own messages');
  const body = jsonBody(context);
  message.data = base64Field(body.data, 'data');
  message.signature = base64Field(body.signature, 'signature', 64);
  message.edited = context.now;
  touch(access.room, message, true);
  attachFiles(context, message, fileIds(body.files));
  context.store.messages.save(message);
  return json({});
}

/**
 * Turns a message into its deletion stub (§6.4: `data` null, `deleted` true, no reactions), written at
 * once; a pin of it goes too.
 */
export function deleteMessage(context: CommunityContext, room: Room, message: Message): void {
  message.data = null;
  message.signature = null;
  message.reactions = [];
  message.files = [];
  if (room.pinned.some((pin) => pin.id === message.id)) {
    // The pinned list is room info: clients learn of the change through info_updates.
    room.pinned = room.pinned.filter((pin) => pin.id !== message.id);
    room.infoUpdates += 1;
    context.store.changed();
  }
  touch(room, message, true);
  context.store.messages.save(message);
}

async function remove(context: CommunityContext, [token, id]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  requireRead(access);
  // pysogs checks write permission before deleting, one's own messages included.
  requireWrite(access);
  const message = ownMessage(context, access, id!);
  if (message.sessionId !== user && !access.permissions.moderator) {
    throw new HttpError(403, 'You can only delete your own messages');
  }
  deleteMessage(context, access.room, message);
  return json({});
}

export const messageRoutes: readonly Route[] = [
  route('GET', '/room/*/messages/recent', recent),
  route('GET', '/room/*/messages/before/*', before),
  route('GET', '/room/*/messages/since/*', since),
  route('GET', '/room/*/message/*', single),
  route('POST', '/room/*/message', post),
  route('PUT', '/room/*/message/*', edit),
  route('DELETE', '/room/*/message/*', remove),
];
