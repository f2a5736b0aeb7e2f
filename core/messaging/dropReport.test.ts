// Drop warnings are aggregated (issue 12): a flood of junk reads as one line a minute, never one
// per message, and no line names a message or a sender.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, memorySink } from '../logging/logger';
import { DropReport } from './dropReport';

describe('DropReport', () => {
  let clock: number;
  let sink: ReturnType<typeof memorySink>;
  let report: DropReport;
  const lines = (): string[] => sink.records.map((record) => `${record.level} ${record.message}`);

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1_000_000;
    sink = memorySink();
    report = new DropReport({ logger: createLogger({ sink }), now: () => clock });
  });
  afterEach(() => {
    report.close();
    vi.useRealTimers();
  });

  it('tells the first drop at once, then one line a minute with the counts per reason', () => {
    report.dropped('decryptionFailed');
    expect(lines()).toEqual(['warn dropped 1 message: 1 undecryptable']);

    for (let index = 0; index < 4_800; index += 1) report.dropped('decryptionFailed');
    for (let index = 0; index < 12; index += 1) report.dropped('badSignature');
    expect(lines()).toHaveLength(1);

    clock += 60_000;
    vi.advanceTimersByTime(60_000);
    expect(lines()).toEqual([
      'warn dropped 1 message: 1 undecryptable',
      'warn dropped 4,812 messages in the last minute: 4,800 undecryptable, 12 bad signature',
    ]);
    // Nothing new, nothing said.
    clock += 120_000;
    vi.advanceTimersByTime(120_000);
    expect(lines()).toHaveLength(2);
  });

  it('tells a drop after a quiet minute at once, and what is left when closed', () => {
    report.dropped('overRequestLimit', 10);
    clock += 5 * 60_000;
    report.dropped('blockedSender');
    report.dropped('timestampMismatch', 3);
    expect(lines()).toEqual([
      'warn dropped 10 messages: 10 over a request’s limit',
      'warn dropped 1 message in the last 5 minutes: 1 from blocked senders',
    ]);
    report.close();
    expect(lines()[2]).toBe('warn dropped 3 messages in the last minute: 3 forged timestamp');
  });
});
