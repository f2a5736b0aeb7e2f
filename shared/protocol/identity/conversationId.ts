// Conversation IDs name their kind (design.md "Conversation kinds"): a person's `05…` Session ID, a
// closed group's `03…` ID (protocol-config-groups.md §6.1: "03" + the group's Ed25519 public key), or
// a community room as `<canonical base URL>/<lowercase room token>` — the same two keys UserGroups
// files a community under (§5.4), so every device of the account names the room alike — or a
// community member known only by their `15…` blinded ID (protocol-messages.md §6.6: a blinded DM,
// which goes through the inbox of the one server that ID belongs to).
import { canonicalCommunityBaseUrl, canonicalRoomToken } from '../config/types/communityUrl';
import { checkSessionId, sessionIdLength, type SessionIdCheck } from './sessionId';

export const groupPrefix = '03';

export type ConversationKind = 'direct' | 'group' | 'community' | 'blinded';

/**
 * The kind a conversation ID names: `05…` a person, `03…` a groups v2 group, `http(s)://…` a room,
 * `15…` a community member by their blinded ID.
 */
export function conversationKindOf(conversationId: string): ConversationKind {
  if (conversationId.startsWith(groupPrefix)) return 'group';
  if (isBlindedId(conversationId)) return 'blinded';
  return /^https?:\/\//u.test(conversationId) ? 'community' : 'direct';
}

export interface CommunityRoomKey {
  /** The canonical base URL, `http(s)://host[:port]`. */
  readonly baseUrl: string;
  /** The lowercased room token. */
  readonly room: string;
}

/** The conversation ID of a community room; throws (in words) on a URL or token that is not one. */
export function communityConversationId(baseUrl: string, room: string): string {
  return `${canonicalCommunityBaseUrl(baseUrl)}/${canonicalRoomToken(room)}`;
}

/** The server and room a community conversation ID names (the ID must be canonical). */
export function communityRoomOf(conversationId: string): CommunityRoomKey {
  const slash = conversationId.lastIndexOf('/');
  const key = { baseUrl: conversationId.slice(0, slash), room: conversationId.slice(slash + 1) };
  if (slash < 0 || communityConversationId(key.baseUrl, key.room) !== conversationId) {
    throw new RangeError('not a canonical community conversation ID');
  }
  return key;
}

/**
 * A community room as typed: its conversation ID or its join link (`…/room?public_key=…`, the key
 * then left aside), canonicalised; or the reason it is neither.
 */
export function checkCommunityId(
  input: string,
): { readonly ok: true; readonly conversationId: string } | { readonly ok: false; readonly message: string } {
  const text = input.trim().replace(/\?public_key=[0-9a-fA-F]*$/u, '');
  const match = /^(https?:\/\/[^/?#]+)\/(?:r\/)?([^/?#]+)\/?$/iu.exec(text);
  if (!match) return { ok: false, message: 'A community room looks like https://host/room.' };
  try {
    return { ok: true, conversationId: communityConversationId(match[1]!, match[2]!) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export function isBlindedId(input: string): boolean {
  return /^15[0-9a-f]{64}$/u.test(input);
}

export function isGroupId(input: string): boolean {
  return /^03[0-9a-f]{64}$/u.test(input);
}

export type GroupIdCheck =
  { readonly ok: true; readonly groupId: string } | { readonly ok: false; readonly message: string };

/** Checks a group ID typed or pasted: spaces ignored, capitals accepted, the canonical form returned. */
export function checkGroupId(input: string): GroupIdCheck {
  const text = input.replace(/\s+/gu, '').toLowerCase();
  if (text.length === 0) return { ok: false, message: 'Enter a group ID.' };
  if (!/^[0-9a-f]*$/u.test(text)) {
    return { ok: false, message: 'A group ID contains only the digits 0–9 and the letters a–f.' };
  }
  if (!text.startsWith(groupPrefix)) {
    return {
      ok: false,
      message: text.startsWith('05')
        ? 'This is the Session ID of a person, not of a group.'
        : `A group ID starts with 03, not ${text.slice(0, 2)}.`,
    };
  }
  if (text.length !== sessionIdLength) {
    return { ok: false, message: `A group ID has 66 characters; this one has ${text.length}.` };
  }
  return { ok: true, groupId: text };
}

/**
 * A person's Session ID, a group's ID or a community room, canonical; refused in the words of the
 * kind it looks like.
 */
export function checkConversationId(input: string): SessionIdCheck {
  if (/^\s*https?:/iu.test(input)) {
    const room = checkCommunityId(input);
    return room.ok
      ? { ok: true, sessionId: room.conversationId }
      : { ok: false, code: 'characters', message: room.message };
  }
  const text = input.replace(/\s+/gu, '');
  // A blinded ID names a conversation once it exists (a request, or one started from a room).
  if (isBlindedId(text.toLowerCase())) return { ok: true, sessionId: text.toLowerCase() };
  if (!text.toLowerCase().startsWith(groupPrefix)) return checkSessionId(input);
  const group = checkGroupId(text);
  return group.ok
    ? { ok: true, sessionId: group.groupId }
    : { ok: false, code: 'length', message: group.message };
}

/** Group IDs for the command line and the engine's own checks. */
export function groupPublicKeyHex(groupId: string): string {
  if (!isGroupId(groupId)) throw new RangeError('a group ID is 03 followed by 64 hexadecimal digits');
  return groupId.slice(2);
}
