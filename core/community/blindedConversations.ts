// Blinded DMs with community members (protocol-messages.md §6.6), put together: what they keep,
// how they travel (blindedTransport.ts, blindedCarrier.ts), how they come (blindedInbox.ts, read by
// each server's poller), what their conversations show, and starting one from a room's member.
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type { BlindedSummaryView } from '../../shared/contract/views';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { MessengerError } from '../messaging/messengerError';
import type { DropReport } from '../messaging/dropReport';
import type { ReceiveOutcome } from '../messaging/receivePipeline';
import { BlindedRepository } from '../store/blindedRepository';
import type { CommunityRepository } from '../store/communityRepository';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { MessageRepository } from '../store/messageRepository';
import { BlindedCarrier } from './blindedCarrier';
import { BlindedInbox, inboxPageSize, readInboxItems } from './blindedInbox';
import { BlindedTransport } from './blindedTransport';
import type { CommunityClient, CommunityReply, CommunityRequest, CommunityServer } from './communityClient';
import type { CheckedUpdate } from './communityReceiver';

/** What a server's poller asks and hands over for its inbox and outbox (communityPoller.ts). */
export interface InboxPolling {
  /** The requests to add to a round's `/batch`: none until the server said it blinds. */
  requests(baseUrl: string): CommunityRequest[];
  /** The round's answers: the capabilities', then those of `requests`; true when more waits. */
  received(
    server: CommunityServer,
    ownId: string,
    capabilities: CommunityReply | undefined,
    replies: readonly (CommunityReply | undefined)[],
  ): Promise<boolean>;
  /** A room's posts, checked: what their authors say of community message requests is kept. */
  postsChecked(updates: readonly CheckedUpdate[]): void;
}

export class BlindedConversations implements InboxPolling {
  readonly repository: BlindedRepository;
  readonly transport: BlindedTransport;
  readonly carrier: BlindedCarrier;
  private readonly inbox: BlindedInbox;

  constructor(
    private readonly options: {
      readonly database: SqliteDatabase;
      readonly client: CommunityClient;
      readonly keys: IdentityKeys;
      readonly communities: CommunityRepository;
      readonly conversations: ConversationRepository;
      readonly messages: MessageRepository;
      /** Whether people we have not accepted may write to us from communities (Settings). */
      readonly acceptsRequests: () => boolean;
      readonly dropReport: DropReport;
      readonly now: () => number;
      readonly applied: (outcome: ReceiveOutcome) => void;
      readonly ownIdOf: (publicKey: Uint8Array) => Promise<string>;
    },
  ) {
    this.repository = new BlindedRepository(options.database);
    const { acceptsRequests } = options;
    this.transport = new BlindedTransport({
      repository: this.repository,
      ed25519SecretKey: options.keys.ed25519SecretKey,
      refusesRequests: () => !acceptsRequests(),
    });
    this.carrier = new BlindedCarrier({ client: options.client, repository: this.repository });
    this.inbox = new BlindedInbox({
      database: options.database,
      repository: this.repository,
      conversations: options.conversations,
      messages: options.messages,
      ed25519SecretKey: options.keys.ed25519SecretKey,
      ownSessionId: options.keys.sessionId,
      acceptsRequests,
      roomOf: (baseUrl, member) => this.repository.roomOf(baseUrl, member),
      dropReport: options.dropReport,
      now: options.now,
    });
  }

  requests(baseUrl: string): CommunityRequest[] {
    const position = this.repository.position(baseUrl);
    if (!position.blinds) return [];
    const box = (name: string, seen: number): CommunityRequest => ({
      method: 'GET',
      path: seen > 0 ? `/${name}/since/${seen}?limit=${inboxPageSize}` : `/${name}?limit=${inboxPageSize}`,
    });
    return [box('inbox', position.inboxSeen), box('outbox', position.outboxSeen)];
  }

  async received(
    server: CommunityServer,
    ownId: string,
    capabilities: CommunityReply | undefined,
    replies: readonly (CommunityReply | undefined)[],
  ): Promise<boolean> {
    const listed = (capabilities?.body as { capabilities?: unknown } | undefined)?.capabilities;
    if (capabilities?.code === 200 && Array.isArray(listed)) {
      const blinds = listed.includes('blind');
      if (blinds !== this.repository.position(server.baseUrl).blinds) {
        this.repository.setBlinds(server.baseUrl, blinds);
      }
    }
    if (replies.length < 2) return false;
    // 304: nothing new (§6.6); a refusal leaves the positions where they are, for the next round.
    const itemsOf = (reply: CommunityReply | undefined) =>
      reply && reply.code === 200 ? readInboxItems(reply.body) : [];
    const inbox = itemsOf(replies[0]);
    const outbox = itemsOf(replies[1]);
    if (inbox.length === 0 && outbox.length === 0) return false;
    const outcome = await this.inbox.receive(server, ownId, { inbox, outbox });
    this.options.applied(outcome);
    return inbox.length >= inboxPageSize || outbox.length >= inboxPageSize;
  }

  postsChecked(updates: readonly CheckedUpdate[]): void {
    for (const { update, content } of updates) {
      const data = content?.dataMessage;
      if (!data || update.sessionId === undefined || update.posted === undefined) continue;
      // A post without the field says nothing: only true or false is taken.
      if (typeof data.blocksCommunityMessageRequests !== 'boolean') continue;
      this.repository.setRefusesRequests(
        update.sessionId,
        data.blocksCommunityMessageRequests,
        Math.floor(update.posted * 1000),
      );
    }
  }

  /** What a blinded conversation's entry shows: the member's ID and where we met them. */
  summary(conversationId: string): BlindedSummaryView | undefined {
    const contact = this.repository.contact(conversationId);
    if (!contact) return undefined;
    const room = contact.roomId === null ? undefined : this.options.communities.get(contact.roomId);
    return {
      blindedId: contact.blindedId,
      community: room ? (room.name ?? room.room) : contact.baseUrl.replace(/^https?:\/\//u, ''),
      roomId: room ? room.id : null,
    };
  }

  /**
   * Opens (or finds) the conversation with a room's member by their blinded ID; refused when the
   * member's posts say they take no messages from the community, or when it is us.
   */
  async start(request: ValidClientRequest<'messageCommunityMember'>): Promise<ConversationRecord> {
    const room = this.options.communities.get(request.conversationId);
    if (!room)
      throw new MessengerError('conversationMissing', 'You are not in this community: join it first.');
    const { conversations } = this.options;
    if (request.member === (await this.options.ownIdOf(room.publicKey))) {
      throw new MessengerError('conversationMissing', 'This is you: you cannot message yourself here.');
    }
    const existing = conversations.get(request.member);
    if (existing?.state === 'blocked') {
      throw new MessengerError('blocked', 'You blocked this person. Unblock them to send messages.');
    }
    if (!existing && this.repository.refusesRequests(request.member)) {
      throw new MessengerError(
        'communityRequestsRefused',
        'This person does not accept messages from community members.',
      );
    }
    this.options.database.transaction(() => {
      conversations.ensure(request.member, 'accepted', this.options.now());
      this.repository.addContact({
        blindedId: request.member,
        baseUrl: room.baseUrl,
        serverKey: room.publicKey,
        sessionId: null,
        roomId: room.id,
      });
    })();
    return conversations.get(request.member)!;
  }
}
