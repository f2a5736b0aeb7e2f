// What a member does to a room message on its server (protocol-messages.md §6.4, §6.7): react and
// unreact, list who reacted, delete (our own, or anyone's as a moderator) and edit our own. Each
// change shows here at once; the next poll brings the server's word, which then changes nothing.
import { toBase64 } from '../../shared/protocol/base64';
import { signBlinded } from '../../shared/protocol/community/blinding';
import { decodeContent, encodeContent } from '../../shared/protocol/messages/codec';
import { padMessage, unpadMessage } from '../../shared/protocol/messages/sessionProtocol';
import { MessengerError } from '../messaging/messengerError';
import type { CommunityRecord, CommunityRepository } from '../store/communityRepository';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import { CommunityError, type CommunityClient } from './communityClient';
import { standingOf } from './communityViews';

/**
 * The most reactors one listing asks for: pysogs lists them all without a limit, and a reaction of
 * a big room could name every member; the count still tells how many there are.
 */
export const maximumReactorsListed = 1_000;

export interface ReactorList {
  /** Oldest first; our own account by its Session ID, others by the ID the room knows them by. */
  readonly reactors: readonly { readonly id: string; readonly name?: string }[];
  readonly count: number;
  readonly you: boolean;
}

export class CommunityPosts {
  constructor(
    private readonly options: {
      readonly client: CommunityClient;
      readonly repository: CommunityRepository;
      readonly messages: MessageRepository;
      readonly ownSessionId: string;
      readonly ed25519SecretKey: Uint8Array;
      readonly ownIdOf: (publicKey: Uint8Array) => Promise<string>;
      readonly now: () => number;
    },
  ) {}

  /**
   * Reacts to a room message on its server (§6.7 `PUT|DELETE /room/<t>/reaction/<id>/<emoji>`); the
   * count here follows at once, and the next poll brings the server's.
   */
  async react(message: StoredMessage, emoji: string, remove: boolean): Promise<void> {
    const { room, serverId } = this.postedOrThrow(message);
    await this.options.client.send(
      serverOf(room),
      {
        method: remove ? 'DELETE' : 'PUT',
        path: `/room/${encodeURIComponent(room.room)}/reaction/${serverId}/${encodeURIComponent(emoji)}`,
        json: {},
      },
      'the reaction',
    );
    const { repository, ownSessionId: own } = this.options;
    const reactions = repository.reactions(message.id);
    const current = reactions.find((reaction) => reaction.emoji === emoji);
    if (remove === !current?.mine) return;
    const others = current?.reactors.filter((reactor) => reactor !== own) ?? [];
    const count = (current?.count ?? 0) + (remove ? -1 : 1);
    const changed = { emoji, count, mine: !remove, reactors: remove ? others : [own, ...others] };
    repository.setReactions(
      message.id,
      current
        ? reactions.flatMap((reaction) => (reaction !== current ? [reaction] : count > 0 ? [changed] : []))
        : [...reactions, changed],
    );
  }

  /**
   * Everyone who reacted with `emoji` (§6.7 `GET /room/<t>/reactors/<id>/<emoji>?limit=`: pairs of
   * [ID, time], oldest first), where a poll names only the first few.
   */
  async reactors(message: StoredMessage, emoji: string): Promise<ReactorList> {
    const { room, serverId } = this.postedOrThrow(message);
    const reply = await this.options.client.send(
      serverOf(room),
      {
        method: 'GET',
        path: `/room/${encodeURIComponent(room.room)}/reactors/${serverId}/${encodeURIComponent(emoji)}?limit=${maximumReactorsListed}`,
      },
      'the list of who reacted',
    );
    if (!Array.isArray(reply.body)) {
      throw new CommunityError('communityReplyInvalid', 'The community answered without the reactors.');
    }
    const ownId = await this.options.ownIdOf(room.publicKey);
    const { ownSessionId, repository } = this.options;
    const ids = reply.body.flatMap((pair: unknown) => {
      const id: unknown = Array.isArray(pair) ? pair[0] : undefined;
      return typeof id === 'string' && /^(05|15)[0-9a-f]{64}$/u.test(id) ? [id] : [];
    });
    const reactors = [...new Set(ids.map((id) => (id === ownId ? ownSessionId : id)))].map((id) => {
      const name = id === ownSessionId ? null : repository.nameOf(id);
      return name ? { id, name } : { id };
    });
    const known = repository.reactions(message.id).find((reaction) => reaction.emoji === emoji);
    // The list is cut at the limit: the poll's count still tells how many there are.
    return {
      reactors,
      count: Math.max(reactors.length, known?.count ?? 0),
      you: reactors.some((reactor) => reactor.id === ownSessionId),
    };
  }

  /**
   * Deletes a room message on its server (§6.7: our own, or anyone's for a moderator). Someone
   * else's is refused here, before any request, unless the room counts us among its moderators.
   */
  async unsend(message: StoredMessage): Promise<void> {
    const { room, serverId } = this.postedOrThrow(message);
    if (message.author !== this.options.ownSessionId && !standingOf(room).moderator) {
      throw new CommunityError(
        'communityNotModerator',
        'Only the room’s moderators can delete other people’s messages.',
      );
    }
    await this.options.client.send(
      serverOf(room),
      { method: 'DELETE', path: `/room/${encodeURIComponent(room.room)}/message/${serverId}` },
      'the deletion',
    );
    this.options.repository.transaction(() => {
      this.options.messages.unsend(message.id);
      this.options.repository.setReactions(message.id, []);
    });
  }

  /**
   * Edits our own post (§6.7 `PUT /room/<t>/message/<id>` with new data and signature, §6.4): the
   * Content we posted with its text changed (its quote, files, name and sent time kept), signed
   * again. Kept as the post's data here, so that the poll bringing the edit back changes nothing.
   */
  async edit(message: StoredMessage, text: string): Promise<void> {
    if (message.author !== this.options.ownSessionId) {
      throw new MessengerError('notAuthor', 'You can only edit your own messages.');
    }
    if (message.unsent) throw new MessengerError('messageMissing', 'This message was deleted.');
    const { room, serverId } = this.postedOrThrow(message);
    const posted = this.options.repository.postOf(message.id)?.data;
    if (!posted) throw new MessengerError('messageMissing', 'This message was deleted.');
    const content = decodeContent(unpadMessage(posted));
    if (!content.dataMessage) {
      throw new MessengerError('notAuthor', 'This message has no text to edit.');
    }
    content.dataMessage.body = text;
    const data = padMessage(encodeContent(content));
    const signature = await signBlinded(data, this.options.ed25519SecretKey, room.publicKey);
    await this.options.client.send(
      serverOf(room),
      {
        method: 'PUT',
        path: `/room/${encodeURIComponent(room.room)}/message/${serverId}`,
        json: { data: toBase64(data), signature: toBase64(signature) },
      },
      'the edit',
    );
    const { repository } = this.options;
    const post = repository.postOf(message.id)!;
    const editedAt = this.options.now();
    repository.transaction(() => {
      repository.editMessage(message.id, text, editedAt);
      repository.editPost(message.id, { seqno: post.seqno, editedAt, data, signature });
    });
  }

  /** The room of a message the server took, and its ID there; refused in words otherwise. */
  postedOrThrow(message: StoredMessage): { room: CommunityRecord; serverId: number } {
    const room = this.options.repository.get(message.conversationId);
    const post = this.options.repository.postOf(message.id);
    if (!room) throw new MessengerError('conversationMissing', 'You are not in this community.');
    if (!post) throw new MessengerError('messageMissing', 'This message has not reached the community yet.');
    return { room, serverId: post.serverId };
  }
}

export function serverOf(room: CommunityRecord): { baseUrl: string; publicKey: Uint8Array } {
  return { baseUrl: room.baseUrl, publicKey: room.publicKey };
}
