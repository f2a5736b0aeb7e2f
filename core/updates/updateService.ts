// The host's side of updates (issue 7): the checker's decisions, plus the download and the restart
// that only the person may start, as one UpdateView for the UI. Installing is the shell's business
// (electron-updater in the desktop app): it plugs in as an UpdateInstaller. Without one (the headless
// host, the CLI) the view still explains a hardfork, and says where to get the new version.
import type { UpdateView } from '../../shared/contract/views';
import { StarlingError } from '../../shared/errors';
import type { Logger } from '../logging/logger';
import { type HardforkVersion, parseHardfork } from '../network/hardforkTracker';
import { UpdateChecker } from './updateChecker';
import type { UpdateDecision } from './updateDecision';
import type { UpdateFeed } from './updateFeed';

/** Downloads and installs a release; the desktop shell's electron-updater. */
export interface UpdateInstaller {
  /** Downloads the release the feed offers now, reporting 0…1; rejects with words for people. */
  download(onProgress: (fraction: number) => void): Promise<void>;
  /** Quits the app and installs the downloaded release, then starts it again. */
  install(): void;
}

export class UpdateError extends StarlingError<'noUpdate' | 'cannotInstall' | 'notDownloaded'> {}

export interface UpdateServiceOptions {
  readonly currentVersion: string;
  /** Reads the feed; none where no feed is configured (decisions then rest on the network alone). */
  readonly loadFeed?: () => Promise<UpdateFeed>;
  readonly installer?: UpdateInstaller;
  readonly logger: Logger;
  /** How often the feed is read again; 4 hours by default. */
  readonly intervalMs?: number;
  readonly supportedHardfork?: HardforkVersion;
  readonly now?: () => Date;
}

type DownloadState = Pick<UpdateView, 'download' | 'progress' | 'failure'> & {
  /** The release the download is (or was) for: another release offered later starts afresh. */
  readonly version: string | null;
};

const defaultIntervalMs = 4 * 60 * 60 * 1000;

/** Progress is reported to the UI in whole percents, not for every chunk received. */
const progressStep = 0.01;

export class UpdateService {
  private readonly checker: UpdateChecker;
  private readonly listeners = new Set<(update: UpdateView) => void>();
  private downloadState: DownloadState;
  private downloading: Promise<UpdateView> | undefined;

  constructor(private readonly options: UpdateServiceOptions) {
    this.downloadState = this.idle(null);
    this.checker = new UpdateChecker({
      currentVersion: options.currentVersion,
      ...(options.loadFeed && { loadFeed: options.loadFeed }),
      intervalMs: options.intervalMs ?? defaultIntervalMs,
      onDecision: () => this.changed(),
      onError: (error) => options.logger.info(`update check: ${error.message}`),
      ...(options.supportedHardfork && { supportedHardfork: options.supportedHardfork }),
      ...(options.now && { now: options.now }),
    });
  }

  /** Checks at once, then periodically until stopped; a failed read is logged and retried later. */
  start(): void {
    void this.checker.start();
  }

  stop(): void {
    this.checker.stop();
  }

  on(listener: (update: UpdateView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The network reported a hardfork newer than this build ('network.hardforkRequired', e.g. "19.6"). */
  networkHardforkReported(hardfork: string): void {
    const version = parseHardfork(hardfork.split('.').map(Number));
    if (version) this.checker.networkChanged(version);
  }

  status(): UpdateView {
    const decision = this.checker.decision;
    if (!decision) {
      return this.view({
        kind: 'upToDate',
        message: `Starling ${this.options.currentVersion} is checking for updates.`,
      });
    }
    return this.view(decision);
  }

  async check(): Promise<UpdateView> {
    await this.checker.check();
    return this.status();
  }

  /**
   * Starts downloading the offered release, only ever because the person chose Download, and
   * answers at once: progress and the end arrive through `on`. A download under way is not
   * started twice; a finished one is not repeated.
   */
  download(): UpdateView {
    const { installer } = this.options;
    const offered = this.offeredVersion();
    if (!installer) throw this.cannotInstall();
    if (offered === null) throw new UpdateError('noUpdate', 'There is no update to download right now.');
    const alreadyDownloaded =
      this.downloadState.version === offered && this.downloadState.download === 'downloaded';
    if (!alreadyDownloaded) {
      this.downloading ??= this.runDownload(installer, offered).finally(() => (this.downloading = undefined));
    }
    return this.status();
  }

  /** The download under way, if any, as it ends (its failures are in the view, never thrown). */
  downloadSettled(): Promise<UpdateView> {
    return this.downloading ?? Promise.resolve(this.status());
  }

  /** Restarts into the downloaded release: only ever called because the person chose Restart. */
  install(): { readonly restarting: true } {
    const { installer } = this.options;
    if (!installer) throw this.cannotInstall();
    const offered = this.offeredVersion();
    if (
      offered === null ||
      this.downloadState.version !== offered ||
      this.downloadState.download !== 'downloaded'
    ) {
      throw new UpdateError('notDownloaded', 'Download the update before restarting to install it.');
    }
    this.options.logger.info(`restarting to install Starling ${offered}`);
    installer.install();
    return { restarting: true };
  }

  private async runDownload(installer: UpdateInstaller, version: string): Promise<UpdateView> {
    this.setDownload({ version, download: 'downloading', progress: 0, failure: null });
    let reported = 0;
    try {
      await installer.download((fraction) => {
        const progress = Math.min(1, Math.max(0, fraction));
        if (progress - reported < progressStep) return;
        reported = progress;
        this.setDownload({ version, download: 'downloading', progress, failure: null });
      });
      this.setDownload({ version, download: 'downloaded', progress: 1, failure: null });
    } catch (error) {
      const failure = `The download of Starling ${version} failed: ${(error as Error).message}. Try again later.`;
      this.options.logger.warn(failure);
      this.setDownload({ version, download: 'failed', progress: null, failure });
    }
    return this.status();
  }

  private offeredVersion(): string | null {
    const decision = this.checker.decision;
    return decision?.kind === 'available' || decision?.kind === 'required' ? decision.version : null;
  }

  private cannotInstall(): UpdateError {
    return new UpdateError(
      'cannotInstall',
      'This Starling cannot install updates itself: download the new version from the Starling website.',
    );
  }

  private idle(version: string | null): DownloadState {
    return {
      version,
      download: this.options.installer ? 'idle' : 'unsupported',
      progress: null,
      failure: null,
    };
  }

  private setDownload(state: DownloadState): void {
    this.downloadState = state;
    this.changed();
  }

  private changed(): void {
    const update = this.status();
    for (const listener of this.listeners) listener(update);
  }

  /**
   * What the last check found, in words (#17 item 6): up to date, a release, no feed set up, or a
   * feed that could not be reached (and what is known meanwhile).
   */
  private message(decision: UpdateDecision, feed: UpdateView['feed'], failure: string | undefined): string {
    const { currentVersion } = this.options;
    if (decision.kind !== 'upToDate') {
      // A network past this build says why already; a release offered from the last good feed is
      // still worth offering when the feed fails now.
      return feed === 'unreachable' && decision.kind !== 'outdated'
        ? `${decision.message} ${asSentence(failure)}`
        : decision.message;
    }
    if (feed === 'none') {
      return (
        `Starling ${currentVersion} works with the current network. No update feed is set up for this ` +
        'Starling, so it cannot look for newer versions: get them from the Starling website.'
      );
    }
    if (feed === 'unreachable') {
      return `${asSentence(failure)} Starling ${currentVersion} works with the current network; Starling will try again in a few hours.`;
    }
    return decision.message;
  }

  private view(decision: UpdateDecision): UpdateView {
    const version = 'version' in decision ? decision.version : null;
    // The download state belongs to one release: a newer one offered meanwhile starts afresh.
    const download =
      version !== null && this.downloadState.version === version ? this.downloadState : this.idle(version);
    const reading = this.checker.lastReading;
    const feed = !this.options.loadFeed
      ? 'none'
      : reading === undefined
        ? 'unchecked'
        : reading.failure === undefined
          ? 'read'
          : 'unreachable';
    return {
      kind: decision.kind,
      currentVersion: this.options.currentVersion,
      version,
      reason: 'reason' in decision ? decision.reason : null,
      deadline: 'deadline' in decision && decision.deadline ? decision.deadline.getTime() : null,
      notes: 'notes' in decision && decision.notes !== undefined ? decision.notes : null,
      message: this.message(decision, feed, reading?.failure),
      feed,
      checkedAt: reading ? reading.at.getTime() : null,
      download: download.download,
      progress: download.progress,
      failure: download.failure,
    };
  }
}

/** A failure's words as a sentence of their own (the feed's errors end without a full stop). */
function asSentence(text: string | undefined): string {
  const words = (text ?? 'The update feed could not be read').trim();
  return /[.!?]$/u.test(words) ? words : `${words}.`;
}
