// A community link as a person types or pastes it, checked without a round trip to the engine: a
// room's link joins it, a server's link lists its rooms, and anything else is told in words that say
// which part is wrong (most often the server key, which people leave out when they copy a link).
import { communityConversationId } from '../identity/conversationId';
import { parseCommunityFullUrl, parseCommunityServerUrl } from '../config/types/communityUrl';

export type CommunityLinkCheck =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'room';
      readonly url: string;
      /** The conversation the room is (or would be) in Starling. */
      readonly conversationId: string;
      readonly room: string;
      readonly server: string;
    }
  | { readonly kind: 'server'; readonly url: string; readonly server: string }
  | { readonly kind: 'error'; readonly message: string };

const keyPattern = /[?&]public_key=([^&#]*)/iu;

export function checkCommunityLink(input: string): CommunityLinkCheck {
  const url = input.trim();
  if (url === '') return { kind: 'empty' };
  if (!/^https?:\/\//iu.test(url)) {
    return { kind: 'error', message: 'A community link starts with https:// (or http://).' };
  }
  const key = keyPattern.exec(url)?.[1];
  if (key === undefined) {
    return {
      kind: 'error',
      message: 'The link lacks the server’s key (…?public_key= and 64 hex digits): ask for the whole link.',
    };
  }
  if (!/^[0-9a-f]{64}$/iu.test(key)) {
    return {
      kind: 'error',
      message: `The server’s key after public_key= is 64 hex digits (0–9, a–f); this one has ${key.length} characters${/^[0-9a-f]*$/iu.test(key) ? '' : ', not all of them hex'}.`,
    };
  }
  try {
    const room = parseCommunityFullUrl(url);
    return {
      kind: 'room',
      url,
      conversationId: communityConversationId(room.baseUrl, room.room),
      room: room.room,
      server: room.baseUrl,
    };
  } catch (roomError) {
    try {
      return { kind: 'server', url, server: parseCommunityServerUrl(url).baseUrl };
    } catch {
      return { kind: 'error', message: (roomError as Error).message };
    }
  }
}
