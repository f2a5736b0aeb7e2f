// What a community server says of a room's messages and of the room (protocol-messages.md §6.4,
// §6.5), read from its JSON with every field checked: a server is another party, and what does not
// have the documented shape is left out rather than trusted. Signatures are checked elsewhere
// (communityMessage.ts); this only gives the shapes.

/** One reaction of a message (§6.4 `reactions`): a count, whether we are in it, the first reactors. */
export interface RoomReaction {
  readonly emoji: string;
  readonly count: number;
  readonly mine: boolean;
  readonly reactors: readonly string[];
  readonly index: number;
}

/**
 * One item of `messages/recent|since|before`: a post, an edit, a deletion (no data), or with `t=r` a
 * reaction-only update (no `session_id`, no data).
 */
export interface RoomUpdate {
  readonly id: number;
  readonly seqno: number;
  /** Absent on a reaction-only update. */
  readonly sessionId: string | undefined;
  /** Unix seconds as the server gives them (floats). */
  readonly posted: number | undefined;
  readonly edited: number | undefined;
  readonly data: string | undefined;
  readonly signature: string | undefined;
  readonly deleted: boolean;
  readonly whisper: boolean;
  readonly whisperMods: boolean;
  readonly whisperTo: string | undefined;
  /** Present when the server sent reactions (every post with `t=r`, and reaction-only updates). */
  readonly reactions: readonly RoomReaction[] | undefined;
}

/** Emoji are 1–12 code points (§6.7 reactions); more is not a reaction. */
const maximumEmojiLength = 48;
const maximumReactions = 100;
const maximumReactors = 100;
const maximumPageItems = 256;
const maximumPins = 100;
const senderPattern = /^(05|15|25)[0-9a-f]{64}$/u;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1e11;

function reactionsOf(value: unknown): RoomReaction[] | undefined {
  if (!isObject(value)) return undefined;
  const reactions: RoomReaction[] = [];
  for (const [emoji, entry] of Object.entries(value).slice(0, maximumReactions)) {
    if (emoji.length === 0 || emoji.length > maximumEmojiLength || !isObject(entry)) continue;
    const count = entry.count;
    if (!Number.isSafeInteger(count) || (count as number) <= 0) continue;
    const reactors = Array.isArray(entry.reactors)
      ? entry.reactors
          .filter((reactor): reactor is string => typeof reactor === 'string' && senderPattern.test(reactor))
          .slice(0, maximumReactors)
      : [];
    reactions.push({
      emoji,
      count: count as number,
      mine: entry.you === true,
      reactors,
      index: isId(entry.index) ? entry.index : reactions.length,
    });
  }
  return reactions.sort((left, right) => left.index - right.index);
}

/** One message item, or undefined when it is not one. */
export function readRoomUpdate(item: unknown): RoomUpdate | undefined {
  if (!isObject(item) || !isId(item.id) || !isId(item.seqno)) return undefined;
  const sessionId =
    typeof item.session_id === 'string' && senderPattern.test(item.session_id) ? item.session_id : undefined;
  if (item.session_id !== undefined && sessionId === undefined) return undefined;
  const whisperTo =
    typeof item.whisper_to === 'string' && senderPattern.test(item.whisper_to) ? item.whisper_to : undefined;
  return {
    id: item.id,
    seqno: item.seqno,
    sessionId,
    posted: isTime(item.posted) ? item.posted : undefined,
    edited: isTime(item.edited) ? item.edited : undefined,
    data: typeof item.data === 'string' ? item.data : undefined,
    signature: typeof item.signature === 'string' ? item.signature : undefined,
    deleted: item.deleted === true || (sessionId !== undefined && item.data === null),
    whisper: item.whisper === true,
    whisperMods: item.whisper_mods === true,
    whisperTo,
    reactions: reactionsOf(item.reactions),
  };
}

/** A list of message items: those that have the shape, in the order given. */
export function readRoomUpdates(body: unknown): RoomUpdate[] | undefined {
  if (!Array.isArray(body)) return undefined;
  // §6.5: at most 256 items per page; a server sending more is not followed further.
  return body.slice(0, maximumPageItems).flatMap((item) => readRoomUpdate(item) ?? []);
}

/** The room's details (§6.5 room info), as far as a client shows them. */
export interface RoomDetails {
  readonly token: string;
  readonly name: string;
  readonly description: string | null;
  readonly infoUpdates: number;
  readonly messageSequence: number;
  readonly activeUsers: number | undefined;
  readonly imageId: number | undefined;
  readonly pinned: readonly { readonly id: number; readonly pinnedAt: number; readonly pinnedBy: string }[];
  readonly moderators: readonly string[];
  readonly admins: readonly string[];
}

/** What pollInfo says (§6.5): our standing, the active users, and the details when they changed. */
export interface RoomPollInfo {
  readonly token: string;
  readonly activeUsers: number | undefined;
  readonly read: boolean;
  readonly write: boolean;
  readonly upload: boolean;
  readonly moderator: boolean;
  readonly admin: boolean;
  readonly globalModerator: boolean;
  readonly globalAdmin: boolean;
  readonly details: RoomDetails | undefined;
}

const maximumNameLength = 200;
const maximumDescriptionLength = 5_000;
const maximumStaff = 1_000;

const idList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value
        .filter((entry): entry is string => typeof entry === 'string' && senderPattern.test(entry))
        .slice(0, maximumStaff)
    : [];

export function readRoomDetails(value: unknown): RoomDetails | undefined {
  if (!isObject(value) || typeof value.token !== 'string' || typeof value.name !== 'string') return undefined;
  if (!isId(value.info_updates) || !isId(value.message_sequence)) return undefined;
  const pinned = Array.isArray(value.pinned_messages)
    ? value.pinned_messages
        .slice(0, maximumPins)
        .flatMap((pin: unknown) =>
          isObject(pin) && isId(pin.id) && isTime(pin.pinned_at) && typeof pin.pinned_by === 'string'
            ? [{ id: pin.id, pinnedAt: Math.floor(pin.pinned_at * 1000), pinnedBy: pin.pinned_by }]
            : [],
        )
    : [];
  return {
    token: value.token,
    name: value.name.slice(0, maximumNameLength),
    description:
      typeof value.description === 'string' ? value.description.slice(0, maximumDescriptionLength) : null,
    infoUpdates: value.info_updates,
    messageSequence: value.message_sequence,
    activeUsers: isId(value.active_users) ? value.active_users : undefined,
    imageId: isId(value.image_id) ? value.image_id : undefined,
    pinned,
    moderators: idList(value.moderators),
    admins: idList(value.admins),
  };
}

export function readRoomPollInfo(value: unknown): RoomPollInfo | undefined {
  if (!isObject(value) || typeof value.token !== 'string') return undefined;
  const details = value.details === undefined ? undefined : readRoomDetails(value.details);
  return {
    token: value.token,
    activeUsers: isId(value.active_users) ? value.active_users : undefined,
    read: value.read === true,
    write: value.write === true,
    upload: value.upload === true,
    moderator: value.moderator === true,
    admin: value.admin === true,
    globalModerator: value.global_moderator === true,
    globalAdmin: value.global_admin === true,
    details,
  };
}
