// The whole ClientApi for one profile, as every host serves it (the headless host's WebSocket, the
// desktop app's IPC): onboarding until the profile holds an account, then the engine. Listeners
// registered before the account exists keep receiving the engine's events once it is there.
import {
  type ClientApi,
  type ClientRequest,
  type ClientResult,
  communityMethods,
  type EngineMethod,
} from '../../shared/contract/clientApi';
import {
  type ClientEventListener,
  type ClientEventName,
  type ClientEvents,
  clientEventNames,
  type ClientEventSource,
} from '../../shared/contract/clientEvents';
import { validateRequest } from '../../shared/contract/validateRequest';
import type { PhraseCheckView, StartupView, UpdateView } from '../../shared/contract/views';
import {
  decodeMnemonic,
  MnemonicError,
  readPhraseWords,
  unknownWordMessage,
} from '../../shared/protocol/mnemonic/mnemonic';
import { ClientEventListeners } from '../engine/clientEventListeners';
import { type Engine, openEngine } from '../engine/engine';
import {
  type AccountSummary,
  createAccount,
  protectAccountKeys,
  readAccountSummary,
  restoreAccount,
} from '../identity/account';
import { IdentityFileError } from '../identity/identityFile';
import { KeyProtectionError, type KeySources } from '../identity/keyProtection';
import { decodeSessionIdFromImage } from '../identity/qrImage';
import type { Logger } from '../logging/logger';
import type { RetryPolicy } from '../messaging/outbox';
import type { NetworkDescription } from '../network/networkDescription';
import { starlingVersion } from '../updates/starlingVersion';
import { UpdateService } from '../updates/updateService';
import { HostError } from './hostError';
import { PassphraseLock } from './passphraseLock';

export interface ClientHostOptions {
  readonly profileDirectory: string;
  readonly network: NetworkDescription;
  readonly keySources: KeySources;
  readonly logger: Logger;
  readonly retryPolicy?: RetryPolicy;
  /** Updates as the shell can handle them; by default, decisions from the network alone. */
  readonly updates?: UpdateService;
  /**
   * Never keep keys unprotected (the desktop app): without a keychain or a passphrase, the host
   * asks the person to choose a passphrase (StartupView 'needsPassphrase') before an account.
   */
  readonly requireKeyProtection?: boolean;
}

export { HostError };

/** The profile's public facts, or undefined when it holds no account yet. */
async function readAccountIfAny(profileDirectory: string): Promise<AccountSummary | undefined> {
  try {
    return await readAccountSummary(profileDirectory);
  } catch (error) {
    if (error instanceof IdentityFileError && error.code === 'profileMissing') return undefined;
    throw error;
  }
}

/** How long a restore waits for the account's configs (desktop waits 15 s for the profile). */
const restoreFetchMs = 15_000;

export class ClientHost implements ClientApi, ClientEventSource {
  private engine: Engine | undefined;
  private opening: Promise<Engine> | undefined;
  private readonly listeners = new ClientEventListeners();
  private closed = false;
  private readonly updates: UpdateService;

  private constructor(
    private readonly options: ClientHostOptions,
    private readonly lock: PassphraseLock,
  ) {
    this.updates =
      options.updates ?? new UpdateService({ currentVersion: starlingVersion, logger: options.logger });
    this.updates.on((update) => this.emit('update.changed', { update }));
    // A hardfork newer than this build changes what the app must say about updates.
    this.listeners.on('network.hardforkRequired', ({ hardfork }) =>
      this.updates.networkHardforkReported(hardfork),
    );
  }

  /**
   * A host for the profile; when it already holds an account, its engine is opened and started,
   * unless its passphrase must be entered first (`unlock`).
   */
  static async open(options: ClientHostOptions): Promise<ClientHost> {
    const account = await readAccountIfAny(options.profileDirectory);
    const lock = await PassphraseLock.forProfile({
      account,
      keySources: options.keySources,
      requireKeyProtection: options.requireKeyProtection ?? false,
      logger: options.logger,
    });
    const host = new ClientHost(options, lock);
    if (account && !lock.need) {
      try {
        await host.startEngine(options.keySources);
      } catch (error) {
        // A wrong STARLING_PASSPHRASE must not stop the host: the person types the right one.
        if (!(error instanceof KeyProtectionError && error.code === 'wrongPassphrase')) throw error;
        lock.passphraseRefused();
      }
    }
    // Only a host that opened checks for updates: one that failed to is dropped without a timer.
    host.updates.start();
    return host;
  }

  private async hasAccount(): Promise<boolean> {
    return (await readAccountIfAny(this.options.profileDirectory)) !== undefined;
  }

  private startEngine(keySources: KeySources): Promise<Engine> {
    this.opening ??= (async () => {
      const engine = await openEngine({
        profileDirectory: this.options.profileDirectory,
        keySources,
        network: this.options.network,
        logger: this.options.logger,
        ...(this.options.retryPolicy ? { retryPolicy: this.options.retryPolicy } : {}),
      });
      // The host's listeners hear the engine's events from now on, whenever they subscribed.
      for (const name of clientEventNames)
        engine.on(name, (event) => this.listeners.emit(name, event as never));
      this.engine = engine;
      // Joining the network may take a while or fail (offline): the UI works from the database
      // meanwhile, and the outbox and poller start once it succeeds.
      engine.start().catch((error: unknown) => {
        this.options.logger.warn(`could not join the network: ${(error as Error).message}`);
      });
      return engine;
    })();
    const opening = this.opening;
    // An opening that failed (a wrong passphrase) may be tried again.
    opening.catch(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    return opening;
  }

  private engineOrThrow(): Engine {
    if (this.closed) throw new HostError('closed', 'Starling is shutting down.');
    this.lock.assertUnlocked();
    if (!this.engine) throw new HostError('noAccount', 'Create or restore an account first.');
    return this.engine;
  }

  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void {
    return this.listeners.on(name, listener);
  }

  private emit<Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void {
    this.listeners.emit(name, event);
  }

  /** The desktop shell: the person clicked a notification of this conversation, the UI opens it. */
  notificationClicked(conversationId: string): void {
    this.emit('notification.clicked', { conversationId });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.updates.stop();
    const engine = await this.opening?.catch(() => undefined);
    await engine?.close();
  }

  // --- before an account -------------------------------------------------------------------------------

  async getStartup(request: ClientRequest<'getStartup'> = {}): Promise<StartupView> {
    validateRequest('getStartup', request);
    const network = this.options.network.name;
    if (this.lock.need) {
      return { state: 'needsPassphrase', passphrase: this.lock.need, account: null, network };
    }
    const account = this.engine ? await this.engine.getAccount() : null;
    const unprotected =
      account !== null &&
      (await readAccountSummary(this.options.profileDirectory)).protection === 'plaintext';
    return {
      state: account ? 'ready' : 'needsAccount',
      account,
      network,
      ...(unprotected && { keysUnprotected: true as const }),
    };
  }

  /**
   * Protects the keys of an open profile that stores them unprotected, with the passphrase the
   * person chose; the running engine keeps its keys (the vault key is the same, re-wrapped).
   */
  async protectKeys(request: ClientRequest<'protectKeys'>): Promise<StartupView> {
    const { passphrase } = validateRequest('protectKeys', request);
    this.engineOrThrow();
    await protectAccountKeys({
      profileDirectory: this.options.profileDirectory,
      keySources: { passphrase },
      logger: this.options.logger,
    });
    return this.getStartup();
  }

  /**
   * The passphrase, chosen (kept in memory for the account about to be made) or entered (the
   * engine opens with it). A wrong one is refused with KeyProtectionError 'wrongPassphrase'.
   */
  async unlock(request: ClientRequest<'unlock'>): Promise<StartupView> {
    const { passphrase } = validateRequest('unlock', request);
    if (this.closed) throw new HostError('closed', 'Starling is shutting down.');
    if (this.lock.need === 'choose') {
      this.lock.choose(passphrase);
    } else {
      // Throws 'notLocked' when nothing waits for a passphrase.
      await this.lock.enter(passphrase, async (keySources) => {
        await this.startEngine(keySources);
      });
      this.emit('account.ready', { account: await this.engineOrThrow().getAccount() });
    }
    return this.getStartup();
  }

  async createAccount(request: ClientRequest<'createAccount'>): Promise<ClientResult<'createAccount'>> {
    const { displayName } = validateRequest('createAccount', request);
    const keySources = await this.lock.keySourcesForNewAccount();
    await this.refuseSecondAccount();
    const { recoveryPhrase } = await createAccount({ ...this.options, keySources });
    const account = await this.accountReady(displayName, keySources);
    return { account, recoveryPhrase };
  }

  async restoreAccount(request: ClientRequest<'restoreAccount'>): Promise<ClientResult<'restoreAccount'>> {
    const { recoveryPhrase, displayName } = validateRequest('restoreAccount', request);
    const keySources = await this.lock.keySourcesForNewAccount();
    await this.refuseSecondAccount();
    await restoreAccount({ ...this.options, keySources, recoveryPhrase });
    const engine = await this.startEngine(keySources);
    // The account's name, contacts and read state come before the first screen closes, as on
    // desktop (which waits up to 15 s for the profile); a name typed here only fills a gap.
    await engine.fetchAccountNow(restoreFetchMs);
    const synced = (await engine.getAccount()).displayName;
    return this.accountReady(synced === null ? displayName : undefined, keySources);
  }

  private async refuseSecondAccount(): Promise<void> {
    if (this.engine || (await this.hasAccount())) {
      throw new HostError('accountExists', 'This profile already holds an account.');
    }
  }

  private async accountReady(
    displayName: string | undefined,
    keySources: KeySources,
  ): Promise<ClientResult<'getAccount'>> {
    const engine = await this.startEngine(keySources);
    this.lock.accountCreated();
    const account = displayName ? await engine.updateProfile({ displayName }) : await engine.getAccount();
    this.emit('account.ready', { account });
    return account;
  }

  /** Checks a phrase as it is typed: unknown words are pointed out before all 13 are there. */
  async checkRecoveryPhrase(request: ClientRequest<'checkRecoveryPhrase'>): Promise<PhraseCheckView> {
    const { recoveryPhrase } = validateRequest('checkRecoveryPhrase', request);
    const words = readPhraseWords(recoveryPhrase).map((word) => ({
      ...word,
      message: word.word === null ? unknownWordMessage(word.position, word.typed) : null,
    }));
    const unknownWords = words.flatMap(({ position, typed, word, suggestions }) =>
      word === null ? [{ position, word: typed, suggestions }] : [],
    );
    try {
      decodeMnemonic(recoveryPhrase);
      return { ok: true, message: null, problem: null, positions: [], words, unknownWords: [] };
    } catch (error) {
      if (!(error instanceof MnemonicError)) throw error;
      return {
        ok: false,
        message: error.message,
        problem: error.code,
        positions: error.positions,
        words,
        unknownWords,
      };
    }
  }

  async readQrImage(request: ClientRequest<'readQrImage'>): Promise<ClientResult<'readQrImage'>> {
    const { imageBase64 } = validateRequest('readQrImage', request);
    return { sessionId: decodeSessionIdFromImage(Buffer.from(imageBase64, 'base64')) };
  }

  // --- updates ----------------------------------------------------------------------------------------

  async getUpdateStatus(request: ClientRequest<'getUpdateStatus'> = {}): Promise<UpdateView> {
    validateRequest('getUpdateStatus', request);
    return this.updates.status();
  }

  async checkForUpdates(request: ClientRequest<'checkForUpdates'> = {}): Promise<UpdateView> {
    validateRequest('checkForUpdates', request);
    return this.updates.check();
  }

  async downloadUpdate(request: ClientRequest<'downloadUpdate'> = {}): Promise<UpdateView> {
    validateRequest('downloadUpdate', request);
    return this.updates.download();
  }

  async installUpdate(request: ClientRequest<'installUpdate'> = {}): Promise<ClientResult<'installUpdate'>> {
    validateRequest('installUpdate', request);
    return this.updates.install();
  }

  // --- the engine's ------------------------------------------------------------------------------------

  private async call<Method extends EngineMethod>(
    method: Method,
    request: ClientRequest<Method>,
  ): Promise<ClientResult<Method>> {
    const engine = this.engineOrThrow();
    // The community-only methods are answered by core/community (communityOperations.ts).
    const target = ((communityMethods as readonly string[]).includes(method)
      ? engine.communityOperations
      : engine) as unknown as Record<Method, unknown>;
    return (target[method] as (request: ClientRequest<Method>) => Promise<ClientResult<Method>>).call(
      target,
      request,
    );
  }

  /** A method the engine answers, as a field of this host (the community methods use it). */
  private forward<Method extends EngineMethod>(
    method: Method,
  ): (request: ClientRequest<Method>) => Promise<ClientResult<Method>> {
    return (request) => this.call(method, request);
  }

  revealRecoveryPhrase = this.forward('revealRecoveryPhrase');
  getSessionIdQr = (request: ClientRequest<'getSessionIdQr'> = {}) => this.call('getSessionIdQr', request);
  getNetworkStatus = (request: ClientRequest<'getNetworkStatus'> = {}) =>
    this.call('getNetworkStatus', request);
  getAccount = (request: ClientRequest<'getAccount'> = {}) => this.call('getAccount', request);
  updateProfile = (request: ClientRequest<'updateProfile'>) => this.call('updateProfile', request);
  getSettings = (request: ClientRequest<'getSettings'> = {}) => this.call('getSettings', request);
  updateSettings = (request: ClientRequest<'updateSettings'>) => this.call('updateSettings', request);
  getEmojiPreferences = (request: ClientRequest<'getEmojiPreferences'> = {}) =>
    this.call('getEmojiPreferences', request);
  updateEmojiPreferences = this.forward('updateEmojiPreferences');
  listConversations = this.forward('listConversations');
  getConversation = (request: ClientRequest<'getConversation'>) => this.call('getConversation', request);
  listMessages = (request: ClientRequest<'listMessages'>) => this.call('listMessages', request);
  searchMessages = this.forward('searchMessages');
  sendMessage = (request: ClientRequest<'sendMessage'>) => this.call('sendMessage', request);
  retryMessage = (request: ClientRequest<'retryMessage'>) => this.call('retryMessage', request);
  stageAttachment = (request: ClientRequest<'stageAttachment'>) => this.call('stageAttachment', request);
  discardAttachment = this.forward('discardAttachment');
  downloadAttachment = this.forward('downloadAttachment');
  cancelAttachment = (request: ClientRequest<'cancelAttachment'>) => this.call('cancelAttachment', request);
  getAttachment = (request: ClientRequest<'getAttachment'>) => this.call('getAttachment', request);
  setVoiceDetails = (request: ClientRequest<'setVoiceDetails'>) => this.call('setVoiceDetails', request);
  setProfilePicture = this.forward('setProfilePicture');
  removeProfilePicture = (request: ClientRequest<'removeProfilePicture'> = {}) =>
    this.call('removeProfilePicture', request);
  getProfilePicture = this.forward('getProfilePicture');
  react = (request: ClientRequest<'react'>) => this.call('react', request);
  deleteMessage = (request: ClientRequest<'deleteMessage'>) => this.call('deleteMessage', request);
  markRead = (request: ClientRequest<'markRead'>) => this.call('markRead', request);
  setTyping = (request: ClientRequest<'setTyping'>) => this.call('setTyping', request);
  setActivity = (request: ClientRequest<'setActivity'>) => this.call('setActivity', request);
  setDisappearing = (request: ClientRequest<'setDisappearing'>) => this.call('setDisappearing', request);
  setMuted = (request: ClientRequest<'setMuted'>) => this.call('setMuted', request);
  acceptRequest = (request: ClientRequest<'acceptRequest'>) => this.call('acceptRequest', request);
  declineRequest = (request: ClientRequest<'declineRequest'>) => this.call('declineRequest', request);
  block = (request: ClientRequest<'block'>) => this.call('block', request);
  declineRequests = (request: ClientRequest<'declineRequests'>) => this.call('declineRequests', request);
  blockRequests = (request: ClientRequest<'blockRequests'>) => this.call('blockRequests', request);
  declineAllRequests = (request: ClientRequest<'declineAllRequests'> = {}) =>
    this.call('declineAllRequests', request);
  unblock = (request: ClientRequest<'unblock'>) => this.call('unblock', request);
  setNickname = (request: ClientRequest<'setNickname'>) => this.call('setNickname', request);
  setPinned = (request: ClientRequest<'setPinned'>) => this.call('setPinned', request);
  createGroup = (request: ClientRequest<'createGroup'>) => this.call('createGroup', request);
  listCommunityRooms = this.forward('listCommunityRooms');
  joinCommunity = this.forward('joinCommunity');
  leaveCommunity = this.forward('leaveCommunity');
  editMessage = this.forward('editMessage');
  listReactors = this.forward('listReactors');
  pinCommunityMessage = this.forward('pinCommunityMessage');
  banCommunityMember = this.forward('banCommunityMember');
  unbanCommunityMember = this.forward('unbanCommunityMember');
  setCommunityPermissions = this.forward('setCommunityPermissions');
  setCommunityModerator = this.forward('setCommunityModerator');
  updateCommunityRoom = this.forward('updateCommunityRoom');
  loadOlderCommunityMessages = this.forward('loadOlderCommunityMessages');
  messageCommunityMember = this.forward('messageCommunityMember');
  getGroup = (request: ClientRequest<'getGroup'>) => this.call('getGroup', request);
  addGroupMembers = (request: ClientRequest<'addGroupMembers'>) => this.call('addGroupMembers', request);
  removeGroupMembers = this.forward('removeGroupMembers');
  updateGroup = (request: ClientRequest<'updateGroup'>) => this.call('updateGroup', request);
  leaveGroup = (request: ClientRequest<'leaveGroup'>) => this.call('leaveGroup', request);
  promoteGroupMembers = this.forward('promoteGroupMembers');
  deleteGroup = (request: ClientRequest<'deleteGroup'>) => this.call('deleteGroup', request);
}
