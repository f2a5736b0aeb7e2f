// One-to-one messaging as the UI asks for it (the messaging half of ClientApi): sending through the
// persistent outbox with a copy for our other devices, requests, receipts, typing, reactions,
// unsend, disappearing messages and the profile, and applying what the receive pipeline brings.
// What is sent, and how, is messageSending.ts.
import type { ClientEvents } from '../../shared/contract/clientEvents';
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type {
  BlindedSummaryView,
  CommunitySummaryView,
  ConversationView,
  MessagePage,
  GroupSummaryView,
  MessageView,
  SearchPage,
  SettingsView,
} from '../../shared/contract/views';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import type { Logger } from '../logging/logger';
import { deleteFromSwarm, shortenExpiryInSwarm } from '../network/swarmWrites';
import { accountAuthority, type SwarmAuthority } from '../network/swarmAuthority';
import type { SessionNetwork } from '../network/sessionNetwork';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import type { OutboxRepository } from '../store/outboxRepository';
import { HistoryPages } from '../store/historyPages';
import { MessageSearch } from '../store/messageSearch';
import { messagePage } from './messagePages';
import type { SettingsRepository } from '../store/settingsRepository';
import { MessengerError, type MessengerErrorCode } from './messengerError';
import { conversationKindOf, type ConversationTransport } from './conversationTransport';
import type { Outbox } from './outbox';
import {
  disappearingUpdateContent,
  type Profile,
  reactionContent,
  readReceiptContent,
  requestResponseContent,
  unsendContent,
} from './outgoingContent';
import type { ReceiveOutcome } from './receivePipeline';
import { MessageRequests } from './requests';
import { muteView, Mutes } from './mutes';
import { conversationView } from './conversationViews';
import { settingsView, updateSettings } from './settingsViews';
import { TypingIndicators } from './typingIndicators';
import { type MessageFiles, MessageSending, type MessageSendingOptions } from './messageSending';
import { controlLineRecord } from './controlLines';
import type { StoredControl } from '../store/groupControl';

export type { MessageFiles };

export { MessengerError, type MessengerErrorCode };

type Emit = <Name extends keyof ClientEvents>(name: Name, event: ClientEvents[Name]) => void;

/** setTimeout's ceiling; a later expiry is looked at again when this one fires. */
const longestTimerMs = 2 ** 31 - 1;
/** A swarm delete names at most this many messages, so that a flood's deletes stay small requests. */
const hashesPerDelete = 1_000;
/** A received batch that changed more conversations than this is told as one 'conversations.changed'. */
const conversationsPerEventBurst = 20;

export { muteView };

export class Messenger {
  /** Sent times, the profile, transports and the outbox entries of what is sent (messageSending.ts). */
  readonly sending: MessageSending;
  private expiryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Declining and blocking, one or many (requests.ts). */
  readonly requests: MessageRequests;
  private readonly mutes: Mutes;
  private readonly typing: TypingIndicators;
  private readonly history: HistoryPages;
  private readonly search: MessageSearch;

  constructor(
    private readonly options: {
      readonly database: SqliteDatabase;
      readonly messages: MessageRepository;
      readonly conversations: ConversationRepository;
      readonly outboxEntries: OutboxRepository;
      readonly outbox: Outbox;
      readonly settings: SettingsRepository;
      readonly network: SessionNetwork;
      readonly keys: IdentityKeys;
      readonly logger: Logger;
      readonly now: () => number;
      readonly emit: Emit;
      /** How group messages travel (core/groups); without it, only one-to-one chats are written to. */
      readonly groupTransport?: MessageSendingOptions['groupTransport'];
      /** Deletes a group message for everyone (core/groups): ours, or anyone's for an admin. */
      readonly groupUnsend?: (message: StoredMessage) => Promise<void>;
      /** A group conversation's member count and our standing in it (core/groups). */
      readonly groupSummary?: (groupId: string) => GroupSummaryView | undefined;
      /** Files (core/attachments): without them, messages are text only. */
      readonly files?: MessageFiles;
      /** How community posts travel, and what their views add (core/community). */
      readonly communityTransport?: MessageSendingOptions['communityTransport'];
      /** How blinded DMs to community members travel (core/community/blindedTransport.ts). */
      readonly blindedTransport?: MessageSendingOptions['blindedTransport'];
      /** What a blinded conversation's entry shows (core/community/blindedConversations.ts). */
      readonly blindedSummary?: (conversationId: string) => BlindedSummaryView | undefined;
      readonly communities?: {
        readonly summary: (conversationId: string) => CommunitySummaryView | undefined;
        readonly decorate: (message: StoredMessage, view: MessageView) => MessageView;
        readonly authorName: (author: string) => string | null;
      };
    },
  ) {
    this.sending = new MessageSending(options);
    this.history = new HistoryPages(options.database);
    this.search = new MessageSearch(options.database);
    this.mutes = new Mutes({
      conversations: options.conversations,
      ended: (id) => this.conversationChanged(id),
    });
    this.typing = new TypingIndicators({
      network: options.network,
      keys: options.keys,
      logger: options.logger,
      nextSentAt: () => this.nextSentAt(),
      changed: (conversationId, typing) => options.emit('typing.changed', { conversationId, typing }),
    });
    this.requests = new MessageRequests({
      database: options.database,
      messages: options.messages,
      conversations: options.conversations,
      now: options.now,
      emit: options.emit,
      view: (record) => this.conversationView(record),
      deleteOwnCopies: (hashes) => void this.deleteOwnCopies(hashes),
    });
  }

  start(): void {
    this.sending.start();
    this.options.messages.forgetDropped(this.options.now());
    this.scheduleExpiry();
    this.mutes.start();
    // Messages whose files were all uploaded before a restart, but not yet sent.
    for (const id of this.options.messages.attachments.messagesAwaitingContent()) {
      void this.sending.sendUploaded(id);
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.mutes.close();
    this.typing.close();
  }

  private get ownSwarm(): SwarmAuthority {
    return accountAuthority(this.options.keys);
  }

  get profile(): Profile {
    return this.sending.profile;
  }

  nextSentAt(): number {
    return this.sending.nextSentAt();
  }

  private transportOf(conversationId: string): ConversationTransport {
    return this.sending.transportOf(conversationId);
  }

  private queueControl(
    ...control: Parameters<MessageSending['queueControl']>
  ): Promise<{ readonly sentAt: number }> {
    return this.sending.queueControl(...control);
  }

  /** Our own line in a conversation's timeline for a control message we sent (controlLines.ts). */
  private recordOwnControl(conversationId: string, sentAt: number, control: StoredControl): void {
    const { keys, messages, now } = this.options;
    const [stored] = messages.insert([
      controlLineRecord({
        conversationId,
        author: keys.sessionId,
        ownSessionId: keys.sessionId,
        sentAt,
        now: now(),
        control,
      }),
    ]);
    if (stored) this.options.emit('message.sent', { message: this.view(stored) });
  }

  // --- views ------------------------------------------------------------------------------------

  conversationView(record: ConversationRecord): ConversationView {
    return conversationView(record, this.options.messages, {
      group: this.options.groupSummary,
      community: this.options.communities?.summary,
      blinded: this.options.blindedSummary,
      authorName: this.options.communities?.authorName,
    });
  }

  private conversationOrThrow(id: string): ConversationRecord {
    const conversation = this.options.conversations.get(id);
    if (!conversation) {
      throw new MessengerError(
        'conversationMissing',
        `There is no conversation with ${abbreviateSessionId(id)}.`,
      );
    }
    return conversation;
  }

  private messageOrThrow(id: number): StoredMessage {
    const message = this.options.messages.byId(id);
    if (!message) throw new MessengerError('messageMissing', 'This message no longer exists.');
    return message;
  }

  private view(message: StoredMessage): MessageView {
    const view = this.options.messages.view(message);
    return conversationKindOf(message.conversationId) === 'community' && this.options.communities
      ? this.options.communities.decorate(message, view)
      : view;
  }

  private conversationChanged(id: string): ConversationView | undefined {
    const record = this.options.conversations.get(id);
    if (!record) return undefined;
    const conversation = this.conversationView(record);
    this.options.emit('conversation.updated', { conversation });
    return conversation;
  }

  /** Someone's picture arrived, changed or went: their conversation shows it, and so does the UI elsewhere. */
  pictureChanged(sessionId: string): void {
    const conversation = this.conversationChanged(sessionId);
    const picture = conversation?.picture ?? this.options.files?.pictureToken(sessionId);
    this.options.emit('picture.changed', { sessionId, ...(picture ? { picture } : {}) });
  }

  /** Tells the UI a message changed, reading it afresh. */
  /** Tells the UI a message changed; returns its view (undefined when it is gone). */
  messageChanged(id: number): MessageView | undefined {
    const message = this.options.messages.byId(id);
    if (!message) return undefined;
    const view = this.view(message);
    this.options.emit('message.updated', { message: view });
    return view;
  }

  // --- reading ------------------------------------------------------------------------------------

  listConversations(request: ValidClientRequest<'listConversations'>): { conversations: ConversationView[] } {
    const state = ({ chats: 'accepted', requests: 'request', blocked: 'blocked' } as const)[request.list];
    return {
      conversations: this.options.conversations.list(state).map((record) => this.conversationView(record)),
    };
  }

  getConversation(request: ValidClientRequest<'getConversation'>): ConversationView {
    return this.conversationView(this.conversationOrThrow(request.conversationId));
  }

  listMessages(request: ValidClientRequest<'listMessages'>): MessagePage {
    return messagePage(request, { messages: this.options.messages, history: this.history }, (message) =>
      this.view(message),
    );
  }

  /** Finds messages by their words (core/store/messageSearch.ts). */
  searchMessages(request: ValidClientRequest<'searchMessages'>): SearchPage {
    return this.search.search(request);
  }

  getSettings(): SettingsView {
    return settingsView(this.options.settings);
  }

  updateSettings(request: ValidClientRequest<'updateSettings'>): SettingsView {
    return updateSettings(this.options.settings, request, this.options.emit);
  }

  // --- sending ------------------------------------------------------------------------------------

  /** The conversation to write in: a request is accepted by replying, a blocked one refuses. */
  private async writableConversation(id: string): Promise<ConversationRecord> {
    const { conversations } = this.options;
    const existing = conversations.get(id);
    if (existing?.state === 'blocked') {
      throw new MessengerError('blocked', 'You blocked this contact. Unblock them to send messages.');
    }
    if (conversationKindOf(id) === 'group') {
      // A group is joined through its invite (core/groups), never by writing to it.
      if (existing?.state !== 'accepted') {
        throw new MessengerError(
          'notInGroup',
          existing ? 'Accept the invitation to write in this group.' : 'You are not in this group.',
        );
      }
      return existing;
    }
    if (conversationKindOf(id) === 'community') {
      // A room is joined by its link (core/community), never by writing to it.
      if (!existing || !this.options.communities?.summary(id)) {
        throw new MessengerError('conversationMissing', 'You are not in this community: join it first.');
      }
      return existing;
    }
    if (conversationKindOf(id) === 'blinded' && !existing) {
      // A blinded ID says nothing of its server: it is written to from its room (the member's name).
      throw new MessengerError(
        'conversationMissing',
        'A community member is messaged from their room: choose Message on their name there.',
      );
    }
    if (existing?.state === 'request') await this.acceptRequest({ conversationId: id });
    return conversations.ensure(id, 'accepted', this.options.now());
  }

  async sendMessage(request: ValidClientRequest<'sendMessage'>): Promise<MessageView> {
    const conversation = await this.writableConversation(request.conversationId);
    // A message with files is posted once they are uploaded, as an ordinary post: a whisper's
    // audience would be lost on the way, so a whisper carries words only.
    if (request.whisper && request.attachments?.length) {
      throw new MessengerError('fileMissing', 'A whisper carries words only: send its files as a post.');
    }
    if (conversationKindOf(conversation.id) !== 'community' && request.whisper) {
      throw new MessengerError('notInGroup', 'Only a community’s moderators can whisper, in its rooms.');
    }
    if (request.quoteMessageId !== undefined) this.messageOrThrow(request.quoteMessageId);
    const stored = await this.sending.queueMessage(conversation, request);
    this.scheduleExpiry();
    const message = this.view(stored);
    this.options.emit('message.sent', { message });
    this.conversationChanged(conversation.id);
    return message;
  }

  sendUploaded(messageId: number): Promise<void> {
    return this.sending.sendUploaded(messageId);
  }

  /** An upload failed for good: the message is shown failed, and can be retried. */
  uploadFailed(messageId: number, reason: string): void {
    this.options.messages.setState(messageId, 'failed', reason);
    this.messageChanged(messageId);
  }

  retryMessage(request: ValidClientRequest<'retryMessage'>): MessageView {
    const message = this.messageOrThrow(request.messageId);
    if (this.sending.retry(message) === 0) {
      throw new MessengerError('nothingToRetry', 'This message is not waiting for a retry.');
    }
    const view = this.view(this.messageOrThrow(message.id));
    this.options.emit('message.updated', { message: view });
    return view;
  }

  async react(request: ValidClientRequest<'react'>): Promise<MessageView> {
    const target = this.messageOrThrow(request.messageId);
    if (target.unsent) throw new MessengerError('messageMissing', 'This message was deleted.');
    await this.writableConversation(target.conversationId);
    const { keys } = this.options;
    this.options.messages.react(
      target.id,
      keys.sessionId,
      request.emoji,
      !request.remove,
      this.options.now(),
    );
    await this.queueControl(
      target.conversationId,
      (syncTarget) =>
        reactionContent({
          target: { author: target.author, sentAt: target.sentAt },
          emoji: request.emoji,
          remove: request.remove,
          profile: this.profile,
          syncTarget,
        }),
      { copyToSelf: true },
    );
    const view = this.view(target);
    this.options.emit('message.updated', { message: view });
    return view;
  }

  /** Deletes a message here, or unsends our own message for everyone (§3 UnsendRequest + delete). */
  async deleteMessage(request: ValidClientRequest<'deleteMessage'>): Promise<{ deleted: true }> {
    const message = this.messageOrThrow(request.messageId);
    if (!request.forEveryone) {
      this.options.messages.remove(message);
      // Our swarm's copy goes too: a member not yet polled would hand it over again, as new. (A
      // group's copy is in the group's swarm, where only admins delete.)
      if (message.storageHash && conversationKindOf(message.conversationId) === 'direct')
        void this.deleteOwnCopies([message.storageHash]);
      this.options.emit('message.removed', { conversationId: message.conversationId, messageId: message.id });
      this.conversationChanged(message.conversationId);
      this.options.files?.sweep();
      return { deleted: true };
    }
    if (conversationKindOf(message.conversationId) === 'group' && this.options.groupUnsend) {
      // Groups delete by swarm hash, and admins may delete anyone's (core/groups/groupDeletion.ts).
      await this.options.groupUnsend(message);
      this.messageChanged(message.id);
      this.conversationChanged(message.conversationId);
      return { deleted: true };
    }
    if (message.author !== this.options.keys.sessionId) {
      throw new MessengerError('notAuthor', 'Only your own messages can be deleted for everyone.');
    }
    const target = { author: message.author, sentAt: message.sentAt };
    this.options.database.transaction(() => {
      this.options.messages.unsend(message.id);
      this.options.outboxEntries.removeForMessage(message.id);
    })();
    // The recipient deletes its copy when it reads the request; our other devices too.
    await this.queueControl(message.conversationId, () => unsendContent(target), { copyToSelf: true });
    if (message.storageHash) void this.deleteOwnCopies([message.storageHash]);
    this.options.files?.sweep();
    this.messageChanged(message.id);
    this.conversationChanged(message.conversationId);
    return { deleted: true };
  }

  private async deleteOwnCopies(hashes: readonly string[]): Promise<void> {
    for (let start = 0; start < hashes.length; start += hashesPerDelete) {
      const part = hashes.slice(start, start + hashesPerDelete);
      try {
        await deleteFromSwarm(this.options.network, this.ownSwarm, part);
      } catch (error) {
        this.options.logger.warn(
          `could not delete ${part.length} message(s) from the swarm: ${(error as Error).message}`,
        );
      }
    }
  }

  async markRead(request: ValidClientRequest<'markRead'>): Promise<ConversationView> {
    const conversation = this.conversationOrThrow(request.conversationId);
    const read = this.options.messages.markRead(conversation.id, this.options.now());
    if (read.length > 0) {
      if (
        this.options.settings.get('readReceipts') &&
        conversation.state === 'accepted' &&
        this.transportOf(conversation.id).sendsReceipts
      ) {
        await this.queueControl(
          conversation.id,
          () => readReceiptContent(read.map((message) => message.sentAt)),
          {
            copyToSelf: false,
          },
        );
      }
      this.shortenReadExpiries(read);
      for (const message of read) this.options.emit('message.updated', { message: this.view(message) });
      this.scheduleExpiry();
    }
    return this.conversationChanged(conversation.id)!;
  }

  /** Messages that disappear after read leave the swarm when they leave this device. */
  private shortenReadExpiries(read: readonly StoredMessage[]): void {
    const byExpiry = new Map<number, string[]>();
    for (const message of read) {
      if (message.expiration?.mode !== 'afterRead' || message.expiresAt === null || !message.storageHash)
        continue;
      byExpiry.set(message.expiresAt, [...(byExpiry.get(message.expiresAt) ?? []), message.storageHash]);
    }
    for (const [expiry, hashes] of byExpiry) {
      shortenExpiryInSwarm(this.options.network, this.ownSwarm, hashes, expiry).catch((error: unknown) =>
        this.options.logger.warn(
          `could not shorten the expiry of read messages: ${(error as Error).message}`,
        ),
      );
    }
  }

  /** Typing indicators go to one-to-one chats only, when the person allows them (§2.3). */
  async setTyping(request: ValidClientRequest<'setTyping'>): Promise<{ sent: boolean }> {
    const conversation = this.options.conversations.get(request.conversationId);
    if (
      !this.options.settings.get('typingIndicators') ||
      conversation?.state !== 'accepted' ||
      !this.transportOf(conversation.id).sendsReceipts
    )
      return { sent: false };
    return { sent: await this.typing.send(conversation.id, request.typing) };
  }

  async setDisappearing(request: ValidClientRequest<'setDisappearing'>): Promise<ConversationView> {
    const conversation = await this.writableConversation(request.conversationId);
    const setting = request.setting.mode === 'off' ? { mode: 'off' as const, seconds: 0 } : request.setting;
    const unchanged =
      conversation.disappearing.mode === setting.mode &&
      conversation.disappearing.seconds === setting.seconds;
    this.options.conversations.setDisappearing(conversation.id, setting);
    const { sentAt } = await this.queueControl(
      conversation.id,
      (syncTarget) => disappearingUpdateContent(setting, this.profile, syncTarget),
      { copyToSelf: true },
    );
    if (!unchanged)
      this.recordOwnControl(conversation.id, sentAt, { kind: 'disappearingChanged', ...setting });
    return this.conversationChanged(conversation.id)!;
  }

  // --- muting ------------------------------------------------------------------------------------

  /** Mutes or unmutes a conversation's notifications, on this device (mutes.ts). */
  setMuted(request: ValidClientRequest<'setMuted'>): ConversationView {
    const conversation = this.conversationOrThrow(request.conversationId);
    this.mutes.set(conversation.id, request.until);
    return this.conversationChanged(conversation.id)!;
  }

  // --- requests and blocking ------------------------------------------------------------------------

  /** Accepting a request tells the sender (MessageRequestResponse), with our profile. */
  async acceptRequest(request: ValidClientRequest<'acceptRequest'>): Promise<ConversationView> {
    const conversation = this.conversationOrThrow(request.conversationId);
    if (conversation.state !== 'request') {
      throw new MessengerError('notARequest', 'This conversation is not a message request.');
    }
    this.options.conversations.setState(conversation.id, 'accepted');
    this.options.files?.requestAccepted();
    const { sentAt } = await this.queueControl(conversation.id, () => requestResponseContent(this.profile), {
      copyToSelf: false,
    });
    this.recordOwnControl(conversation.id, sentAt, { kind: 'requestAccepted' });
    return this.conversationChanged(conversation.id)!;
  }

  declineRequest(request: ValidClientRequest<'declineRequest'>): { declined: true } {
    return this.requests.decline(request);
  }

  block(request: ValidClientRequest<'block'>): ConversationView {
    return this.requests.block(request);
  }

  unblock(request: ValidClientRequest<'unblock'>): ConversationView {
    return this.requests.unblock(request, this.options.keys.sessionId);
  }

  // --- receiving ------------------------------------------------------------------------------------

  /** Tells the UI what a received batch changed, and makes the swarm changes it calls for. */
  applied(outcome: ReceiveOutcome): void {
    if (this.closed) return;
    for (const message of outcome.added)
      this.options.emit('message.received', { message: this.view(message) });
    for (const message of outcome.updated) this.messageChanged(message.id);
    for (const { conversationId, messageId } of outcome.removed)
      this.options.emit('message.removed', { conversationId, messageId });
    if (outcome.conversations.size > conversationsPerEventBurst) {
      // A flood of new requests: one event, not one per sender.
      const updated = [...outcome.conversations].flatMap((id) => {
        const record = this.options.conversations.get(id);
        return record ? [this.conversationView(record)] : [];
      });
      this.options.emit('conversations.changed', { updated, removed: [] });
    } else {
      for (const id of outcome.conversations) this.conversationChanged(id);
    }
    for (const { conversationId, typing } of outcome.typing) this.typing.received(conversationId, typing);
    if (outcome.ownSwarmDeletes.length > 0) void this.deleteOwnCopies(outcome.ownSwarmDeletes);
    if (outcome.added.some((message) => message.expiresAt !== null)) this.scheduleExpiry();
    this.options.files?.received(outcome.added);
    if (outcome.removed.length > 0 || outcome.updated.some((message) => message.unsent))
      this.options.files?.sweep();
  }

  // --- disappearing messages ------------------------------------------------------------------------

  /** Removes what has expired and sets a timer for the next one. */
  private scheduleExpiry(): void {
    if (this.closed) return;
    clearTimeout(this.expiryTimer);
    const now = this.options.now();
    const expired = this.options.messages.removeExpired(now);
    for (const message of expired) {
      this.options.emit('message.removed', { conversationId: message.conversationId, messageId: message.id });
    }
    for (const id of new Set(expired.map((message) => message.conversationId))) this.conversationChanged(id);
    // Disappearing messages take their files with them.
    if (expired.length > 0) this.options.files?.sweep();
    const next = this.options.messages.nextExpiry();
    if (next === null) return;
    this.expiryTimer = setTimeout(
      () => this.scheduleExpiry(),
      Math.min(Math.max(0, next - now), longestTimerMs),
    );
    this.expiryTimer.unref();
  }
}
