// `starling listen --profile DIR --network FILE [--timeout S] [--count N]`: polls the account's swarm
// and prints each incoming message as one JSON line the moment it is stored, until N were printed,
// S seconds passed, or SIGINT or SIGTERM came.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/logger';
import { pollIntervalsMs } from '../../core/polling/swarmPoller';
import { type CommandIo, positiveNumberFlag, printJson, type StopSignals } from '../io';
import { engineOptions, engineTarget, withEngine } from '../profileEngine';

export const listenUsage = `  starling listen --profile DIR --network FILE|mainnet|testnet [--count N] [--timeout S]
                  [--passphrase-file FILE]   (a JSON line per message or group invite, until N came,
                  S s passed or Ctrl-C)`;

export async function listenCommand(
  args: readonly string[],
  io: CommandIo,
  logger: Logger,
  signals: StopSignals,
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { ...engineOptions, timeout: { type: 'string' }, count: { type: 'string' } },
    strict: true,
  });
  const target = engineTarget(io, values);
  const timeoutSeconds = positiveNumberFlag('timeout', values.timeout);
  const count = positiveNumberFlag('count', values.count, { whole: true });
  await withEngine(target, io, logger, async (engine) => {
    const stopping = new AbortController();
    let printed = 0;
    engine.on('message.received', ({ message }) => {
      // What this account wrote on another device arrives too, as outgoing: it is not for us to print.
      if (message.direction !== 'incoming' || printed === count) return;
      printJson(io, {
        from: message.author,
        body: message.body,
        timestamp: message.sentAt,
        conversation: message.conversationId,
      });
      printed += 1;
      if (printed === count) stopping.abort();
    });
    // An invite is a line of its own: from an approved contact we joined at once, else it waits.
    engine.on('group.invited', ({ group, from }) => {
      if (printed === count) return;
      printJson(io, { event: 'groupInvite', groupId: group.id, from, name: group.name });
      printed += 1;
      if (printed === count) stopping.abort();
    });
    // The command polls itself rather than through the engine's schedule, so that it knows when a
    // round is under way and lets it finish, printing what it brings, before the engine is closed.
    await engine.start({ poll: false });
    const stop = (): void => stopping.abort();
    const timer = timeoutSeconds === undefined ? undefined : setTimeout(stop, timeoutSeconds * 1000);
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
    try {
      await pollUntil(engine, stopping.signal, logger);
    } finally {
      clearTimeout(timer);
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
    }
  });
}

/** A round at once, then one every 3 s (the pace of an open conversation) until `stopped`. */
async function pollUntil(engine: Engine, stopped: AbortSignal, logger: Logger): Promise<void> {
  while (!stopped.aborted) {
    try {
      await engine.receiveNow();
    } catch (error) {
      // A failed round (no path for a moment, a swarm member gone) is tried again at the next one.
      logger.warn(`poll failed: ${(error as Error).message}`);
    }
    await sleep(pollIntervalsMs.activeConversation, undefined, { signal: stopped }).catch(() => undefined);
  }
}
