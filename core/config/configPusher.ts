// When config pushes happen (protocol-config-groups.md §5.5 and §7, as desktop's UserSyncJob and
// GroupSyncJob): edits are coalesced, so a push starts a moment after the last change; failures are
// retried with a growing delay; callers may wait for the swarm's confirmation. What one push sends
// is the owner's: the account's configs (userConfigPush.ts) or a group's (core/groups).
import type { Logger } from '../logging/logger';
import { NetworkError } from '../network/onionClient';

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
      /** Whether anything waits to be pushed (an edit, a push not yet confirmed). */
      readonly needsPush: () => boolean;
      /** One push of everything pending; throws a NetworkError when the swarm did not take it. */
      readonly pushOnce: () => Promise<void>;
      readonly logger: Logger;
      readonly timing?: PushTiming | undefined;
    },
  ) {}

  private get timing(): PushTiming {
    return this.options.timing ?? defaultPushTiming;
  }

  /** Starts pushing; a push that was under way when the engine stopped resumes now. */
  start(): void {
    this.stopped = false;
    if (this.options.needsPush()) this.schedule(0);
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
    if (!this.options.needsPush()) return Promise.resolve();
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
    this.running = this.options.pushOnce();
    try {
      await this.running;
      this.failures = 0;
      if (this.again || this.options.needsPush()) {
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
}
