// The engine (design.md "Engine shape"): one unlocked profile on one network, put together. It opens
// the profile's database, joins the network, polls namespace 0 of the account's swarm into the
// receive pipeline, runs the outbox, and answers ClientApi. Every request is validated here too, so
// in-process callers (the command line, tests) get the same checks as the UI's transports.
import { CryptoWorkers, defaultWorkerCount } from '../workers/cryptoWorkers';
import { fromBase64 } from '../../shared/protocol/base64';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type {
  ClientRequest,
  ClientResult,
  CommunityMethod,
  EngineApi,
} from '../../shared/contract/clientApi';
import type { ClientEventListener, ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import { validateRequest } from '../../shared/contract/validateRequest';
import type { AccountView, ConversationView, NetworkView } from '../../shared/contract/views';
import { sessionIdQrSvg } from '../../shared/protocol/identity/sessionIdQrCode';
import { sessionIdQrPng } from '../identity/qrImage';
import { ClientEventListeners } from './clientEventListeners';
import { networkView } from './networkView';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import { type UnlockedAccount, unlockAccount } from '../identity/account';
import type { KeySources } from '../identity/keyProtection';
import type { Logger } from '../logging/logger';
import { emojiPreferencesView, updateEmojiPreferences } from '../messaging/emojiPreferences';
import type { Messenger } from '../messaging/messenger';
import { MessengerError } from '../messaging/messengerError';
import type { Outbox, RetryPolicy } from '../messaging/outbox';
import type { ReceivePipeline, ReceiveStatistics } from '../messaging/receivePipeline';
import type { NetworkDescription } from '../network/networkDescription';
import type { SeedOptions } from '../network/seedClient';
import type { SessionNetwork } from '../network/sessionNetwork';
import { paceOf } from '../polling/pollActivity';
import type { RetrievedMessage, SwarmPoller } from '../polling/swarmPoller';
import type { AccountConfigs } from '../config/accountConfigs';
import { assembleEngine } from './engineParts';
import type { Attachments } from '../attachments/attachments';
import type { StoredAttachment } from '../store/attachmentRepository';
import type { Groups } from '../groups/groups';
import type { Communities } from '../community/communities';
import type { CommunityOperations } from '../community/communityOperations';
import type { CommunityPollTiming } from '../community/communityPoller';
import { conversationKindOf } from '../../shared/protocol/identity/conversationId';
import type { AccountSync } from '../config/accountSync';
import type { PushTiming } from '../config/configPusher';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import type { UserConfigKind } from '../../shared/protocol/config/configKinds';
import { openDatabase, type SqliteDatabase } from '../store/database';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import { migrations } from '../store/migrations';
import type { SettingsRepository } from '../store/settingsRepository';

export interface EngineOptions {
  readonly profileDirectory: string;
  readonly keySources: KeySources;
  readonly network: NetworkDescription;
  readonly logger: Logger;
  readonly seedOptions?: SeedOptions;
  /** How the outbox retries failed stores (tests shorten it). */
  readonly retryPolicy?: RetryPolicy;
  /** How soon config edits are pushed and failed pushes retried (tests shorten it). */
  readonly configPushTiming?: PushTiming;
  /** How often community servers are polled (tests shorten it). */
  readonly communityPollTiming?: CommunityPollTiming;
  /**
   * Worker threads that decrypt and verify polled messages (core/workers), so that a catch-up never
   * holds up this thread; 0 does it on this thread. By default one fewer than the cores, at least 1.
   */
  readonly cryptoWorkers?: number;
}

/**
 * Our own swarm's namespaces, polled in one batch in desktop's order (protocol-network.md §11): the
 * messages, then UserProfile, Contacts, UserGroups and ConvoInfoVolatile.
 */
export const ownSwarmNamespaces = [
  namespaces.default,
  namespaces.userProfile,
  namespaces.contacts,
  namespaces.userGroups,
  namespaces.conversationInfoVolatile,
] as const;

/** DIR/data/<network>.sqlite: one database per network, so devnet tests never mix with mainnet. */
export function databaseFile(profileDirectory: string, networkName: string): string {
  return path.join(profileDirectory, 'data', `${networkName.replace(/[^a-zA-Z0-9_-]/gu, '_')}.sqlite`);
}

/** Unlocks the profile and opens its database; `start()` then joins the network. */
export async function openEngine(options: EngineOptions): Promise<Engine> {
  const account = await unlockAccount(options);
  const file = databaseFile(options.profileDirectory, options.network.name);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const database = openDatabase({ file, key: account.databaseKey, migrations });
  const workerCount = options.cryptoWorkers ?? defaultWorkerCount();
  const workers =
    workerCount > 0
      ? await CryptoWorkers.start({ size: workerCount, logger: options.logger.child('workers') })
      : undefined;
  return new Engine(options, account, database, workers);
}

export class Engine implements Omit<EngineApi, CommunityMethod> {
  readonly sessionId: string;
  readonly network: SessionNetwork;
  private readonly settings: SettingsRepository;
  private readonly messages: MessageRepository;
  private readonly pipeline: ReceivePipeline;
  private readonly poller: SwarmPoller;
  private readonly outbox: Outbox;
  private readonly messenger: Messenger;
  private readonly configs: AccountConfigs;
  private readonly groups: Groups;
  /** The community rooms joined (core/community). */
  readonly communities: Communities;
  readonly communityOperations: CommunityOperations;
  private readonly sync: AccountSync;
  /** The files of messages (core/attachments). */
  readonly attachments: Attachments;
  private readonly listeners = new ClientEventListeners();
  private started = false;
  private closed = false;
  private readonly recoveryPhrase: string;
  private readonly networkName: string;
  private readonly logger: Logger;

  constructor(
    options: EngineOptions,
    account: UnlockedAccount,
    private readonly database: SqliteDatabase,
    private readonly workers?: CryptoWorkers,
  ) {
    const { keys } = account;
    this.logger = options.logger;
    this.sessionId = keys.sessionId;
    this.recoveryPhrase = account.recoveryPhrase;
    this.networkName = options.network.name;
    const parts = assembleEngine(options, account, database, workers, {
      emit: (name, event) => this.emit(name, event),
      received: (batch) => this.received(batch),
    });
    this.network = parts.network;
    this.messages = parts.messages;
    this.settings = parts.settings;
    this.outbox = parts.outbox;
    this.pipeline = parts.pipeline;
    this.groups = parts.groups;
    this.communities = parts.communities;
    this.communityOperations = parts.communityOperations;
    this.messenger = parts.messenger;
    this.configs = parts.configs;
    this.sync = parts.configs.sync;
    this.poller = parts.poller;
    this.attachments = parts.attachments;
    this.network.on('pathsChanged', () => this.emit('path.changed', { network: this.networkStatus() }));
    this.network.on('hardforkRequired', (version) =>
      this.emit('network.hardforkRequired', { hardfork: version.join('.') }),
    );
    this.logger.info(`engine opened for ${abbreviateSessionId(keys.sessionId)}`);
  }

  /** Joins the network, then polls, sends what waits in the outbox and runs expiry timers. */
  async start(options: { readonly poll?: boolean } = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.messenger.start();
    this.configs.open();
    await this.groups.open();
    try {
      await this.network.start();
    } catch (error) {
      // Closed while joining the network: that is no failure to report.
      if (this.closed) return;
      throw error;
    }
    // Closed just as the network was joined: nothing may start on a closed database.
    if (this.closed) return;
    this.outbox.start();
    await this.attachments.start();
    this.configs.startPushing();
    this.groups.start();
    if (options.poll !== false) {
      this.poller.start();
      this.groups.polling.start();
      this.communities.start();
    }
  }

  /** Stops every schedule, waits for the work under way, and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The poll under way finishes first, so that what it stored is also announced.
    await this.poller.stop();
    await this.groups.stop();
    await this.communities.stop();
    this.pipeline.close();
    this.messenger.close();
    await this.attachments.stop();
    await this.outbox.stop();
    await this.configs.stop();
    this.network.close();
    await this.workers?.close();
    this.database.close();
    this.listeners.clear();
  }

  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void {
    return this.listeners.on(name, listener);
  }

  private emit<Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void {
    this.listeners.emit(name, event);
  }

  /**
   * What a poll brought: the configs first (protocol-config-groups.md §5.5), merged and applied to
   * the database in one transaction, so that the messages after them meet the contacts and blocks
   * they say; then the messages.
   */
  private async received(batch: readonly RetrievedMessage[]): Promise<void> {
    await this.configs.received(batch);
    const messages = batch.filter((message) => message.namespace === namespaces.default);
    if (messages.length > 0) {
      const outcome = await this.pipeline.receive(messages);
      this.sync.readStateOf(outcome.conversations);
      this.messenger.applied(outcome);
      // A name or an approval the other party sent goes into their Contacts entry.
      this.sync.conversationsChanged(outcome.conversations);
      // Invites and promotions to groups come one to one.
      await this.groups.updatesReceived(outcome.groupUpdates);
    }
  }

  /**
   * Fetches the account's configs now, waiting at most `timeoutMs` (a restored account's name,
   * contacts and read state, before the first screen closes). Resolves whether they came or not.
   */
  async fetchAccountNow(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    const fetch = (async () => {
      await this.network.start();
      await this.poller.pollOnce();
    })().catch((error: unknown) => {
      this.logger.warn(`could not fetch the account's configs: ${(error as Error).message}`);
    });
    await Promise.race([fetch, deadline]);
    clearTimeout(timer);
  }

  /** A config's serialized current message (tests and diagnostics). */
  configMessage(kind: UserConfigKind): Uint8Array {
    return this.configs.currentMessage(kind);
  }

  /** The configs' seqnos, states and hashes (tests and diagnostics: no content). */
  configState(): ReturnType<AccountConfigs['describe']> {
    return this.configs.describe();
  }

  /** Resolves once the swarm confirmed every config change made so far (the command line). */
  configsConfirmed(): Promise<void> {
    return this.configs.confirmed();
  }

  /** One poll of the account's swarm and of every group's now (the command line's `listen`, tests). */
  async receiveNow(): Promise<void> {
    await this.poller.pollOnce();
    await this.groups.receiveNow();
    await this.communities.pollNow();
  }

  /** Resolves once a group's changes are in its swarm and its invites sent (the command line). */
  groupSettled(groupId: string): Promise<void> {
    return this.groups.administration.settled(groupId);
  }

  /** The keys this engine holds for a group, newest first (tests: what a removed member could read). */
  groupDecryptionKeys(groupId: string): Uint8Array[] {
    return this.groups.registry.objects(groupId)?.keyring.decryptionKeys() ?? [];
  }

  /** A group's Ed25519 public key (tests). */
  groupPublicKey(groupId: string): Uint8Array {
    return this.groups.loaded(groupId).objects.publicKey;
  }

  /** What the group's swarm holds in a namespace, as our engine may read it (tests, diagnostics). */
  groupSwarmMessages(groupId: string, namespace: number): Promise<{ hash: string; data: Uint8Array }[]> {
    return this.groups.swarmMessages(groupId, namespace);
  }

  /** Group messages and notices dropped, by reason (tests and diagnostics). */
  get groupRejections(): Readonly<Record<string, number>> {
    return this.groups.rejected;
  }

  /** Resolves once the outbox has nothing due or under way. */
  sendingSettled(): Promise<void> {
    return this.outbox.settled();
  }

  /** Polls faster while a conversation is open, slower in the background. */
  async setActivity(request: ClientRequest<'setActivity'>): Promise<ClientResult<'setActivity'>> {
    const report = validateRequest('setActivity', request);
    this.poller.setActivity(paceOf(report, { kind: 'own' }));
    this.groups.setActivity(report);
    this.communities.setActivity(report);
    return { activity: report.activity };
  }

  /** A message with what the UI does not see (its swarm hashes), for the command line. */
  storedMessage(id: number): StoredMessage | undefined {
    return this.messages.byId(id);
  }

  get receiveStatistics(): Readonly<ReceiveStatistics> {
    return this.pipeline.statistics;
  }

  private networkStatus(): NetworkView {
    return networkView(this.network, this.networkName);
  }

  // --- ClientApi ------------------------------------------------------------------------------------

  async revealRecoveryPhrase(
    request: ClientRequest<'revealRecoveryPhrase'>,
  ): Promise<ClientResult<'revealRecoveryPhrase'>> {
    validateRequest('revealRecoveryPhrase', request);
    return { recoveryPhrase: this.recoveryPhrase };
  }

  async getSessionIdQr(
    request: ClientRequest<'getSessionIdQr'> = {},
  ): Promise<ClientResult<'getSessionIdQr'>> {
    validateRequest('getSessionIdQr', request);
    const [svg, png] = await Promise.all([sessionIdQrSvg(this.sessionId), sessionIdQrPng(this.sessionId)]);
    return { svg, pngBase64: png.toString('base64') };
  }

  async getNetworkStatus(request: ClientRequest<'getNetworkStatus'> = {}): Promise<NetworkView> {
    validateRequest('getNetworkStatus', request);
    return this.networkStatus();
  }

  async getAccount(request: ClientRequest<'getAccount'> = {}): Promise<AccountView> {
    validateRequest('getAccount', request);
    return this.sync.account();
  }

  async updateProfile(request: ClientRequest<'updateProfile'>): Promise<AccountView> {
    await this.sync.setDisplayName(validateRequest('updateProfile', request).displayName);
    return this.getAccount();
  }

  async setProfilePicture(request: ClientRequest<'setProfilePicture'>): Promise<AccountView> {
    const { dataBase64, crop } = validateRequest('setProfilePicture', request);
    await this.attachments.pictures.setOwn(fromBase64(dataBase64), crop);
    return this.getAccount();
  }

  async removeProfilePicture(request: ClientRequest<'removeProfilePicture'> = {}): Promise<AccountView> {
    validateRequest('removeProfilePicture', request);
    await this.attachments.pictures.removeOwn();
    return this.getAccount();
  }

  async getProfilePicture(
    request: ClientRequest<'getProfilePicture'>,
  ): Promise<ClientResult<'getProfilePicture'>> {
    return this.attachments.getProfilePicture(validateRequest('getProfilePicture', request));
  }

  async getSettings(request: ClientRequest<'getSettings'> = {}): Promise<ClientResult<'getSettings'>> {
    validateRequest('getSettings', request);
    return this.messenger.getSettings();
  }

  async updateSettings(request: ClientRequest<'updateSettings'>): Promise<ClientResult<'updateSettings'>> {
    return this.messenger.updateSettings(validateRequest('updateSettings', request));
  }

  async getEmojiPreferences(
    request: ClientRequest<'getEmojiPreferences'> = {},
  ): Promise<ClientResult<'getEmojiPreferences'>> {
    validateRequest('getEmojiPreferences', request);
    return emojiPreferencesView(this.settings);
  }

  async updateEmojiPreferences(
    request: ClientRequest<'updateEmojiPreferences'>,
  ): Promise<ClientResult<'updateEmojiPreferences'>> {
    return updateEmojiPreferences(this.settings, validateRequest('updateEmojiPreferences', request));
  }

  async listConversations(
    request: ClientRequest<'listConversations'>,
  ): Promise<ClientResult<'listConversations'>> {
    return this.messenger.listConversations(validateRequest('listConversations', request));
  }

  async getConversation(request: ClientRequest<'getConversation'>): Promise<ClientResult<'getConversation'>> {
    return this.messenger.getConversation(validateRequest('getConversation', request));
  }

  async listMessages(request: ClientRequest<'listMessages'>): Promise<ClientResult<'listMessages'>> {
    return this.messenger.listMessages(validateRequest('listMessages', request));
  }

  async searchMessages(request: ClientRequest<'searchMessages'>): Promise<ClientResult<'searchMessages'>> {
    return this.messenger.searchMessages(validateRequest('searchMessages', request));
  }

  async sendMessage(request: ClientRequest<'sendMessage'>): Promise<ClientResult<'sendMessage'>> {
    const valid = validateRequest('sendMessage', request);
    const sent = await this.messenger.sendMessage(valid);
    // Writing to someone accepts them (a new conversation, or a request answered).
    this.sync.conversationsChanged([valid.conversationId]);
    return sent;
  }

  async stageAttachment(request: ClientRequest<'stageAttachment'>): Promise<ClientResult<'stageAttachment'>> {
    return this.attachments.stageAttachment(validateRequest('stageAttachment', request));
  }

  async discardAttachment(
    request: ClientRequest<'discardAttachment'>,
  ): Promise<ClientResult<'discardAttachment'>> {
    return this.attachments.discardAttachment(validateRequest('discardAttachment', request));
  }

  async downloadAttachment(
    request: ClientRequest<'downloadAttachment'>,
  ): Promise<ClientResult<'downloadAttachment'>> {
    return this.attachments.downloadAttachment(validateRequest('downloadAttachment', request));
  }

  async cancelAttachment(
    request: ClientRequest<'cancelAttachment'>,
  ): Promise<ClientResult<'cancelAttachment'>> {
    return this.attachments.cancelAttachment(validateRequest('cancelAttachment', request));
  }

  async getAttachment(request: ClientRequest<'getAttachment'>): Promise<ClientResult<'getAttachment'>> {
    return this.attachments.getAttachment(validateRequest('getAttachment', request));
  }

  async setVoiceDetails(request: ClientRequest<'setVoiceDetails'>): Promise<ClientResult<'setVoiceDetails'>> {
    return this.attachments.setVoiceDetails(validateRequest('setVoiceDetails', request));
  }

  /** A message's files with what the UI does not see (URLs, vault names), for the command line. */
  attachmentsOf(messageId: number): StoredAttachment[] {
    return this.messages.attachments.forMessage(messageId);
  }

  /** Resolves once no file is being uploaded or downloaded (the command line, tests). */
  transfersSettled(): Promise<void> {
    return this.attachments.transfers.settled();
  }

  async retryMessage(request: ClientRequest<'retryMessage'>): Promise<ClientResult<'retryMessage'>> {
    return this.messenger.retryMessage(validateRequest('retryMessage', request));
  }

  async react(request: ClientRequest<'react'>): Promise<ClientResult<'react'>> {
    const valid = validateRequest('react', request);
    const target = this.communityMessage(valid.messageId);
    if (!target) return this.messenger.react(valid);
    // A room's reactions are its server's (§6.7), not messages of their own.
    await this.communities.posts.react(target, valid.emoji, valid.remove);
    return this.messenger.messageChanged(target.id)!;
  }

  async deleteMessage(request: ClientRequest<'deleteMessage'>): Promise<ClientResult<'deleteMessage'>> {
    const valid = validateRequest('deleteMessage', request);
    const target = valid.forEveryone ? this.communityMessage(valid.messageId) : undefined;
    if (!target) return this.messenger.deleteMessage(valid);
    await this.communities.posts.unsend(target);
    this.messenger.messageChanged(target.id);
    return { deleted: true };
  }

  private communityMessage(messageId: number): StoredMessage | undefined {
    const message = this.messages.byId(messageId);
    return message && conversationKindOf(message.conversationId) === 'community' ? message : undefined;
  }

  async markRead(request: ClientRequest<'markRead'>): Promise<ClientResult<'markRead'>> {
    const valid = validateRequest('markRead', request);
    // Reading ends a "marked unread" too (accountSync.ts): before the messenger tells the UI, so
    // that what it tells is the conversation as it now is.
    const newest = this.messages.lastMessage(valid.conversationId);
    if (newest) this.sync.conversationRead(valid.conversationId, newest.sentAt);
    return this.messenger.markRead(valid);
  }

  async setTyping(request: ClientRequest<'setTyping'>): Promise<ClientResult<'setTyping'>> {
    return this.messenger.setTyping(validateRequest('setTyping', request));
  }

  async setDisappearing(request: ClientRequest<'setDisappearing'>): Promise<ClientResult<'setDisappearing'>> {
    const valid = validateRequest('setDisappearing', request);
    if (conversationKindOf(valid.conversationId) === 'community') {
      throw new MessengerError(
        'conversationMissing',
        'A community’s messages do not disappear: its server keeps them.',
      );
    }
    if (conversationKindOf(valid.conversationId) === 'group') {
      await this.groups.infoEdits.setDisappearing(valid.conversationId, valid.setting);
      return this.messenger.getConversation(valid);
    }
    return this.followedBySync(await this.messenger.setDisappearing(valid));
  }

  async setMuted(request: ClientRequest<'setMuted'>): Promise<ClientResult<'setMuted'>> {
    return this.messenger.setMuted(validateRequest('setMuted', request));
  }

  async acceptRequest(request: ClientRequest<'acceptRequest'>): Promise<ClientResult<'acceptRequest'>> {
    const valid = validateRequest('acceptRequest', request);
    if (conversationKindOf(valid.conversationId) === 'group') {
      await this.groups.invites.accept(valid.conversationId);
      return this.messenger.getConversation(valid);
    }
    return this.followedBySync(await this.messenger.acceptRequest(valid));
  }

  async declineRequest(request: ClientRequest<'declineRequest'>): Promise<ClientResult<'declineRequest'>> {
    const valid = validateRequest('declineRequest', request);
    if (conversationKindOf(valid.conversationId) === 'group') {
      this.groups.invites.decline(valid.conversationId);
      return { declined: true };
    }
    return this.messenger.declineRequest(valid);
  }

  // --- closed groups (core/groups) ---------------------------------------------------------------

  async createGroup(request: ClientRequest<'createGroup'>): Promise<ClientResult<'createGroup'>> {
    return this.groups.administration.create(validateRequest('createGroup', request));
  }

  async getGroup(request: ClientRequest<'getGroup'>): Promise<ClientResult<'getGroup'>> {
    return this.groups.view(validateRequest('getGroup', request).groupId);
  }

  async addGroupMembers(request: ClientRequest<'addGroupMembers'>): Promise<ClientResult<'addGroupMembers'>> {
    return this.groups.administration.add(validateRequest('addGroupMembers', request));
  }

  async removeGroupMembers(
    request: ClientRequest<'removeGroupMembers'>,
  ): Promise<ClientResult<'removeGroupMembers'>> {
    return this.groups.administration.remove(validateRequest('removeGroupMembers', request));
  }

  async updateGroup(request: ClientRequest<'updateGroup'>): Promise<ClientResult<'updateGroup'>> {
    return this.groups.infoEdits.update(validateRequest('updateGroup', request));
  }

  async leaveGroup(request: ClientRequest<'leaveGroup'>): Promise<ClientResult<'leaveGroup'>> {
    return this.groups.administration.leave(validateRequest('leaveGroup', request));
  }

  async promoteGroupMembers(
    request: ClientRequest<'promoteGroupMembers'>,
  ): Promise<ClientResult<'promoteGroupMembers'>> {
    return this.groups.administration.promote(validateRequest('promoteGroupMembers', request));
  }

  async deleteGroup(request: ClientRequest<'deleteGroup'>): Promise<ClientResult<'deleteGroup'>> {
    return this.groups.infoEdits.destroy(validateRequest('deleteGroup', request));
  }

  async block(request: ClientRequest<'block'>): Promise<ClientResult<'block'>> {
    return this.followedBySync(this.messenger.block(validateRequest('block', request)));
  }

  async declineRequests(request: ClientRequest<'declineRequests'>): Promise<ClientResult<'declineRequests'>> {
    return this.messenger.requests.declineMany(validateRequest('declineRequests', request));
  }

  async blockRequests(request: ClientRequest<'blockRequests'>): Promise<ClientResult<'blockRequests'>> {
    const valid = validateRequest('blockRequests', request);
    const result = this.messenger.requests.blockMany(valid);
    this.sync.conversationsChanged(valid.conversationIds);
    return result;
  }

  async declineAllRequests(
    request: ClientRequest<'declineAllRequests'> = {},
  ): Promise<ClientResult<'declineAllRequests'>> {
    validateRequest('declineAllRequests', request);
    return this.messenger.requests.declineAll();
  }

  async unblock(request: ClientRequest<'unblock'>): Promise<ClientResult<'unblock'>> {
    return this.followedBySync(this.messenger.unblock(validateRequest('unblock', request)));
  }

  async setNickname(request: ClientRequest<'setNickname'>): Promise<ClientResult<'setNickname'>> {
    const { conversationId, nickname } = validateRequest('setNickname', request);
    this.sync.setNickname(conversationId, nickname);
    return { conversationId, nickname };
  }

  async setPinned(request: ClientRequest<'setPinned'>): Promise<ClientResult<'setPinned'>> {
    const { conversationId, pinned } = validateRequest('setPinned', request);
    // Refused in words for a conversation that does not exist.
    this.messenger.getConversation({ conversationId });
    const view = this.sync.setPinned(conversationId, pinned);
    // A group's pin is its UserGroups entry's priority.
    if (conversationKindOf(conversationId) === 'group') this.groups.accountEntries?.publish(conversationId);
    return view;
  }

  /** A conversation changed by the person: its Contacts entry follows (accountSync.ts). */
  private followedBySync(conversation: ConversationView): ConversationView {
    this.sync.conversationsChanged([conversation.id]);
    return conversation;
  }
}
