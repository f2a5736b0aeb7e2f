// Checks for updates at start and then periodically, combines the latest feed with the network's
// hardfork, and reports a decision only when it changes. It never downloads or installs anything:
// the shell does that, with the user's consent.
import { StarlingError } from '../../shared/errors';
import { compareHardforks, type HardforkVersion, supportedHardfork } from '../network/hardforkTracker';
import { decideUpdate, type UpdateDecision } from './updateDecision';
import { fetchUpdateFeed, type UpdateFeed, UpdateFeedError } from './updateFeed';

/** The part of SessionNetwork the checker listens to. */
export interface HardforkSource {
  on(name: 'hardforkRequired', listener: (version: HardforkVersion) => void): void;
}

export interface UpdateCheckerOptions {
  readonly currentVersion: string;
  /**
   * Reads the feed, usually `feedLoader(feedUrl)`; none where no feed is configured: decisions then
   * rest on the network alone.
   */
  readonly loadFeed?: () => Promise<UpdateFeed>;
  readonly intervalMs: number;
  readonly onDecision: (decision: UpdateDecision) => void;
  /** Feed failures (the last good feed is kept meanwhile). */
  readonly onError?: (error: StarlingError) => void;
  readonly supportedHardfork?: HardforkVersion;
  /** The network's current hardfork, e.g. `() => network.hardfork.version`. */
  readonly networkHardfork?: () => HardforkVersion | undefined;
  /** Hardfork announcements, e.g. the SessionNetwork ('hardforkRequired'). */
  readonly network?: HardforkSource;
  readonly now?: () => Date;
}

/** A checker reading `<feedUrl>/<platform feed file>`. */
export function feedLoader(feedUrl: string, fileName?: string): () => Promise<UpdateFeed> {
  return () => fetchUpdateFeed(feedUrl, fileName);
}

/** The last reading of the feed: when, and why it failed (undefined: it was read). */
export interface FeedReading {
  readonly at: Date;
  readonly failure: string | undefined;
}

export class UpdateChecker {
  private feed: UpdateFeed | undefined;
  private reading: FeedReading | undefined;
  private reported: HardforkVersion | undefined;
  private last: UpdateDecision | undefined;
  private lastKey: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<UpdateDecision> | undefined;
  private stopped = false;

  constructor(private readonly options: UpdateCheckerOptions) {
    options.network?.on('hardforkRequired', (version) => this.networkChanged(version));
  }

  /** The latest decision, once one was made. */
  get decision(): UpdateDecision | undefined {
    return this.last;
  }

  /** How the last reading of the feed went; undefined before one ended, or without a feed. */
  get lastReading(): FeedReading | undefined {
    return this.reading;
  }

  /** Checks now, then every `intervalMs` until stopped (when there is a feed to read again). */
  start(): Promise<UpdateDecision> {
    this.stopped = false;
    if (!this.timer && this.options.loadFeed) {
      this.timer = setInterval(() => void this.check(), this.options.intervalMs);
      this.timer.unref();
    }
    return this.check();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the feed (one read at a time) and decides again. */
  check(): Promise<UpdateDecision> {
    this.running ??= this.readFeed().finally(() => (this.running = undefined));
    return this.running;
  }

  /** The network reported a hardfork: decide again with the feed already read. */
  networkChanged(version: HardforkVersion): void {
    if (!this.reported || compareHardforks(version, this.reported) > 0) this.reported = version;
    this.decide();
  }

  private async readFeed(): Promise<UpdateDecision> {
    const { loadFeed } = this.options;
    if (!loadFeed) return this.decide();
    try {
      this.feed = await loadFeed();
      this.reading = { at: this.now(), failure: undefined };
    } catch (error) {
      const failure =
        error instanceof StarlingError
          ? error
          : new UpdateFeedError('updateFeedUnreachable', `Could not read the update feed: ${String(error)}`);
      this.reading = { at: this.now(), failure: failure.message };
      if (!this.stopped) this.options.onError?.(failure);
    }
    return this.decide();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private networkVersion(): HardforkVersion | undefined {
    const polled = this.options.networkHardfork?.();
    if (!polled) return this.reported;
    if (!this.reported) return polled;
    return compareHardforks(polled, this.reported) >= 0 ? polled : this.reported;
  }

  private decide(): UpdateDecision {
    const decision = decideUpdate({
      currentVersion: this.options.currentVersion,
      supportedHardfork: this.options.supportedHardfork ?? supportedHardfork,
      networkHardfork: this.networkVersion(),
      feed: this.feed,
      now: this.now(),
    });
    const key = JSON.stringify(decision);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.last = decision;
      if (!this.stopped) this.options.onDecision(decision);
    }
    return decision;
  }
}
