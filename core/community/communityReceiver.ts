// What a community poll brings, applied (protocol-messages.md §6.4–§6.5; design.md "Pipelines"):
// posts are verified first (blinded Ed25519, or XEd25519 for a 05 sender) and dropped with a reason
// when they do not hold; then, in the poll's one transaction, each update in seqno order becomes a
// new message, an edit of one (shown as edited), a deletion, or new reaction counts. A message is
// named by its server ID in its room; our own posts come back with our blinded ID and are matched
// to the message we sent. The outcome is the receive pipeline's, so the UI hears of it the same way.
import { contentOfPost } from '../../shared/protocol/community/communityMessage';
import { inlineOpener, type MessageOpener } from '../workers/cryptoWorkers';
import type { RoomReaction, RoomUpdate } from '../../shared/protocol/community/roomUpdates';
import type { Content } from '../../shared/protocol/messages/codec';
import { remoteAttachmentOf } from '../store/attachmentRepository';
import type { CommunityRecord, CommunityRepository, CommunityReaction } from '../store/communityRepository';
import type { ConversationRepository } from '../store/conversationRepository';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import type { OutboxRepository } from '../store/outboxRepository';
import type { DropReport } from '../messaging/dropReport';
import { displayNameOf, visiblePartsOf } from '../messaging/incomingContent';
import type { ReceiveOutcome } from '../messaging/receivePipeline';
import type { PostedMessage } from './communityPoster';

/** An update with its post checked: `content` is set when it carried a post whose signature holds. */
export interface CheckedUpdate {
  readonly update: RoomUpdate;
  readonly content?: Content;
  readonly data?: Uint8Array;
  readonly signature?: Uint8Array;
}

/** A poster's ID as it reads in a room: 15… blinded, or 05… on a server without blinding. */
const isCommunityAuthor = (author: string): boolean => /^(05|15)[0-9a-f]{64}$/u.test(author);

export class CommunityReceiver {
  constructor(
    private readonly options: {
      readonly messages: MessageRepository;
      readonly conversations: ConversationRepository;
      readonly communities: CommunityRepository;
      readonly outbox: OutboxRepository;
      readonly ownSessionId: string;
      readonly now: () => number;
      readonly dropReport: DropReport;
      /** Who checks the posts' signatures: the engine's crypto workers, or by default this thread. */
      readonly opener?: MessageOpener | undefined;
    },
  ) {}

  /**
   * Checks the posts of a room's updates (a page of up to 256: the signatures together, on the
   * engine's crypto workers when it has them); those that do not hold are counted and left out.
   */
  async check(updates: readonly RoomUpdate[]): Promise<CheckedUpdate[]> {
    const posts = updates.filter((update) => update.data !== undefined && !update.deleted);
    const opener = this.options.opener ?? inlineOpener;
    const signed = await opener.checkCommunityPosts(
      posts.map((update) => ({
        session_id: update.sessionId,
        data: update.data,
        signature: update.signature,
      })),
    );
    const checkedPosts = new Map(posts.map((update, index) => [update, contentOfPost(signed[index]!)]));
    const checked: CheckedUpdate[] = [];
    for (const update of updates) {
      const post = checkedPosts.get(update);
      if (!post) {
        checked.push({ update });
      } else if (!post.ok) {
        this.options.dropReport.dropped('communityPostRefused');
      } else {
        checked.push({ update, content: post.content, data: post.data, signature: post.signature });
      }
    }
    return checked;
  }

  /**
   * Applies a room's checked updates (inside the caller's transaction). `history` marks messages
   * that come from before we looked (the first page of a room just joined, or paging back): they
   * are not counted unread.
   */
  apply(
    room: CommunityRecord,
    ownId: string,
    updates: readonly CheckedUpdate[],
    outcome: ReceiveOutcome,
    options: { readonly history: boolean },
  ): void {
    const ordered = [...updates].sort((left, right) => left.update.seqno - right.update.seqno);
    for (const checked of ordered) this.applyOne(room, ownId, checked, outcome, options.history);
  }

  /** Our post, as the server took it (communityPoster.ts): the message is now known by its ID. */
  posted(post: PostedMessage, ownId: string): StoredMessage | undefined {
    const { communities, messages } = this.options;
    return communities.transaction(() => {
      const message = messages.byId(post.messageId);
      if (!message || post.update.posted === undefined) return undefined;
      const known = communities.post(post.room.id, post.update.id);
      if (known && known.messageId !== post.messageId) return undefined;
      this.link(message, post.room, ownId, post.update, post.data, post.signature);
      return messages.byId(post.messageId);
    });
  }

  private applyOne(
    room: CommunityRecord,
    ownId: string,
    { update, content, data, signature }: CheckedUpdate,
    outcome: ReceiveOutcome,
    history: boolean,
  ): void {
    const { communities, messages } = this.options;
    const existing = communities.post(room.id, update.id);
    const message = existing && messages.byId(existing.messageId);
    if (update.deleted) {
      if (!existing || !message) return;
      communities.editPost(existing.messageId, {
        seqno: update.seqno,
        editedAt: existing.editedAt,
        data: null,
        signature: null,
      });
      communities.setReactions(existing.messageId, []);
      if (!message.unsent) {
        messages.unsend(message.id);
        this.options.outbox.removeForMessage(message.id);
        this.changed(message, outcome);
      }
      return;
    }
    if (message && update.reactions) {
      communities.setReactions(message.id, this.reactionsOf(update.reactions, ownId));
      communities.setPostSeqno(message.id, update.seqno);
      this.changed(message, outcome);
    }
    // A reaction-only update (§6.5 `t=r`), or a post whose signature did not hold.
    if (!content || !data || !signature || update.sessionId === undefined) return;
    const visible = content.dataMessage
      ? visiblePartsOf(content.dataMessage, isCommunityAuthor, { baseUrl: room.baseUrl, room: room.room })
      : undefined;
    if (visible === undefined || typeof visible === 'string') {
      this.options.dropReport.dropped('communityPostIgnored');
      return;
    }
    const fromSelf = update.sessionId === ownId || update.sessionId === this.options.ownSessionId;
    const author = fromSelf ? this.options.ownSessionId : update.sessionId;
    if (!fromSelf) {
      const name = displayNameOf(content);
      if (name !== undefined) {
        // The server picks `posted`: a time in the future must not fix the name for good.
        const postedAt = Math.min(Math.floor((update.posted ?? 0) * 1000), this.options.now());
        this.options.conversations.updateProfile(author, name, postedAt);
      }
    }
    if (existing && message) {
      // The same post again, or an edit of it (§6.5: an edit comes as the post with new data). One
      // no newer than what is kept (a round that left before our own edit) must not undo it.
      if (update.seqno > existing.seqno && !sameBytes(existing.data, data) && !message.unsent) {
        const editedAt = Math.floor((update.edited ?? this.options.now() / 1000) * 1000);
        communities.editMessage(message.id, visible.body, editedAt);
        communities.editPost(message.id, { seqno: update.seqno, editedAt, data, signature });
        this.changed(message, outcome);
      }
      return;
    }
    if (update.posted === undefined) return;
    const sentAt = Math.floor(update.posted * 1000);
    // Our own post that came back before the server's answer to it did (or after a restart).
    const ownSentAt = content.dataMessage?.timestamp;
    const unlinked =
      fromSelf && typeof ownSentAt === 'number'
        ? communities.unlinkedOwnMessage(this.options.ownSessionId, ownSentAt, room.id)
        : undefined;
    const own = unlinked === undefined ? undefined : messages.byId(unlinked);
    if (own) {
      this.link(own, room, ownId, update, data, signature);
      this.changed(own, outcome);
      return;
    }
    const quote =
      visible.quote?.author === ownId
        ? { ...visible.quote, author: this.options.ownSessionId }
        : visible.quote;
    const stored = messages.insertWithin(
      {
        conversationId: room.id,
        author,
        direction: fromSelf ? 'outgoing' : 'incoming',
        sentAt,
        receivedAt: this.options.now(),
        body: visible.body,
        storageHash: null,
        state: fromSelf ? 'sent' : null,
        quote,
        readAt: fromSelf || history ? this.options.now() : undefined,
        newConversationState: 'accepted',
        attachments: visible.attachments.map(remoteAttachmentOf),
      },
      true,
    );
    if (!stored) return;
    communities.addPost({
      messageId: stored.id,
      conversationId: room.id,
      serverId: update.id,
      seqno: update.seqno,
      poster: update.sessionId,
      postedAt: sentAt,
      editedAt: update.edited === undefined ? null : Math.floor(update.edited * 1000),
      data,
      signature,
      // A whisper to us names us by our Session ID, as reactions do (§6.3: the server knows us blinded).
      whisperTo: update.whisperTo === ownId ? this.options.ownSessionId : (update.whisperTo ?? null),
      whisperMods: update.whisperMods,
    });
    // A post first seen after its edit (a room just joined, a page of history) shows as edited too.
    if (update.edited !== undefined) {
      communities.editMessage(stored.id, visible.body, Math.floor(update.edited * 1000));
    }
    if (update.reactions) communities.setReactions(stored.id, this.reactionsOf(update.reactions, ownId));
    outcome.added.push(stored);
    outcome.conversations.add(room.id);
  }

  /** Records the server's word on our message: its ID, its time there, and that it is sent. */
  private link(
    message: StoredMessage,
    room: CommunityRecord,
    ownId: string,
    update: RoomUpdate,
    data: Uint8Array,
    signature: Uint8Array,
  ): void {
    const { communities, messages } = this.options;
    const postedAt = Math.floor((update.posted ?? message.sentAt / 1000) * 1000);
    communities.addPost({
      messageId: message.id,
      conversationId: room.id,
      serverId: update.id,
      seqno: update.seqno,
      poster: ownId,
      postedAt,
      data,
      signature,
      whisperTo: update.whisperTo ?? null,
      whisperMods: update.whisperMods,
    });
    communities.setMessageSentAt(message.id, postedAt);
    if (message.state !== 'sent') messages.setState(message.id, 'sent');
    // It is posted: a retry still waiting would post it twice.
    this.options.outbox.removeForMessage(message.id);
  }

  private reactionsOf(reactions: readonly RoomReaction[], ownId: string): CommunityReaction[] {
    const own = this.options.ownSessionId;
    return reactions.map((reaction) => {
      const reactors = reaction.reactors.map((reactor) => (reactor === ownId ? own : reactor));
      if (reaction.mine && !reactors.includes(own)) reactors.unshift(own);
      return {
        emoji: reaction.emoji,
        count: Math.max(reaction.count, reactors.length),
        mine: reaction.mine,
        reactors,
      };
    });
  }

  private changed(message: StoredMessage, outcome: ReceiveOutcome): void {
    if (!outcome.updated.some((updated) => updated.id === message.id)) outcome.updated.push(message);
    outcome.conversations.add(message.conversationId);
  }
}

function sameBytes(left: Uint8Array | null, right: Uint8Array): boolean {
  return left !== null && left.length === right.length && left.every((byte, index) => byte === right[index]);
}
