// Warnings about messages dropped on receipt (undecryptable, forged, from blocked senders, over a
// request's limit), aggregated: anyone can write to our namespace 0, so a line per message would
// let a flood of junk fill the log (issue 12). The first drop is told at once; after that, at most
// one line per interval says how many were dropped for which reasons. No content, hash or Session
// ID is ever part of a line.
import type { Logger } from '../logging/logger';

/** Words for the reasons the receive pipeline counts (ReceiveStatistics.rejected and others). */
const reasonWords: Readonly<Record<string, string>> = {
  malformedMessage: 'malformed',
  unsupportedMessage: 'unsupported',
  decryptionFailed: 'undecryptable',
  badSignature: 'bad signature',
  timestampMismatch: 'forged timestamp',
  invalidRecipient: 'for another recipient',
  blockedSender: 'from blocked senders',
  overRequestLimit: 'over a request’s limit',
};

/** A minute, as the issue asks: a flood reads as one line a minute. */
export const dropReportIntervalMs = 60_000;

const count = (value: number): string => value.toLocaleString('en');

export class DropReport {
  private counts = new Map<string, number>();
  private lastLineAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: {
      readonly logger: Logger;
      /** This device's clock: the interval is about log lines, not the network's time. */
      readonly now?: () => number;
      readonly intervalMs?: number;
    },
  ) {}

  private get intervalMs(): number {
    return this.options.intervalMs ?? dropReportIntervalMs;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Counts `amount` messages dropped for `reason`; logs now if nothing was logged for an interval. */
  dropped(reason: string, amount = 1): void {
    if (amount <= 0) return;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + amount);
    const now = this.now();
    if (this.lastLineAt === undefined || now - this.lastLineAt >= this.intervalMs) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined;
        this.flush();
      },
      this.lastLineAt + this.intervalMs - now,
    );
    this.timer.unref?.();
  }

  /** Logs what was counted since the last line, if anything. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counts.size === 0) return;
    const since = this.lastLineAt;
    this.lastLineAt = this.now();
    const entries = [...this.counts].sort(([, left], [, right]) => right - left);
    this.counts = new Map();
    const total = entries.reduce((sum, [, amount]) => sum + amount, 0);
    const reasons = entries.map(([reason, amount]) => `${count(amount)} ${reasonWords[reason] ?? reason}`);
    const period = since === undefined ? '' : ` in the last ${describeInterval(this.lastLineAt - since)}`;
    this.options.logger.warn(
      `dropped ${count(total)} message${total === 1 ? '' : 's'}${period}: ${reasons.join(', ')}`,
    );
  }

  /** Says what is still counted (the engine closes), and stops the timer. */
  close(): void {
    this.flush();
  }
}

function describeInterval(milliseconds: number): string {
  const minutes = Math.max(1, Math.round(milliseconds / 60_000));
  return minutes === 1 ? 'minute' : `${minutes} minutes`;
}
