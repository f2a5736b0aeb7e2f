// The engine (design.md "Engine shape"): one unlocked profile on one network, put together. It opens
// the profile's database, joins the network, polls namespace 0 of the account's swarm into the
// receive pipeline, runs the outbox, and answers ClientApi. Every request is validated here too, so
// in-process callers (the command line, tests) get the same checks as the UI's transports.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ClientRequest, ClientResult, EngineApi } from '../../shared/contract/clientApi';
import type { ClientEventListener, ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import { validateRequest } from '../../shared/contract/validateRequest';
import type { AccountView, NetworkView } from '../../shared/contract/views';
import { sessionIdQrSvg } from '../../shared/protocol/identity/sessionIdQrCode';
import { sessionIdQrPng } from '../identity/qrImage';
import { ClientEventListeners } from './clientEventListeners';
import { networkView } from './networkView';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import { type UnlockedAccount, unlockAccount } from '../identity/account';
import type { KeySources } from '../identity/keyProtection';
import type { Logger } from '../logging/logger';
import { Messenger } from '../messaging/messenger';
import { Outbox, type RetryPolicy } from '../messaging/outbox';
import { ReceivePipeline, type ReceiveStatistics } from '../messaging/receivePipeline';
import { fileNetworkCache } from '../network/networkCache';
import type { NetworkDescription } from '../network/networkDescription';
import type { SeedOptions } from '../network/seedClient';
import { SessionNetwork } from '../network/sessionNetwork';
import { SwarmPoller } from '../polling/swarmPoller';
import { ConversationRepository } from '../store/conversationRepository';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { MessageRepository, type StoredMessage } from '../store/messageRepository';
import { migrations } from '../store/migrations';
import { OutboxRepository } from '../store/outboxRepository';
import { databasePollState } from '../store/pollStateRepository';
import { SettingsRepository } from '../store/settingsRepository';

export interface EngineOptions {
  readonly profileDirectory: string;
  readonly keySources: KeySources;
  readonly network: NetworkDescription;
  readonly logger: Logger;
  readonly seedOptions?: SeedOptions;
  /** How the outbox retries failed stores (tests shorten it). */
  readonly retryPolicy?: RetryPolicy;
}

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
  return new Engine(options, account, database);
}

export class Engine implements EngineApi {
  readonly sessionId: string;
  readonly network: SessionNetwork;
  private readonly settings: SettingsRepository;
  private readonly messages: MessageRepository;
  private readonly pipeline: ReceivePipeline;
  private readonly poller: SwarmPoller;
  private readonly outbox: Outbox;
  private readonly messenger: Messenger;
  private readonly listeners = new ClientEventListeners();
  private started = false;
  private closed = false;
  private readonly recoveryPhrase: string;
  private readonly networkName: string;

  constructor(
    options: EngineOptions,
    account: UnlockedAccount,
    private readonly database: SqliteDatabase,
  ) {
    const { keys } = account;
    const logger = options.logger;
    this.sessionId = keys.sessionId;
    this.recoveryPhrase = account.recoveryPhrase;
    this.networkName = options.network.name;
    this.network = new SessionNetwork({
      network: options.network,
      logger: logger.child('network'),
      cache: fileNetworkCache(options.profileDirectory, options.network.name),
      ownSessionId: keys.sessionId,
      ...(options.seedOptions ? { seedOptions: options.seedOptions } : {}),
    });
    const now = (): number => this.network.clock.now();
    const messages = new MessageRepository(database);
    this.messages = messages;
    const conversations = new ConversationRepository(database);
    const outboxEntries = new OutboxRepository(database);
    this.settings = new SettingsRepository(database);
    this.outbox = new Outbox({
      network: this.network,
      entries: outboxEntries,
      messages,
      ownSessionId: keys.sessionId,
      logger: logger.child('outbox'),
      now,
      onMessageChanged: (messageId) => this.messenger.messageChanged(messageId),
      retryPolicy: options.retryPolicy,
    });
    const emit = <Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void =>
      this.emit(name, event);
    this.messenger = new Messenger({
      database,
      messages,
      conversations,
      outboxEntries,
      outbox: this.outbox,
      settings: this.settings,
      network: this.network,
      keys,
      logger: logger.child('messaging'),
      now,
      emit,
    });
    this.pipeline = new ReceivePipeline({
      database,
      messages,
      conversations,
      outbox: outboxEntries,
      keys,
      logger: logger.child('receive'),
      now,
    });
    this.poller = new SwarmPoller({
      network: this.network,
      owner: {
        pubkey: keys.sessionId,
        ed25519PublicKey: keys.ed25519PublicKey,
        ed25519SecretKey: keys.ed25519SecretKey,
      },
      namespaces: [0],
      state: databasePollState(database),
      logger: logger.child('poller'),
      onMessages: async (batch) => this.messenger.applied(await this.pipeline.receive(batch)),
    });
    this.network.on('pathsChanged', () => this.emit('path.changed', { network: this.networkStatus() }));
    this.network.on('hardforkRequired', (version) =>
      this.emit('network.hardforkRequired', { hardfork: version.join('.') }),
    );
    logger.info(`engine opened for ${abbreviateSessionId(keys.sessionId)}`);
  }

  /** Joins the network, then polls, sends what waits in the outbox and runs expiry timers. */
  async start(options: { readonly poll?: boolean } = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.messenger.start();
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
    if (options.poll !== false) this.poller.start();
  }

  /** Stops every schedule, waits for the work under way, and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The poll under way finishes first, so that what it stored is also announced.
    await this.poller.stop();
    this.pipeline.close();
    this.messenger.close();
    await this.outbox.stop();
    this.network.close();
    this.database.close();
    this.listeners.clear();
  }

  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void {
    return this.listeners.on(name, listener);
  }

  private emit<Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void {
    this.listeners.emit(name, event);
  }

  /** One poll of the account's swarm now (the command line's `listen`, tests). */
  receiveNow(): Promise<void> {
    return this.poller.pollOnce();
  }

  /** Resolves once the outbox has nothing due or under way. */
  sendingSettled(): Promise<void> {
    return this.outbox.settled();
  }

  /** Polls faster while a conversation is open, slower in the background. */
  async setActivity(request: ClientRequest<'setActivity'>): Promise<ClientResult<'setActivity'>> {
    const { activity } = validateRequest('setActivity', request);
    this.poller.setActivity(activity);
    return { activity };
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
    return { sessionId: this.sessionId, displayName: this.settings.get('displayName') };
  }

  async updateProfile(request: ClientRequest<'updateProfile'>): Promise<AccountView> {
    this.settings.set('displayName', validateRequest('updateProfile', request).displayName);
    return this.getAccount();
  }

  async getSettings(request: ClientRequest<'getSettings'> = {}): Promise<ClientResult<'getSettings'>> {
    validateRequest('getSettings', request);
    return this.messenger.getSettings();
  }

  async updateSettings(request: ClientRequest<'updateSettings'>): Promise<ClientResult<'updateSettings'>> {
    return this.messenger.updateSettings(validateRequest('updateSettings', request));
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

  async sendMessage(request: ClientRequest<'sendMessage'>): Promise<ClientResult<'sendMessage'>> {
    return this.messenger.sendMessage(validateRequest('sendMessage', request));
  }

  async retryMessage(request: ClientRequest<'retryMessage'>): Promise<ClientResult<'retryMessage'>> {
    return this.messenger.retryMessage(validateRequest('retryMessage', request));
  }

  async react(request: ClientRequest<'react'>): Promise<ClientResult<'react'>> {
    return this.messenger.react(validateRequest('react', request));
  }

  async deleteMessage(request: ClientRequest<'deleteMessage'>): Promise<ClientResult<'deleteMessage'>> {
    return this.messenger.deleteMessage(validateRequest('deleteMessage', request));
  }

  async markRead(request: ClientRequest<'markRead'>): Promise<ClientResult<'markRead'>> {
    return this.messenger.markRead(validateRequest('markRead', request));
  }

  async setTyping(request: ClientRequest<'setTyping'>): Promise<ClientResult<'setTyping'>> {
    return this.messenger.setTyping(validateRequest('setTyping', request));
  }

  async setDisappearing(request: ClientRequest<'setDisappearing'>): Promise<ClientResult<'setDisappearing'>> {
    return this.messenger.setDisappearing(validateRequest('setDisappearing', request));
  }

  async setMuted(request: ClientRequest<'setMuted'>): Promise<ClientResult<'setMuted'>> {
    return this.messenger.setMuted(validateRequest('setMuted', request));
  }

  async acceptRequest(request: ClientRequest<'acceptRequest'>): Promise<ClientResult<'acceptRequest'>> {
    return this.messenger.acceptRequest(validateRequest('acceptRequest', request));
  }

  async declineRequest(request: ClientRequest<'declineRequest'>): Promise<ClientResult<'declineRequest'>> {
    return this.messenger.declineRequest(validateRequest('declineRequest', request));
  }

  async block(request: ClientRequest<'block'>): Promise<ClientResult<'block'>> {
    return this.messenger.block(validateRequest('block', request));
  }

  async declineRequests(request: ClientRequest<'declineRequests'>): Promise<ClientResult<'declineRequests'>> {
    return this.messenger.requests.declineMany(validateRequest('declineRequests', request));
  }

  async blockRequests(request: ClientRequest<'blockRequests'>): Promise<ClientResult<'blockRequests'>> {
    return this.messenger.requests.blockMany(validateRequest('blockRequests', request));
  }

  async declineAllRequests(
    request: ClientRequest<'declineAllRequests'> = {},
  ): Promise<ClientResult<'declineAllRequests'>> {
    validateRequest('declineAllRequests', request);
    return this.messenger.requests.declineAll();
  }

  async unblock(request: ClientRequest<'unblock'>): Promise<ClientResult<'unblock'>> {
    return this.messenger.unblock(validateRequest('unblock', request));
  }
}
