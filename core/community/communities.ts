// Communities (open groups, protocol-messages.md §6; design.md "Conversation kinds"): the rooms the
// account joined, one poller per server, the outbox's carrier for posts, and what the UI sees of a
// room. Joined rooms are kept in UserGroups (protocol-config-groups.md §5.4), so the account's
// other devices join them too. Messages themselves go through the shared messenger (sending,
// views); only where they go and how they come is this module's.
import type { MessageOpener } from '../workers/cryptoWorkers';
import type { ClientEvents } from '../../shared/contract/clientEvents';
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type {
  CommunityRoomView,
  CommunitySummaryView,
  ConversationView,
  MessageView,
} from '../../shared/contract/views';
import { toHex } from '../../shared/protocol/bytes';
import { blindedSessionId } from '../../shared/protocol/community/blinding';
import { readRoomDetails } from '../../shared/protocol/community/roomUpdates';
import type { ConfigDict } from '../../shared/protocol/config/configValue';
import {
  canonicalRoomToken,
  parseCommunityFullUrl,
  parseCommunityServerUrl,
} from '../../shared/protocol/config/types/communityUrl';
import {
  removeCommunity,
  updateCommunity,
  type CommunityView as UserGroupsCommunity,
} from '../../shared/protocol/config/types/userGroups';
import { communityConversationId } from '../../shared/protocol/identity/conversationId';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import type { Logger } from '../logging/logger';
import type { DropReport } from '../messaging/dropReport';
import { MessengerError } from '../messaging/messengerError';
import type { ReceiveOutcome } from '../messaging/receivePipeline';
import type { OnionClient } from '../network/onionClient';
import { CommunityRepository, type CommunityRecord } from '../store/communityRepository';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import type { OutboxRepository } from '../store/outboxRepository';
import { CommunityClient, type CommunityServer } from './communityClient';
import { type ActivityReport, paceOf } from '../polling/pollActivity';
import { type CommunityPollTiming, CommunityPoller } from './communityPoller';
import { CommunityPoster } from './communityPoster';
import { CommunityReceiver } from './communityReceiver';
import { CommunityHistory } from './communityHistory';
import { CommunityModeration } from './communityModeration';
import { CommunityPosts } from './communityPosts';
import { CommunityTransport } from './communityTransport';
import { RoomFiles } from './roomFiles';
import { BlindedConversations } from './blindedConversations';
import { communitySummary, decorateCommunityMessage, joinUrl, standingOf } from './communityViews';

type Emit = <Name extends keyof ClientEvents>(name: Name, event: ClientEvents[Name]) => void;

/** What communities need of the account's UserGroups config. */
export interface AccountCommunityEntries {
  entries(): UserGroupsCommunity[];
  edit(change: (data: ConfigDict) => void): void;
}

export interface CommunitiesOptions {
  readonly database: SqliteDatabase;
  readonly onion: Pick<OnionClient, 'callServer'>;
  readonly keys: IdentityKeys;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly outboxEntries: OutboxRepository;
  readonly dropReport: DropReport;
  readonly logger: Logger;
  readonly now: () => number;
  readonly emit: Emit;
  /** Tells the UI what a poll changed (the messenger's `applied`). */
  readonly applied: (outcome: ReceiveOutcome) => void;
  readonly conversationView: (record: ConversationRecord) => ConversationView;
  readonly account?: AccountCommunityEntries | undefined;
  readonly pollTiming?: CommunityPollTiming | undefined;
  /** Who checks posts' signatures: the engine's crypto workers, or by default this thread. */
  readonly opener?: MessageOpener | undefined;
  /** The "community message requests" setting: strangers may write to us (by default they may). */
  readonly acceptsMessageRequests?: (() => boolean) | undefined;
}

export class Communities {
  readonly repository: CommunityRepository;
  readonly client: CommunityClient;
  readonly transport: CommunityTransport;
  readonly poster: CommunityPoster;
  /** What a member does to a room's messages: react, list reactors, delete, edit. */
  readonly posts: CommunityPosts;
  /** A room's moderator and admin tools. */
  readonly moderation: CommunityModeration;
  /** A room's history, paged back from its server. */
  readonly history: CommunityHistory;
  /** The carrier of rooms' files (§5.3). */
  readonly files: RoomFiles;
  /** Blinded DMs with members, read from each server's inbox and outbox. */
  readonly blinded: BlindedConversations;
  private readonly receiver: CommunityReceiver;
  private readonly pollers = new Map<string, CommunityPoller>();
  private activity: ActivityReport = { activity: 'foreground' };
  private readonly ownIds = new Map<string, Promise<string>>();
  /** The same, once worked out: what a room's summary shows as our ID there. */
  private readonly ownIdsKnown = new Map<string, string>();
  private polling = false;

  constructor(private readonly options: CommunitiesOptions) {
    this.repository = new CommunityRepository(options.database);
    this.client = new CommunityClient({
      onion: options.onion,
      ed25519SecretKey: options.keys.ed25519SecretKey,
      now: options.now,
    });
    this.files = new RoomFiles({
      client: this.client,
      communities: this.repository,
      messages: options.messages,
      attachments: options.messages.attachments,
      now: options.now,
    });
    this.receiver = new CommunityReceiver({
      messages: options.messages,
      conversations: options.conversations,
      communities: this.repository,
      outbox: options.outboxEntries,
      ownSessionId: options.keys.sessionId,
      now: options.now,
      dropReport: options.dropReport,
      opener: options.opener,
    });
    const acceptsRequests = options.acceptsMessageRequests ?? (() => true);
    this.blinded = new BlindedConversations({
      database: options.database,
      client: this.client,
      keys: options.keys,
      communities: this.repository,
      conversations: options.conversations,
      messages: options.messages,
      acceptsRequests,
      dropReport: options.dropReport,
      now: options.now,
      applied: (outcome) => options.applied(outcome),
      ownIdOf: (publicKey) => this.ownIdOf(publicKey),
    });
    this.transport = new CommunityTransport({
      refusesRequests: () => !acceptsRequests(),
      ownSessionId: options.keys.sessionId,
      ownIdIn: async (conversationId) => {
        const room = this.repository.get(conversationId);
        return room && this.ownIdOf(room.publicKey);
      },
      moderatorIn: (conversationId) => {
        const room = this.repository.get(conversationId);
        return room !== undefined && standingOf(room).moderator;
      },
    });
    this.poster = new CommunityPoster({
      client: this.client,
      communities: this.repository,
      ed25519SecretKey: options.keys.ed25519SecretKey,
      logger: options.logger,
      posted: async (post) => {
        this.receiver.posted(post, await this.ownIdOf(post.room.publicKey));
      },
      filesOf: (messageId, room) => this.files.postedFiles(messageId, room),
    });
    this.posts = new CommunityPosts({
      client: this.client,
      repository: this.repository,
      messages: options.messages,
      ownSessionId: options.keys.sessionId,
      ed25519SecretKey: options.keys.ed25519SecretKey,
      ownIdOf: (publicKey) => this.ownIdOf(publicKey),
      now: options.now,
    });
    this.moderation = new CommunityModeration({
      client: this.client,
      repository: this.repository,
      ownSessionId: options.keys.sessionId,
      ownIdOf: (publicKey) => this.ownIdOf(publicKey),
      now: options.now,
    });
    this.history = new CommunityHistory({
      client: this.client,
      repository: this.repository,
      receiver: this.receiver,
      ownIdOf: (publicKey) => this.ownIdOf(publicKey),
      pollNow: (conversationId) => this.pollNow(conversationId),
      applied: (outcome) => options.applied(outcome),
    });
  }

  /** What a room's list entry and header show. */
  summary(id: string): CommunitySummaryView | undefined {
    const room = this.repository.get(id);
    return room && communitySummary(room, this.ownIdsKnown.get(toHex(room.publicKey)));
  }

  /** The name a room's member last posted with. */
  authorName(author: string): string | null {
    return this.repository.nameOf(author);
  }

  /** A room message's view, with what only its server knows. */
  decorate(message: StoredMessage, view: MessageView): MessageView {
    return decorateCommunityMessage(this.repository, message, view, this.options.keys.sessionId);
  }

  /** Our blinded ID on a server (§6.3), worked out once per server. */
  ownIdOf(publicKey: Uint8Array): Promise<string> {
    const key = toHex(publicKey);
    let id = this.ownIds.get(key);
    if (!id) {
      id = blindedSessionId(this.options.keys.ed25519SecretKey, publicKey);
      this.ownIds.set(key, id);
      // A failure is the caller's to handle, through the promise it got.
      id.then(
        (known) => this.ownIdsKnown.set(key, known),
        () => undefined,
      );
    }
    return id;
  }

  /** Starts a poller for every server of a joined room. */
  start(): void {
    this.polling = true;
    for (const room of this.repository.all()) this.pollerOf(room).start();
  }

  /** What the person is doing: the server of the room on screen polls at the lively pace. */
  setActivity(report: ActivityReport): void {
    this.activity = report;
    for (const [baseUrl, poller] of this.pollers)
      poller.setActivity(paceOf(report, { kind: 'community', baseUrl }));
  }

  async stop(): Promise<void> {
    this.polling = false;
    await Promise.all([...this.pollers.values()].map((poller) => poller.stop()));
  }

  /** Polls a room's server now; resolves when the round is done (the command line, tests). */
  async pollNow(conversationId?: string): Promise<void> {
    const rooms = this.repository.all().filter((room) => !conversationId || room.id === conversationId);
    const servers = new Map(rooms.map((room) => [room.baseUrl, room]));
    await Promise.all([...servers.values()].map((room) => this.pollerOf(room).pollNow()));
  }

  private pollerOf(room: CommunityRecord): CommunityPoller {
    let poller = this.pollers.get(room.baseUrl);
    if (!poller) {
      poller = new CommunityPoller({
        baseUrl: room.baseUrl,
        client: this.client,
        communities: this.repository,
        receiver: this.receiver,
        inbox: this.blinded,
        ownIdOf: (publicKey) => this.ownIdOf(publicKey),
        applied: (outcome) => this.options.applied(outcome),
        logger: this.options.logger.child('poll'),
        now: this.options.now,
        timing: this.options.pollTiming,
      });
      poller.setActivity(paceOf(this.activity, { kind: 'community', baseUrl: room.baseUrl }));
      this.pollers.set(room.baseUrl, poller);
    }
    return poller;
  }

  /** The rooms a server offers (§6.5 room info), each with the link that joins it. */
  async listRooms(
    request: ValidClientRequest<'listCommunityRooms'>,
  ): Promise<{ rooms: CommunityRoomView[] }> {
    const address = parseCommunityServerUrl(request.server);
    const server: CommunityServer = { baseUrl: address.baseUrl, publicKey: address.pubkey };
    const reply = await this.client.send(server, { method: 'GET', path: '/rooms' }, 'the list of rooms');
    const rooms = Array.isArray(reply.body) ? reply.body.flatMap((room) => readRoomDetails(room) ?? []) : [];
    return {
      rooms: rooms.map((room) => ({
        token: room.token,
        name: room.name,
        description: room.description,
        activeUsers: room.activeUsers ?? null,
        url: joinUrl(server.baseUrl, room.token, server.publicKey),
      })),
    };
  }

  /**
   * Joins a room by its link: the server is asked for the room first (so a wrong link or a room we
   * may not read is told now, in words), then the room is kept, polled, and written to UserGroups.
   */
  async join(request: ValidClientRequest<'joinCommunity'>): Promise<{
    conversation: ConversationView;
    room: { token: string; name: string };
  }> {
    const address = parseCommunityFullUrl(request.url);
    const server: CommunityServer = { baseUrl: address.baseUrl, publicKey: address.pubkey };
    const id = communityConversationId(address.baseUrl, address.room);
    const known = this.repository.get(id);
    if (known && toHex(known.publicKey) !== toHex(address.pubkey)) {
      throw new MessengerError(
        'conversationMissing',
        'You are in this room already, under another server key: leave it first if the server changed.',
      );
    }
    const reply = await this.client.send(
      server,
      { method: 'GET', path: `/room/${encodeURIComponent(address.room)}` },
      'this room',
    );
    const details = readRoomDetails(reply.body);
    if (!details || !/^[-0-9_a-zA-Z]{1,64}$/u.test(details.token)) {
      throw new MessengerError('conversationMissing', 'The community answered without the room.');
    }
    // The room is the one the link named: a server answering with another token is not believed.
    const token =
      canonicalRoomToken(details.token) === canonicalRoomToken(address.room) ? details.token : address.room;
    this.add({ id, baseUrl: address.baseUrl, room: token, publicKey: address.pubkey, name: details.name });
    this.repository.setInfo(id, {
      name: details.name,
      description: details.description,
      ...(details.activeUsers !== undefined ? { activeUsers: details.activeUsers } : {}),
      pinned: details.pinned,
    });
    this.publish(id);
    const record = this.options.conversations.get(id)!;
    const conversation = this.options.conversationView(record);
    this.options.emit('conversation.updated', { conversation });
    if (this.polling) {
      const poller = this.pollerOf(this.repository.get(id)!);
      poller.start();
      void poller.pollNow().catch(() => undefined);
    }
    return { conversation, room: { token: details.token, name: details.name } };
  }

  private add(room: {
    readonly id: string;
    readonly baseUrl: string;
    readonly room: string;
    readonly publicKey: Uint8Array;
    readonly name: string | null;
  }): void {
    this.repository.transaction(() => {
      this.options.conversations.ensure(room.id, 'accepted', this.options.now());
      this.repository.add({ ...room, joinedAt: this.options.now() });
    });
  }

  /** Leaves a room: it is no longer polled, and its history on this device goes. */
  async leave(request: ValidClientRequest<'leaveCommunity'>): Promise<{ left: true }> {
    const room = this.repository.get(request.conversationId);
    if (!room) throw new MessengerError('conversationMissing', 'You are not in this community.');
    this.forget(room);
    this.publish(room.id);
    return { left: true };
  }

  private forget(room: CommunityRecord): void {
    this.repository.transaction(() => {
      this.repository.remove(room.id);
      this.options.conversations.remove(room.id);
    });
    if (!this.repository.all().some((other) => other.baseUrl === room.baseUrl)) {
      const poller = this.pollers.get(room.baseUrl);
      this.pollers.delete(room.baseUrl);
      void poller?.stop();
    }
    this.options.emit('conversations.changed', { updated: [], removed: [room.id] });
  }

  /** Writes a room's UserGroups entry as the database has it (or removes it once left). */
  publish(id: string): void {
    const account = this.options.account;
    if (!account) return;
    const room = this.repository.get(id);
    const listed = account.entries().find((entry) => communityIdOf(entry) === id);
    if (!room) {
      if (listed) account.edit((data) => removeCommunity(data, listed.baseUrl, listed.room));
      return;
    }
    if (listed) return;
    account.edit((data) =>
      updateCommunity(
        data,
        { baseUrl: room.baseUrl, room: room.room, pubkey: room.publicKey },
        { joinedAtSeconds: Math.floor(room.joinedAt / 1000) },
      ),
    );
  }

  /** UserGroups changed on another device: rooms it joined are joined here, rooms it left are left. */
  merged(): void {
    const account = this.options.account;
    if (!account) return;
    // An entry another client wrote that names no valid room is left aside, not fatal.
    const entries = account.entries().flatMap((entry) => {
      const id = communityIdOf(entry);
      return id === undefined ? [] : [{ entry, id }];
    });
    const listed = new Set(entries.map(({ id }) => id));
    for (const { entry, id } of entries) {
      if (this.repository.get(id)) continue;
      this.add({ id, baseUrl: entry.baseUrl, room: entry.room, publicKey: entry.pubkey, name: null });
      const record = this.options.conversations.get(id);
      if (record)
        this.options.emit('conversation.updated', { conversation: this.options.conversationView(record) });
      if (this.polling) this.pollerOf(this.repository.get(id)!).start();
    }
    for (const room of this.repository.all()) if (!listed.has(room.id)) this.forget(room);
  }
}

function communityIdOf(entry: UserGroupsCommunity): string | undefined {
  try {
    return communityConversationId(entry.baseUrl, entry.room);
  } catch {
    return undefined;
  }
}
