// The whole ClientApi for one profile, as every host serves it (the headless host's WebSocket, the
// desktop app's IPC): onboarding until the profile holds an account, then the engine. Listeners
// registered before the account exists keep receiving the engine's events once it is there.
import type { ClientApi, ClientRequest, ClientResult, EngineMethod } from '../../shared/contract/clientApi';
import {
  type ClientEventListener,
  type ClientEventName,
  type ClientEvents,
  clientEventNames,
  type ClientEventSource,
} from '../../shared/contract/clientEvents';
import { validateRequest } from '../../shared/contract/validateRequest';
import type { PhraseCheckView, StartupView } from '../../shared/contract/views';
import { StarlingError } from '../../shared/errors';
import {
  decodeMnemonic,
  isRecoveryWord,
  MnemonicError,
  normalizePhrase,
  suggestRecoveryWords,
} from '../../shared/protocol/mnemonic/mnemonic';
import { ClientEventListeners } from '../engine/clientEventListeners';
import { type Engine, openEngine } from '../engine/engine';
import { createAccount, readAccountSummary, restoreAccount } from '../identity/account';
import { IdentityFileError } from '../identity/identityFile';
import type { KeySources } from '../identity/keyProtection';
import { decodeSessionIdFromImage } from '../identity/qrImage';
import type { Logger } from '../logging/logger';
import type { RetryPolicy } from '../messaging/outbox';
import type { NetworkDescription } from '../network/networkDescription';

export interface ClientHostOptions {
  readonly profileDirectory: string;
  readonly network: NetworkDescription;
  readonly keySources: KeySources;
  readonly logger: Logger;
  readonly retryPolicy?: RetryPolicy;
}

export class HostError extends StarlingError<'noAccount' | 'accountExists' | 'closed'> {}

export class ClientHost implements ClientApi, ClientEventSource {
  private engine: Engine | undefined;
  private opening: Promise<Engine> | undefined;
  private readonly listeners = new ClientEventListeners();
  private closed = false;

  private constructor(private readonly options: ClientHostOptions) {}

  /** A host for the profile; when it already holds an account, its engine is opened and started. */
  static async open(options: ClientHostOptions): Promise<ClientHost> {
    const host = new ClientHost(options);
    if (await host.hasAccount()) await host.startEngine();
    return host;
  }

  private async hasAccount(): Promise<boolean> {
    try {
      await readAccountSummary(this.options.profileDirectory);
      return true;
    } catch (error) {
      if (error instanceof IdentityFileError && error.code === 'profileMissing') return false;
      throw error;
    }
  }

  private startEngine(): Promise<Engine> {
    this.opening ??= (async () => {
      const engine = await openEngine({
        profileDirectory: this.options.profileDirectory,
        keySources: this.options.keySources,
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
    return this.opening;
  }

  private engineOrThrow(): Engine {
    if (this.closed) throw new HostError('closed', 'Starling is shutting down.');
    if (!this.engine) throw new HostError('noAccount', 'Create or restore an account first.');
    return this.engine;
  }

  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void {
    return this.listeners.on(name, listener);
  }

  private emit<Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void {
    this.listeners.emit(name, event);
  }

  async close(): Promise<void> {
    this.closed = true;
    const engine = await this.opening?.catch(() => undefined);
    await engine?.close();
  }

  // --- before an account -------------------------------------------------------------------------------

  async getStartup(request: ClientRequest<'getStartup'> = {}): Promise<StartupView> {
    validateRequest('getStartup', request);
    const account = this.engine ? await this.engine.getAccount() : null;
    return { state: account ? 'ready' : 'needsAccount', account, network: this.options.network.name };
  }

  async createAccount(request: ClientRequest<'createAccount'>): Promise<ClientResult<'createAccount'>> {
    const { displayName } = validateRequest('createAccount', request);
    await this.refuseSecondAccount();
    const { recoveryPhrase } = await createAccount(this.options);
    const account = await this.accountReady(displayName);
    return { account, recoveryPhrase };
  }

  async restoreAccount(request: ClientRequest<'restoreAccount'>): Promise<ClientResult<'restoreAccount'>> {
    const { recoveryPhrase, displayName } = validateRequest('restoreAccount', request);
    await this.refuseSecondAccount();
    await restoreAccount({ ...this.options, recoveryPhrase });
    return this.accountReady(displayName);
  }

  private async refuseSecondAccount(): Promise<void> {
    if (this.engine || (await this.hasAccount())) {
      throw new HostError('accountExists', 'This profile already holds an account.');
    }
  }

  private async accountReady(displayName: string | undefined): Promise<ClientResult<'getAccount'>> {
    const engine = await this.startEngine();
    const account = displayName ? await engine.updateProfile({ displayName }) : await engine.getAccount();
    this.emit('account.ready', { account });
    return account;
  }

  /** Checks a phrase as it is typed: unknown words are pointed out before all 13 are there. */
  async checkRecoveryPhrase(request: ClientRequest<'checkRecoveryPhrase'>): Promise<PhraseCheckView> {
    const { recoveryPhrase } = validateRequest('checkRecoveryPhrase', request);
    const unknownWords = normalizePhrase(recoveryPhrase).flatMap((word, index) =>
      isRecoveryWord(word) ? [] : [{ position: index + 1, word, suggestions: suggestRecoveryWords(word) }],
    );
    try {
      decodeMnemonic(recoveryPhrase);
      return { ok: true, message: null, unknownWords: [] };
    } catch (error) {
      if (!(error instanceof MnemonicError)) throw error;
      return { ok: false, message: error.message, unknownWords };
    }
  }

  async readQrImage(request: ClientRequest<'readQrImage'>): Promise<ClientResult<'readQrImage'>> {
    const { imageBase64 } = validateRequest('readQrImage', request);
    return { sessionId: decodeSessionIdFromImage(Buffer.from(imageBase64, 'base64')) };
  }

  // --- the engine's ------------------------------------------------------------------------------------

  private async call<Method extends EngineMethod>(
    method: Method,
    request: ClientRequest<Method>,
  ): Promise<ClientResult<Method>> {
    const engine = this.engineOrThrow();
    return (engine[method] as (request: ClientRequest<Method>) => Promise<ClientResult<Method>>).call(
      engine,
      request,
    );
  }

  revealRecoveryPhrase = (request: ClientRequest<'revealRecoveryPhrase'>) =>
    this.call('revealRecoveryPhrase', request);
  getSessionIdQr = (request: ClientRequest<'getSessionIdQr'> = {}) => this.call('getSessionIdQr', request);
  getNetworkStatus = (request: ClientRequest<'getNetworkStatus'> = {}) =>
    this.call('getNetworkStatus', request);
  getAccount = (request: ClientRequest<'getAccount'> = {}) => this.call('getAccount', request);
  updateProfile = (request: ClientRequest<'updateProfile'>) => this.call('updateProfile', request);
  getSettings = (request: ClientRequest<'getSettings'> = {}) => this.call('getSettings', request);
  updateSettings = (request: ClientRequest<'updateSettings'>) => this.call('updateSettings', request);
  listConversations = (request: ClientRequest<'listConversations'>) =>
    this.call('listConversations', request);
  getConversation = (request: ClientRequest<'getConversation'>) => this.call('getConversation', request);
  listMessages = (request: ClientRequest<'listMessages'>) => this.call('listMessages', request);
  sendMessage = (request: ClientRequest<'sendMessage'>) => this.call('sendMessage', request);
  retryMessage = (request: ClientRequest<'retryMessage'>) => this.call('retryMessage', request);
  react = (request: ClientRequest<'react'>) => this.call('react', request);
  deleteMessage = (request: ClientRequest<'deleteMessage'>) => this.call('deleteMessage', request);
  markRead = (request: ClientRequest<'markRead'>) => this.call('markRead', request);
  setTyping = (request: ClientRequest<'setTyping'>) => this.call('setTyping', request);
  setActivity = (request: ClientRequest<'setActivity'>) => this.call('setActivity', request);
  setDisappearing = (request: ClientRequest<'setDisappearing'>) => this.call('setDisappearing', request);
  acceptRequest = (request: ClientRequest<'acceptRequest'>) => this.call('acceptRequest', request);
  declineRequest = (request: ClientRequest<'declineRequest'>) => this.call('declineRequest', request);
  block = (request: ClientRequest<'block'>) => this.call('block', request);
  unblock = (request: ClientRequest<'unblock'>) => this.call('unblock', request);
}
