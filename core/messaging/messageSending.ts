// What messaging sends, and how (the sending half of messenger.ts): sent times that never repeat,
// the profile every visible message carries, one transport per conversation kind, visible messages
// stored with their outbox entries in one transaction (or, with files, built once the files are
// uploaded), control messages, and retries.
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import { attachmentPointer } from '../../shared/protocol/attachments/attachmentPointer';
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import type { Content } from '../../shared/protocol/messages/codec';
import { describedFile, type LocalAttachment } from '../store/attachmentRepository';
import type { ConversationRecord } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import type { OutboxRepository } from '../store/outboxRepository';
import type { SettingsRepository } from '../store/settingsRepository';
import {
  type ConversationKind,
  conversationKindOf,
  type ConversationTransport,
} from './conversationTransport';
import { DirectTransport } from './directTransport';
import { MessengerError } from './messengerError';
import type { Outbox } from './outbox';
import { messageTtlMs, type Profile, textContent, visibleMessageTtl } from './outgoingContent';

/** What messaging asks of the engine's files (core/attachments/attachments.ts). */
export interface MessageFiles {
  take(stagedIds: readonly string[]): LocalAttachment[];
  /** Starts the uploads of messages just stored. */
  upload(): void;
  /** Puts a message's failed uploads back in line; how many. */
  retryUploads(messageId: number): number;
  /** New messages arrived: fetch what comes by itself. */
  received(messages: readonly StoredMessage[]): void;
  /** Messages went: remove their files. */
  sweep(): void;
  /** Our profile picture, as outgoing profiles carry it. */
  ownPicture(): ProfilePicture | null;
  /** The token of someone's picture on this device (for views), if any. */
  pictureToken(sessionId: string): string | undefined;
  /** A request was accepted: the picture held for it may be fetched. */
  requestAccepted(): void;
}

export interface MessageSendingOptions {
  readonly database: SqliteDatabase;
  readonly messages: MessageRepository;
  readonly outboxEntries: OutboxRepository;
  readonly outbox: Outbox;
  readonly settings: SettingsRepository;
  readonly keys: IdentityKeys;
  readonly now: () => number;
  /** How group messages travel (core/groups); without it, only one-to-one chats are written to. */
  readonly groupTransport?: ConversationTransport | undefined;
  /** Files (core/attachments): without them, messages are text only. */
  readonly files?: MessageFiles | undefined;
  /** How community posts travel (core/community); without it, rooms cannot be written to. */
  readonly communityTransport?: ConversationTransport | undefined;
  /** How blinded DMs travel (core/community); without it, 15… conversations cannot be written to. */
  readonly blindedTransport?: ConversationTransport | undefined;
}

export class MessageSending {
  private lastSentAt = 0;
  private readonly transports: Readonly<Record<ConversationKind, ConversationTransport>>;

  constructor(private readonly options: MessageSendingOptions) {
    const direct = new DirectTransport(options.keys);
    const nowhere: ConversationTransport = {
      sendsReceipts: false,
      entries: () =>
        Promise.reject(
          new MessengerError('conversationMissing', 'Communities cannot be written to from here.'),
        ),
    };
    this.transports = {
      direct,
      group: options.groupTransport ?? direct,
      community: options.communityTransport ?? nowhere,
      blinded: options.blindedTransport ?? nowhere,
    };
  }

  /** Before the first send: sent times go on from the newest message we ever sent. */
  start(): void {
    this.lastSentAt = this.options.messages.latestSentAt(this.options.keys.sessionId) ?? 0;
  }

  get profile(): Profile {
    return {
      displayName: this.options.settings.get('displayName'),
      picture: this.options.files?.ownPicture() ?? null,
    };
  }

  /** Sent times name messages together with their author, so ours never repeat (§3). */
  nextSentAt(): number {
    this.lastSentAt = Math.max(this.options.now(), this.lastSentAt + 1);
    return this.lastSentAt;
  }

  /** The transport of a conversation's kind (conversationTransport.ts). */
  transportOf(conversationId: string): ConversationTransport {
    return this.transports[conversationKindOf(conversationId)];
  }

  /** Queues a message that is not shown itself (receipt, reaction, setting, unsend, acceptance). */
  async queueControl(
    conversationId: string,
    content: (syncTarget: string | undefined) => Content,
    options: { readonly copyToSelf: boolean; readonly ttlMs?: number },
  ): Promise<{ readonly sentAt: number }> {
    const sentAt = this.nextSentAt();
    const entries = await this.transportOf(conversationId).entries({
      conversationId,
      sentAt,
      content,
      messageId: null,
      purpose: 'control',
      ttlMs: options.ttlMs ?? messageTtlMs,
      copyToSelf: options.copyToSelf,
    });
    this.options.outboxEntries.add(entries, this.options.now());
    this.options.outbox.kick();
    return { sentAt };
  }

  /**
   * Stores a visible message in a conversation we may write to, with its outbox entries in the same
   * transaction; a message with files waits for their uploads instead (sendUploaded).
   */
  async queueMessage(
    conversation: ConversationRecord,
    request: ValidClientRequest<'sendMessage'>,
  ): Promise<StoredMessage> {
    const { messages } = this.options;
    const quoted = request.quoteMessageId === undefined ? undefined : messages.byId(request.quoteMessageId);
    if (request.quoteMessageId !== undefined && quoted?.conversationId !== conversation.id) {
      throw new MessengerError('messageMissing', 'The quoted message is not in this conversation.');
    }
    const sentAt = this.nextSentAt();
    const disappearing = conversation.disappearing;
    const quote =
      quoted && !quoted.unsent
        ? { author: quoted.author, sentAt: quoted.sentAt, text: quoted.body }
        : undefined;
    const files = request.attachments?.length ? this.filesOrThrow().take(request.attachments) : [];
    const entries =
      files.length > 0
        ? []
        : await this.transportOf(conversation.id).entries({
            conversationId: conversation.id,
            sentAt,
            content: (syncTarget) =>
              textContent({ text: request.text, profile: this.profile, disappearing, quote, syncTarget }),
            messageId: null,
            purpose: 'message',
            ttlMs: visibleMessageTtl(disappearing),
            copyToSelf: true,
            whisper: request.whisper && {
              to: request.whisper.to ?? null,
              moderators: request.whisper.moderators,
            },
          });
    const stored = this.options.database.transaction(() => {
      const [message] = messages.insert([
        {
          conversationId: conversation.id,
          author: this.options.keys.sessionId,
          direction: 'outgoing',
          sentAt,
          receivedAt: sentAt,
          body: request.text,
          storageHash: null,
          state: 'sending',
          quote: quote && { author: quote.author, sentAt: quote.sentAt },
          expiration:
            disappearing.mode === 'off'
              ? undefined
              : { mode: disappearing.mode, seconds: disappearing.seconds },
          readAt: sentAt,
          newConversationState: 'accepted',
          attachments: files,
        },
      ]);
      if (!message) throw new Error('an outgoing message collided with a stored one');
      this.options.outboxEntries.add(
        entries.map((entry) => ({ ...entry, messageId: message.id })),
        this.options.now(),
      );
      return message;
    })();
    if (files.length > 0) this.options.files?.upload();
    else this.options.outbox.kick();
    return stored;
  }

  /**
   * Sends a message whose files are all uploaded: its content names them (§5), and the outbox
   * takes it from here. Built once: a second call (a restart just after) finds it queued.
   */
  async sendUploaded(messageId: number): Promise<void> {
    const { messages } = this.options;
    const message = messages.byId(messageId);
    if (!message || message.unsent || messages.attachments.isContentQueued(messageId)) return;
    const pointers = messages.attachments.forMessage(messageId).flatMap((file) => {
      const described = describedFile(file);
      return described ? [attachmentPointer(described)] : [];
    });
    const quoted = message.quote && messages.byAuthorAndSentAt(message.quote.author, message.quote.sentAt);
    const disappearing = message.expiration ?? { mode: 'off' as const, seconds: 0 };
    const entries = await this.transportOf(message.conversationId).entries({
      conversationId: message.conversationId,
      sentAt: message.sentAt,
      content: (syncTarget) =>
        textContent({
          text: message.body ?? '',
          attachments: pointers,
          profile: this.profile,
          disappearing,
          quote: message.quote ? { ...message.quote, text: quoted?.body ?? null } : undefined,
          syncTarget,
        }),
      messageId,
      purpose: 'message',
      ttlMs: visibleMessageTtl(disappearing),
      copyToSelf: true,
    });
    const queued = this.options.database.transaction(() => {
      if (!messages.byId(messageId) || messages.attachments.isContentQueued(messageId)) return false;
      this.options.outboxEntries.add(entries, this.options.now());
      messages.attachments.setContentQueued(messageId, true);
      return true;
    })();
    if (queued) this.options.outbox.kick();
  }

  /** Puts a failed message's stores and uploads back in line; how many. */
  retry(message: StoredMessage): number {
    if (message.state !== 'failed') return 0;
    const retried =
      this.options.outboxEntries.retry(message.id, this.options.now()) +
      (this.options.files?.retryUploads(message.id) ?? 0);
    if (retried > 0) {
      this.options.messages.setState(message.id, 'sending');
      this.options.outbox.kick();
    }
    return retried;
  }

  private filesOrThrow(): MessageFiles {
    if (!this.options.files) throw new MessengerError('fileMissing', 'Files cannot be sent from here.');
    return this.options.files;
  }
}
