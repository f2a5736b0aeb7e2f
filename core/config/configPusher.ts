// Pushing the account's configs (protocol-config-groups.md §5.5, as desktop's UserSyncJob): every
// config with an unconfirmed change is encrypted and stored, then the hashes it superseded are
// deleted, all in one `sequence` to our own swarm, which stops at the first failure, so nothing is
// deleted unless its replacement was stored. Edits are coalesced: a push starts a moment after the
// last change, and failures are retried with a growing delay.
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import { userConfigKinds } from '../../shared/protocol/config/configKinds';
import { sealUserConfig } from '../../shared/protocol/config/configPipeline';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import type { Logger } from '../logging/logger';
import { NetworkError } from '../network/onionClient';
import { deleteParams } from '../network/swarmWrites';
import type { SessionNetwork } from '../network/sessionNetwork';
import { storeOutcome, storeParams } from '../network/storeMessage';
import { accountAuthority } from '../network/swarmAuthority';
import type { UserConfigs } from './userConfigs';

/** Config messages live 30 days, renewed by the polls (§4 "Storage"). */
export const configTtlMs = 30 * 24 * 60 * 60 * 1000;

export interface PushTiming {
  /** How long after an edit the push starts, so that a burst of edits makes one push. */
  readonly coalesceMs: number;
  /** The first retry delay after a failure; it doubles up to `maximumRetryMs`. */
  readonly retryMs: number;
  readonly maximumRetryMs: number;
}

export const defaultPushTiming: PushTiming = { coalesceMs: 1_000, retryMs: 2_000, maximumRetryMs: 60_000 };

export class ConfigPusher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private stopped = true;
  private readonly waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(
    private readonly options: {
      readonly configs: UserConfigs;
      readonly network: SessionNetwork;
      readonly keys: IdentityKeys;
      readonly compressor: ConfigCompressor;
      readonly logger: Logger;
      readonly timing?: PushTiming;
    },
  ) {}

  private get timing(): PushTiming {
    return this.options.timing ?? defaultPushTiming;
  }

  /** Starts pushing; a push that was under way when the engine stopped resumes now. */
  start(): void {
    this.stopped = false;
    if (this.options.configs.needsPush()) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    this.settle(new NetworkError('pathsFailed', 'Starling stopped before the change reached the swarm.'));
  }

  /** A config was edited: push soon, once with every edit of the moment. */
  requested(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(this.timing.coalesceMs);
  }

  /**
   * Resolves once the swarm confirmed every change made so far; rejects when the swarm refuses a push
   * (it is still retried in the background) or Starling stops first. Callers bound the wait.
   */
  confirmed(): Promise<void> {
    if (!this.options.configs.needsPush()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.running) this.schedule(0);
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.again = false;
    this.running = this.pushOnce();
    try {
      await this.running;
      this.failures = 0;
      if (this.again || this.options.configs.needsPush()) {
        this.schedule(this.again ? this.timing.coalesceMs : 0);
      } else {
        this.settle();
      }
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(this.timing.retryMs * 2 ** (this.failures - 1), this.timing.maximumRetryMs);
      // One failure is the network's weather (it is retried); several in a row are worth a warning.
      const log = this.failures >= 3 ? this.options.logger.warn : this.options.logger.info;
      log.call(
        this.options.logger,
        `config push failed (${(error as Error).message}); retrying in ${delay} ms`,
      );
      // Waiters hear of a refusal, which no retry can change; other failures are retried under them.
      if (error instanceof NetworkError && error.code === 'storeRefused') this.settle(error);
      this.schedule(delay);
    } finally {
      this.running = undefined;
    }
  }

  private settle(error?: Error): void {
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  /** One sequence: the stores of every pending config, then the delete of what they supersede. */
  private async pushOnce(): Promise<void> {
    const { configs, network, keys, compressor } = this.options;
    const pushes = configs.pendingPushes();
    if (pushes.length === 0) return;
    const sealed = await Promise.all(
      pushes.map(({ kind, push }) => sealUserConfig(push.plaintext, push.seqno, kind, keys, compressor)),
    );
    const authority = accountAuthority(keys);
    const obsolete = [...new Set(pushes.flatMap(({ push }) => push.obsoleteHashes))];
    let timestamp = 0;
    const result = await network.swarmRequest(keys.sessionId, async (now) => {
      timestamp = now;
      const stores = await Promise.all(
        pushes.flatMap(({ kind }, index) =>
          sealed[index]!.map(async (data) => ({
            method: 'store',
            params: await storeParams(
              {
                pubkey: keys.sessionId,
                namespace: userConfigKinds[kind].namespace,
                data,
                ttlMs: configTtlMs,
                authority,
              },
              now,
            ),
          })),
        ),
      );
      const deletes =
        obsolete.length > 0 ? [{ method: 'delete', params: await deleteParams(authority, obsolete) }] : [];
      return { method: 'sequence', params: { requests: [...stores, ...deletes] } };
    });
    if (result.status !== 200) {
      throw new NetworkError(
        'pathsFailed',
        `The swarm did not take the config push (status ${result.status}).`,
      );
    }
    const results = (result.body as { results?: { code?: number; body?: unknown }[] }).results ?? [];
    let index = 0;
    pushes.forEach(({ kind, push }, pushIndex) => {
      // A multipart push stores several messages; the config is named by the last one's hash.
      let hash = '';
      for (let part = 0; part < sealed[pushIndex]!.length; part += 1, index += 1) {
        const reply = results[index];
        hash = storeOutcome(reply?.code ?? 0, reply?.body, timestamp).hash;
      }
      configs.confirmPushed(kind, push.seqno, hash);
    });
  }
}
