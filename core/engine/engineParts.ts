// The engine's parts put together (design.md "Engine shape"): the network, the repositories, the
// outbox, the receive pipeline, the messenger, the account's configs, the groups and the poller of
// the account's own swarm, each given what it needs of the others. Wiring only: the Engine runs them.
import { CommunityOperations } from '../community/communityOperations';
import type { ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import type { UnlockedAccount } from '../identity/account';
import { Attachments } from '../attachments/attachments';
import { AccountConfigs } from '../config/accountConfigs';
import { zstdCompressor } from '../config/zstdCompressor';
import { Groups } from '../groups/groups';
import { Communities } from '../community/communities';
import { DropReport } from '../messaging/dropReport';
import { Messenger } from '../messaging/messenger';
import { Outbox } from '../messaging/outbox';
import { ReceivePipeline } from '../messaging/receivePipeline';
import { fileNetworkCache } from '../network/networkCache';
import { SessionNetwork } from '../network/sessionNetwork';
import { accountAuthority, type SwarmAuthority } from '../network/swarmAuthority';
import { type RetrievedMessage, SwarmPoller } from '../polling/swarmPoller';
import { ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import { MessageRepository } from '../store/messageRepository';
import { OutboxRepository } from '../store/outboxRepository';
import { ProfilePictureRepository } from '../store/profilePictureRepository';
import { databasePollState } from '../store/pollStateRepository';
import { SettingsRepository } from '../store/settingsRepository';
import type { MessageOpener } from '../workers/cryptoWorkers';
import { databaseFile, type EngineOptions, ownSwarmNamespaces } from './engine';

export interface EngineParts {
  readonly network: SessionNetwork;
  readonly messages: MessageRepository;
  readonly settings: SettingsRepository;
  readonly outbox: Outbox;
  readonly pipeline: ReceivePipeline;
  readonly groups: Groups;
  readonly messenger: Messenger;
  readonly configs: AccountConfigs;
  readonly poller: SwarmPoller;
  readonly attachments: Attachments;
  readonly communities: Communities;
  /** ClientApi's community-only methods (`communityMethods`). */
  readonly communityOperations: CommunityOperations;
}

export function assembleEngine(
  options: EngineOptions,
  account: UnlockedAccount,
  database: SqliteDatabase,
  workers: MessageOpener | undefined,
  hooks: {
    readonly emit: <Name extends ClientEventName>(name: Name, event: ClientEvents[Name]) => void;
    /** What a poll of the account's own swarm brought. */
    readonly received: (batch: readonly RetrievedMessage[]) => Promise<void>;
  },
): EngineParts {
  const { keys } = account;
  const { logger } = options;
  const { emit, received } = hooks;
  const network = new SessionNetwork({
    network: options.network,
    logger: logger.child('network'),
    cache: fileNetworkCache(options.profileDirectory, options.network.name),
    ownSessionId: keys.sessionId,
    ...(options.seedOptions ? { seedOptions: options.seedOptions } : {}),
  });
  const now = (): number => network.clock.now();
  const messages = new MessageRepository(database);
  const conversations = new ConversationRepository(database);
  const outboxEntries = new OutboxRepository(database);
  const settings = new SettingsRepository(database);
  const outbox: Outbox = new Outbox({
    network,
    entries: outboxEntries,
    messages,
    ownSessionId: keys.sessionId,
    logger: logger.child('outbox'),
    now,
    onMessageChanged: (messageId) => messenger.messageChanged(messageId),
    retryPolicy: options.retryPolicy,
    authorityFor: (destination): SwarmAuthority | undefined => groups.authorityFor(destination),
    communityCarrier: { deliver: (entry) => communities.poster.deliver(entry) },
    blindedCarrier: { deliver: (entry) => communities.blinded.carrier.deliver(entry) },
  });
  const pipeline = new ReceivePipeline({
    database,
    messages,
    conversations,
    outbox: outboxEntries,
    keys,
    logger: logger.child('receive'),
    now,
    pictureHeard: (sessionId, picture, updatedAt, options) =>
      attachments.pictures.heard(sessionId, picture, updatedAt, options),
    ...(workers ? { opener: workers } : {}),
  });
  const groups: Groups = new Groups({
    database,
    network,
    keys,
    conversations,
    messages,
    pipeline,
    outboxEntries,
    outbox,
    compressor: zstdCompressor,
    logger: logger.child('groups'),
    now,
    emit,
    nextSentAt: () => messenger.nextSentAt(),
    profile: () => messenger.profile,
    pictureToken: (sessionId) => attachments.pictures.tokenOf(sessionId),
    applied: (outcome) => messenger.applied(outcome),
    conversationView: (record) => messenger.conversationView(record),
    pushTiming: options.configPushTiming,
    account: {
      entries: () => configs.userGroups(),
      edit: (change) => configs.editUserGroups(change),
    },
  });
  const communities: Communities = new Communities({
    database,
    onion: network.client,
    keys,
    conversations,
    messages,
    outboxEntries,
    dropReport: new DropReport({ logger: logger.child('community') }),
    logger: logger.child('community'),
    now,
    emit,
    applied: (outcome) => messenger.applied(outcome),
    conversationView: (record) => messenger.conversationView(record),
    account: {
      entries: () => configs.userCommunities(),
      edit: (change) => configs.editUserGroups(change),
    },
    pollTiming: options.communityPollTiming,
    opener: workers,
    acceptsMessageRequests: () => settings.get('communityMessageRequests'),
  });
  const attachments: Attachments = new Attachments({
    // Beside the database it belongs to: data/<network>.sqlite and data/<network>-files/.
    directory: databaseFile(options.profileDirectory, options.network.name).replace(/\.sqlite$/u, '-files'),
    attachments: messages.attachments,
    settings,
    onion: network.client,
    fileServers: options.network.fileServers ?? [],
    roomCarrierOf: (file) => communities.files.carrierFor(file),
    logger: logger.child('files'),
    now,
    emit,
    retryPolicy: options.retryPolicy,
    messageChanged: (messageId) => messenger.messageChanged(messageId),
    uploaded: (messageId) => {
      messenger.sendUploaded(messageId).catch((error: unknown) => {
        messenger.uploadFailed(messageId, (error as Error).message);
      });
    },
    uploadFailed: (messageId, reason) => messenger.uploadFailed(messageId, reason),
    profilePictures: new ProfilePictureRepository(database),
    ownSessionId: keys.sessionId,
    pictureChanged: (sessionId) => {
      if (sessionId === keys.sessionId) configs.sync.accountChanged();
      messenger.pictureChanged(sessionId);
    },
    ownPictureChanged: (picture, renewed) => configs.sync.ownPictureChanged(picture, renewed),
  });
  const messenger = new Messenger({
    files: {
      take: (stagedIds) => attachments.take(stagedIds),
      upload: () => attachments.transfers.kick(),
      retryUploads: (messageId) => attachments.transfers.retryUploads(messageId),
      received: (added) => attachments.received(added),
      sweep: () => attachments.sweep(),
      ownPicture: () => attachments.pictures.own(),
      pictureToken: (sessionId) => attachments.pictures.tokenOf(sessionId),
      requestAccepted: () => attachments.pictures.released(),
    },
    groupTransport: groups.transport,
    communityTransport: communities.transport,
    blindedTransport: communities.blinded.transport,
    blindedSummary: (id) => communities.blinded.summary(id),
    communities: {
      summary: (id) => communities.summary(id),
      decorate: (message, view) => communities.decorate(message, view),
      authorName: (author) => communities.authorName(author),
    },
    groupSummary: (groupId) => groups.summary(groupId),
    groupUnsend: (message) => groups.deletion.unsend(message),
    database,
    messages,
    conversations,
    outboxEntries,
    outbox,
    settings,
    network,
    keys,
    logger: logger.child('messaging'),
    now,
    emit,
  });
  const configs = new AccountConfigs({
    database,
    network,
    keys,
    conversations,
    messages,
    settings,
    profileDirectory: options.profileDirectory,
    logger: logger.child('config'),
    now,
    emit,
    conversationView: (record) => messenger.conversationView(record),
    pictures: {
      heard: (sessionId, picture, updatedAt, options) =>
        attachments.pictures.heard(sessionId, picture, updatedAt, options),
      ownToken: () => attachments.pictures.ownToken(),
      referenceOf: (sessionId) => attachments.pictures.referenceOf(sessionId),
    },
    pushTiming: options.configPushTiming,
    onUserGroupsMerged: async () => {
      await groups.accountEntries?.merged();
      communities.merged();
    },
  });
  const poller = new SwarmPoller({
    network,
    authority: accountAuthority(keys),
    namespaces: ownSwarmNamespaces,
    state: databasePollState(database),
    logger: logger.child('poller'),
    onMessages: (batch) => received(batch),
    alongside: (time) => configs.alongsidePoll(time),
  });
  return {
    network,
    messages,
    settings,
    outbox,
    pipeline,
    groups,
    messenger,
    configs,
    poller,
    attachments,
    communities,
    communityOperations: new CommunityOperations({
      communities,
      messages,
      messageChanged: (id) => messenger.messageChanged(id),
      conversationChanged: (conversationId) => {
        const conversation = messenger.getConversation({ conversationId });
        emit('conversation.updated', { conversation });
        return conversation;
      },
    }),
  };
}
