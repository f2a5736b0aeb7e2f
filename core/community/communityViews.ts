// What the UI sees of a community room and of its messages (shared/contract/views.ts): the room's
// header (name, link, our standing, pins) and, per message, what only its server knows — edits,
// reactions, the poster's name, whispers.
import type { CommunitySummaryView, MessageView } from '../../shared/contract/views';
import { toHex } from '../../shared/protocol/bytes';
import type { CommunityRecord, CommunityRepository } from '../store/communityRepository';
import type { StoredMessage } from '../store/messageRepository';

export function joinUrl(baseUrl: string, room: string, publicKey: Uint8Array): string {
  return `${baseUrl}/${room}?public_key=${toHex(publicKey)}`;
}

/** Our standing in a room as pollInfo last told it; a global role counts in every room (§6.5). */
export function standingOf(room: CommunityRecord): { moderator: boolean; admin: boolean } {
  const standing = room.standing;
  const admin = (standing?.admin ?? false) || (standing?.globalAdmin ?? false);
  return {
    moderator: admin || (standing?.moderator ?? false) || (standing?.globalModerator ?? false),
    admin,
  };
}

/** What a room's list entry and header show. */
export function communitySummary(room: CommunityRecord, ownId: string | undefined): CommunitySummaryView {
  const standing = room.standing;
  return {
    name: room.name ?? room.room,
    room: room.room,
    description: room.description,
    joinUrl: joinUrl(room.baseUrl, room.room, room.publicKey),
    ...(ownId !== undefined ? { ownId } : {}),
    activeUsers: room.activeUsers,
    canWrite: standing?.write ?? true,
    canUpload: standing?.upload ?? false,
    ...standingOf(room),
    ...(room.failure !== null ? { unreachable: room.failure } : {}),
    pinnedMessageIds: [...room.pinned]
      .sort((left, right) => right.pinnedAt - left.pinnedAt)
      .map((pin) => pin.id),
  };
}

/** A room message's view, with what only its server knows: edits, reactions, the poster's name. */
export function decorateCommunityMessage(
  repository: CommunityRepository,
  message: StoredMessage,
  view: MessageView,
  ownSessionId: string,
): MessageView {
  const post = repository.postOf(message.id);
  const editedAt = repository.editedAt(message.id);
  const reactions = repository.reactions(message.id);
  const name = message.direction === 'incoming' ? repository.nameOf(message.author) : null;
  return {
    ...view,
    reactions: reactions.map((reaction) => ({
      emoji: reaction.emoji,
      authors: reaction.reactors,
      ...(reaction.count > reaction.reactors.length ? { count: reaction.count } : {}),
    })),
    ...(editedAt !== null ? { edited: editedAt } : {}),
    ...(name ? { authorName: name } : {}),
    ...(post ? { serverId: post.serverId } : {}),
    ...whisperOf(post?.whisperTo ?? null, post?.whisperMods ?? false, ownSessionId),
  };
}

/**
 * How a whisper shows (§6.4 `whisper_to`, `whisper_mods`): to us (the receiver keeps our blinded ID
 * as our Session ID), to the moderators, or to another member, whom it names.
 */
function whisperOf(
  to: string | null,
  moderators: boolean,
  ownSessionId: string,
): Pick<MessageView, 'whisper' | 'whisperTo'> {
  if (to === ownSessionId) return { whisper: 'you' };
  if (moderators) return { whisper: 'moderators', ...(to !== null ? { whisperTo: to } : {}) };
  return to !== null ? { whisper: 'member', whisperTo: to } : {};
}
