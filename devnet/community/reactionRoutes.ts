// Reactions (protocol-messages.md §6.4, §6.7): add or remove one's own (1–12 code points), clear
// them as a moderator, list every reactor. Each change gives the message a new seqno, so pollers
// see it with `since/<seqno>?t=r`, and is written with the message at once.
import type { Message } from './communityData';
import { touch } from './messageRoutes';
import {
  type CommunityContext,
  HttpError,
  integerParameter,
  json,
  requireModerator,
  requireRead,
  requireUser,
  roomAccess,
  type RoomAccess,
  route,
  type Route,
} from './routing';

const maximumCodePoints = 12;

function checkEmoji(emoji: string): string {
  const length = [...emoji].length;
  if (length < 1 || length > maximumCodePoints) {
    throw new HttpError(400, `A reaction is 1 to ${maximumCodePoints} code points`);
  }
  return emoji;
}

function reactable(context: CommunityContext, access: RoomAccess, id: string): Message {
  const message = context.store.messages.message(integerParameter(id, 'message id'));
  if (
    !message ||
    message.token !== access.room.token ||
    message.data === null ||
    // pysogs: reactions are for regular messages only, never whispers.
    message.whisperTo !== null ||
    message.whisperMods
  ) {
    throw new HttpError(404, 'No such message');
  }
  return message;
}

async function react(context: CommunityContext, [token, id, emojiText]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  // pysogs needs read access to react, not write.
  requireRead(access);
  const emoji = checkEmoji(emojiText!);
  const message = reactable(context, access, id!);
  let reaction = message.reactions.find((entry) => entry.emoji === emoji);
  if (reaction?.reactors.some((reactor) => reactor.sessionId === user)) {
    return json({ added: false, seqno: message.seqno });
  }
  if (!reaction) {
    reaction = { emoji, reactors: [] };
    message.reactions.push(reaction);
  }
  reaction.reactors.push({ sessionId: user, at: context.now });
  touch(access.room, message, false);
  context.store.messages.save(message);
  return json({ added: true, seqno: message.seqno });
}

async function unreact(context: CommunityContext, [token, id, emojiText]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  requireRead(access);
  const emoji = checkEmoji(emojiText!);
  const message = reactable(context, access, id!);
  const reaction = message.reactions.find((entry) => entry.emoji === emoji);
  if (!reaction?.reactors.some((reactor) => reactor.sessionId === user)) {
    return json({ removed: false, seqno: message.seqno });
  }
  reaction.reactors = reaction.reactors.filter((reactor) => reactor.sessionId !== user);
  if (reaction.reactors.length === 0)
    message.reactions = message.reactions.filter((entry) => entry !== reaction);
  touch(access.room, message, false);
  context.store.messages.save(message);
  return json({ removed: true, seqno: message.seqno });
}

async function clear(context: CommunityContext, [token, id, emojiText]: readonly string[]) {
  requireUser(context);
  const access = roomAccess(context, token!);
  requireModerator(access);
  const message = reactable(context, access, id!);
  const emoji = emojiText === undefined ? undefined : checkEmoji(emojiText);
  const cleared = message.reactions.filter((entry) => emoji === undefined || entry.emoji === emoji);
  const removed = cleared.reduce((total, entry) => total + entry.reactors.length, 0);
  if (removed > 0) {
    message.reactions = message.reactions.filter((entry) => !cleared.includes(entry));
    touch(access.room, message, false);
    context.store.messages.save(message);
  }
  return json({ removed, seqno: message.seqno });
}

async function reactors(context: CommunityContext, [token, id, emojiText]: readonly string[]) {
  const access = roomAccess(context, token!);
  requireRead(access);
  const emoji = checkEmoji(emojiText!);
  const message = reactable(context, access, id!);
  // pysogs: no limit when absent or ≤ 0.
  const limitText = context.request.query.get('limit');
  if (limitText !== null && !/^-?[0-9]{1,15}$/u.test(limitText)) throw new HttpError(400, 'Invalid limit');
  const limit = limitText === null || Number(limitText) <= 0 ? undefined : Number(limitText);
  const reaction = message.reactions.find((entry) => entry.emoji === emoji);
  // Oldest first: [session ID, when].
  return json((reaction?.reactors ?? []).slice(0, limit).map((reactor) => [reactor.sessionId, reactor.at]));
}

export const reactionRoutes: readonly Route[] = [
  route('PUT', '/room/*/reaction/*/*', react),
  route('DELETE', '/room/*/reaction/*/*', unreact),
  route('DELETE', '/room/*/reactions/*', (context, [token, id]) => clear(context, [token!, id!])),
  route('DELETE', '/room/*/reactions/*/*', clear),
  route('GET', '/room/*/reactors/*/*', reactors),
];
