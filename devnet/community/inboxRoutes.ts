// Blinded DMs (protocol-messages.md §6.6, pysogs `routes/dm.py`): `POST /inbox/<15…>` to a user the
// server has seen and has not banned for good (404 otherwise), `GET /inbox`, `/outbox` (a list,
// maybe empty) and their `since/<id>` forms (304 with no body when there is nothing new),
// `DELETE /inbox`. Messages expire after 15 days. The server stores the blob as given.
import { blindedIdPattern, type DirectMessage } from './communityData';
import { isGloballyBanned } from './permissions';
import {
  base64Field,
  type CommunityContext,
  HttpError,
  integerParameter,
  json,
  jsonBody,
  limitParameter,
  requireUser,
  route,
  type Route,
} from './routing';

export const directMessageSeconds = 15 * 24 * 3600;
const defaultLimit = 100;
const maximumLimit = 256;

const view = (message: DirectMessage, withBody: boolean) => ({
  id: message.id,
  posted_at: message.postedAt,
  expires_at: message.expiresAt,
  sender: message.sender,
  recipient: message.recipient,
  ...(withBody ? { message: message.message } : {}),
});

async function send(context: CommunityContext, [recipient]: readonly string[]) {
  const sender = requireUser(context);
  if (!blindedIdPattern.test(recipient!))
    throw new HttpError(400, 'Invalid recipient: expected a 15… blinded ID');
  if (isGloballyBanned(context.data, sender, context.now)) throw new HttpError(403, 'You are banned');
  // A user banned from the whole server for good is as if they did not exist.
  if (!context.data.users[recipient!] || context.data.globalBans[recipient!] === null) {
    throw new HttpError(404, 'No such user');
  }
  const body = jsonBody(context);
  if (body.message === undefined || body.message === null) throw new HttpError(400, 'No message given');
  const message = base64Field(body.message, 'message');
  const stored: DirectMessage = {
    id: context.data.nextDirectMessageId,
    sender,
    recipient: recipient!,
    postedAt: context.now,
    expiresAt: context.now + directMessageSeconds,
    message,
  };
  context.data.nextDirectMessageId += 1;
  context.data.inbox.push(stored);
  context.store.changed();
  return json(view(stored, false), 201);
}

function box(outgoing: boolean) {
  return async (context: CommunityContext, [sinceText]: readonly string[]) => {
    const user = requireUser(context);
    const since = sinceText === undefined ? 0 : integerParameter(sinceText, 'message id');
    const limit = limitParameter(context, defaultLimit, maximumLimit);
    const messages = context.data.inbox
      .filter(
        (message) =>
          (outgoing ? message.sender : message.recipient) === user &&
          message.id > since &&
          message.expiresAt > context.now,
      )
      .slice(0, limit);
    if (messages.length === 0 && sinceText !== undefined) return { status: 304 };
    return json(messages.map((message) => view(message, true)));
  };
}

async function clear(context: CommunityContext) {
  const user = requireUser(context);
  const before = context.data.inbox.length;
  context.data.inbox = context.data.inbox.filter((message) => message.recipient !== user);
  context.store.changed();
  return json({ deleted: before - context.data.inbox.length });
}

/** Drops expired DMs; true when some went. */
export function sweepDirectMessages(context: Pick<CommunityContext, 'data' | 'now'>): boolean {
  const before = context.data.inbox.length;
  context.data.inbox = context.data.inbox.filter((message) => message.expiresAt > context.now);
  return context.data.inbox.length !== before;
}

export const inboxRoutes: readonly Route[] = [
  route('POST', '/inbox/*', send),
  route('GET', '/inbox', box(false)),
  route('GET', '/inbox/since/*', box(false)),
  route('GET', '/outbox', box(true)),
  route('GET', '/outbox/since/*', box(true)),
  route('DELETE', '/inbox', clear),
];
