// What a community server's inbox and outbox bring (protocol-messages.md §6.6; design.md
// "Pipelines"): each item is opened (its sender's key checked against their blinded ID), then all
// of a round are applied in one transaction. A message from someone we accepted by their Session
// ID goes to that chat; otherwise to the conversation with their 15… ID, which is a message request
// until accepted — or, when the account refuses community message requests, is dropped. Outbox
// items are our own messages, sent from another device: they show as sent, once (they carry their
// sent time, so the copy of a message sent from here is the message itself).
import { fromBase64 } from '../../shared/protocol/base64';
import { decryptBlindedMessage } from '../../shared/protocol/community/blindedMessages';
import { isBlindedId } from '../../shared/protocol/identity/conversationId';
import { isSessionId } from '../../shared/protocol/identity/sessionId';
import { type Content, decodeContent } from '../../shared/protocol/messages/codec';
import { unpadMessage } from '../../shared/protocol/messages/sessionProtocol';
import { remoteAttachmentOf } from '../store/attachmentRepository';
import type { BlindedRepository } from '../store/blindedRepository';
import type { ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { MessageRepository } from '../store/messageRepository';
import { RequestRepository } from '../store/requestRepository';
import type { DropReport } from '../messaging/dropReport';
import { displayNameOf, visiblePartsOf } from '../messaging/incomingContent';
import { emptyReceiveOutcome, type ReceiveOutcome } from '../messaging/receivePipeline';
import { requestLimits } from '../messaging/requests';
import type { CommunityServer } from './communityClient';

/** §6.6 `GET /inbox` and `/outbox` return pysogs' default page; one this full means more waits. */
export const inboxPageSize = 100;
/** desktop honours a message's own time within ±6 h of the server's (§6.4 sigTimestamp). */
const trustedClockSkewMs = 6 * 3600_000;

export interface InboxItem {
  readonly id: number;
  readonly postedAt: number;
  readonly sender: string;
  readonly recipient: string;
  readonly message: Uint8Array;
}

/** The items of an inbox or outbox reply; a 304 (nothing new) or anything malformed is none. */
export function readInboxItems(body: unknown): InboxItem[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((item: unknown) => {
    const value = (item ?? {}) as Record<string, unknown>;
    if (
      !Number.isSafeInteger(value.id) ||
      typeof value.posted_at !== 'number' ||
      typeof value.sender !== 'string' ||
      typeof value.recipient !== 'string' ||
      typeof value.message !== 'string'
    )
      return [];
    try {
      return [
        {
          id: value.id as number,
          postedAt: value.posted_at,
          sender: value.sender,
          recipient: value.recipient,
          message: fromBase64(value.message),
        },
      ];
    } catch {
      return [];
    }
  });
}

interface OpenedItem {
  readonly item: InboxItem;
  readonly outgoing: boolean;
  /** The sender's Session ID (from the key inside the message). */
  readonly senderSessionId: string;
  readonly content: Content;
}

export class BlindedInbox {
  private readonly requests: RequestRepository;

  constructor(
    private readonly options: {
      readonly database: SqliteDatabase;
      readonly repository: BlindedRepository;
      readonly conversations: ConversationRepository;
      readonly messages: MessageRepository;
      readonly ed25519SecretKey: Uint8Array;
      readonly ownSessionId: string;
      /** Whether people we have not accepted may write to us from communities (Settings). */
      readonly acceptsRequests: () => boolean;
      /** The room of this server a member posted in, else any joined room of it (what a request shows). */
      readonly roomOf: (baseUrl: string, member: string) => string | null;
      readonly dropReport: DropReport;
      readonly now: () => number;
    },
  ) {
    this.requests = new RequestRepository(options.database);
  }

  /**
   * Opens and applies a round's items; the positions read move past every item seen, opened or
   * not (one that cannot be opened now never will be).
   */
  async receive(
    server: CommunityServer,
    ownId: string,
    boxes: { readonly inbox: readonly InboxItem[]; readonly outbox: readonly InboxItem[] },
  ): Promise<ReceiveOutcome> {
    const opened: OpenedItem[] = [];
    for (const [outgoing, items] of [
      [false, boxes.inbox],
      [true, boxes.outbox],
    ] as const) {
      for (const item of items) {
        const one = await this.open(server, ownId, item, outgoing);
        if (one) opened.push(one);
      }
    }
    const outcome = emptyReceiveOutcome();
    const newest = (items: readonly InboxItem[]): number =>
      items.reduce((highest, item) => Math.max(highest, item.id), 0);
    this.options.database.transaction(() => {
      for (const item of opened) this.apply(server, item, outcome);
      this.enforceRequestLimits(outcome);
      this.options.repository.setSeen(server.baseUrl, {
        inbox: newest(boxes.inbox),
        outbox: newest(boxes.outbox),
      });
      // The round's words, in one write to the search index (migration 14).
      this.options.messages.indexPendingWords();
    })();
    return outcome;
  }

  private async open(
    server: CommunityServer,
    ownId: string,
    item: InboxItem,
    outgoing: boolean,
  ): Promise<OpenedItem | undefined> {
    // The server lists us on the side of the box it is: anything else is not ours to read.
    const other = outgoing ? item.recipient : item.sender;
    if ((outgoing ? item.sender : item.recipient) !== ownId || !isBlindedId(other)) {
      this.options.dropReport.dropped('blindedMessageMisaddressed');
      return undefined;
    }
    try {
      const { senderSessionId, paddedContent } = await decryptBlindedMessage(
        item.message,
        this.options.ed25519SecretKey,
        server.publicKey,
        { sender: item.sender, recipient: item.recipient },
      );
      return { item, outgoing, senderSessionId, content: decodeContent(unpadMessage(paddedContent)) };
    } catch {
      this.options.dropReport.dropped('blindedMessageRefused');
      return undefined;
    }
  }

  private apply(server: CommunityServer, opened: OpenedItem, outcome: ReceiveOutcome): void {
    const { conversations, messages, repository } = this.options;
    const { item, outgoing, senderSessionId, content } = opened;
    const blindedId = outgoing ? item.recipient : item.sender;
    const data = content.dataMessage;
    const sentAt = sentTimeOf(data?.timestamp, item.postedAt);
    // Someone we accepted by their Session ID is written to there; a blocked one is not heard.
    const known = outgoing ? undefined : conversations.get(senderSessionId);
    const byBlinded = conversations.get(blindedId);
    if (known?.state === 'blocked' || byBlinded?.state === 'blocked') {
      this.options.dropReport.dropped('blockedSender');
      return;
    }
    const conversationId = known?.state === 'accepted' ? senderSessionId : blindedId;
    const startsRequest = !outgoing && conversationId === blindedId && !byBlinded;
    if (startsRequest && !this.options.acceptsRequests()) {
      this.options.dropReport.dropped('communityRequestRefused');
      return;
    }
    const visible = data
      ? visiblePartsOf(data, (author) => isSessionId(author) || isBlindedId(author))
      : undefined;
    const accepted = !outgoing && content.messageRequestResponse?.isApproved === true;
    if (typeof visible === 'string' || (visible === undefined && !accepted)) {
      this.options.dropReport.dropped('blindedMessageIgnored');
      return;
    }
    if (!outgoing) {
      const name = displayNameOf(content);
      if (name !== undefined) {
        conversations.updateProfile(conversationId, name, Math.min(sentAt, this.options.now()));
        outcome.conversations.add(conversationId);
      }
      if (typeof data?.blocksCommunityMessageRequests === 'boolean') {
        repository.setRefusesRequests(blindedId, data.blocksCommunityMessageRequests, sentAt);
      }
    }
    if (visible) {
      const stored = messages.insertWithin(
        {
          conversationId,
          // In a blinded conversation the other side is named by the ID it has there.
          author: outgoing ? this.options.ownSessionId : conversationId,
          direction: outgoing ? 'outgoing' : 'incoming',
          sentAt,
          receivedAt: this.options.now(),
          body: visible.body,
          storageHash: null,
          state: outgoing ? 'sent' : null,
          quote: visible.quote,
          readAt: outgoing ? this.options.now() : undefined,
          newConversationState: outgoing ? 'accepted' : 'request',
          attachments: visible.attachments.map(remoteAttachmentOf),
        },
        conversations.get(conversationId) !== undefined,
      );
      if (stored) {
        outcome.added.push(stored);
        outcome.conversations.add(conversationId);
      }
    }
    if (conversationId === blindedId && conversations.get(blindedId)) {
      repository.addContact({
        blindedId,
        baseUrl: server.baseUrl,
        serverKey: server.publicKey,
        sessionId: outgoing ? null : senderSessionId,
        roomId: this.options.roomOf(server.baseUrl, blindedId),
      });
    }
    if (accepted || (visible && !outgoing)) {
      const conversation = conversations.get(conversationId);
      if (conversation && !conversation.approvedMe) {
        conversations.markApprovedMe(conversationId);
        outcome.conversations.add(conversationId);
      }
    }
  }

  /** A request from a stranger may store only so much here (requests.ts), as a swarm's may. */
  private enforceRequestLimits(outcome: ReceiveOutcome): void {
    const received = new Set(
      outcome.added
        .filter((message) => message.direction === 'incoming')
        .map((message) => message.conversationId),
    );
    if (received.size === 0) return;
    const trimmed = this.requests.enforceLimits(received, requestLimits);
    if (trimmed.length === 0) return;
    const gone = new Set(trimmed.map((message) => message.id));
    const added = outcome.added.splice(0);
    outcome.added.push(...added.filter((message) => !gone.has(message.id)));
    for (const message of trimmed) {
      if (!added.some((one) => one.id === message.id)) {
        outcome.removed.push({ conversationId: message.conversationId, messageId: message.id });
      }
      outcome.conversations.add(message.conversationId);
    }
    this.options.dropReport.dropped('overRequestLimit', trimmed.length);
  }
}

/**
 * A message's sent time: the one it carries (our own outgoing DMs set it, so every device names
 * the message alike), when it is near the server's; the server's otherwise.
 */
function sentTimeOf(carried: unknown, postedAtSeconds: number): number {
  const posted = Math.floor(postedAtSeconds * 1000);
  const claimed = typeof carried === 'number' ? carried : Number(carried ?? Number.NaN);
  return Number.isSafeInteger(claimed) && claimed > 0 && Math.abs(claimed - posted) <= trustedClockSkewMs
    ? claimed
    : posted;
}
