// `starling listen --profile DIR --network FILE [--timeout S] [--count N] [--save-dir DIR]`: polls the
// account's swarm and prints each incoming message as one JSON line the moment it is stored (with
// --save-dir, once its files are downloaded and saved there), until N were printed, S seconds
// passed, or SIGINT or SIGTERM came.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/logger';
import { pollIntervalsMs } from '../../core/polling/swarmPoller';
import type { MessageView } from '../../shared/contract/views';
import { type CommandIo, positiveNumberFlag, printJson, type StopSignals } from '../io';
import { engineOptions, engineTarget, withEngine } from '../profileEngine';

export const listenUsage = `  starling listen --profile DIR --network FILE|mainnet|testnet [--count N] [--timeout S]
                  [--save-dir DIR] [--passphrase-file FILE]   (a JSON line per message or group invite,
                  until N came, S s passed or Ctrl-C; --save-dir downloads files into DIR)`;

export async function listenCommand(
  args: readonly string[],
  io: CommandIo,
  logger: Logger,
  signals: StopSignals,
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...engineOptions,
      timeout: { type: 'string' },
      count: { type: 'string' },
      'save-dir': { type: 'string' },
    },
    strict: true,
  });
  const target = engineTarget(io, values);
  const timeoutSeconds = positiveNumberFlag('timeout', values.timeout);
  const count = positiveNumberFlag('count', values.count, { whole: true });
  const saveDirectory =
    values['save-dir'] === undefined ? undefined : path.resolve(io.cwd, values['save-dir']);
  if (saveDirectory !== undefined) await mkdir(saveDirectory, { recursive: true });
  await withEngine(target, io, logger, async (engine) => {
    const stopping = new AbortController();
    let printed = 0;
    // Lines leave in the order messages came, even when one waits for its files.
    let printing: Promise<void> = Promise.resolve();
    engine.on('message.received', ({ message }) => {
      // What this account wrote on another device arrives too, as outgoing: it is not for us to print.
      if (message.direction !== 'incoming' || printed === count) return;
      printed += 1;
      const last = printed === count;
      const line = lineOf(engine, message, saveDirectory, logger);
      printing = printing.then(async () => {
        printJson(io, await line);
        if (last) stopping.abort();
      });
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
      await printing;
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

/** A message's line; with a save directory, its files are downloaded and saved first. */
async function lineOf(
  engine: Engine,
  message: MessageView,
  saveDirectory: string | undefined,
  logger: Logger,
): Promise<Record<string, unknown>> {
  const line = {
    from: message.author,
    body: message.body,
    timestamp: message.sentAt,
    conversation: message.conversationId,
    // A room's messages are timed by their server (§6.4), and may have been edited there.
    ...(message.serverId !== undefined ? { id: message.serverId, posted: message.sentAt } : {}),
    ...(message.edited !== undefined ? { edited: message.edited } : {}),
  };
  if (saveDirectory === undefined || message.attachments.length === 0) return line;
  const attachments = [];
  for (const file of message.attachments) {
    const entry = {
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.size,
      voice: file.voice,
    };
    try {
      const data = await downloaded(engine, message.id, file.id);
      const saved = await saveUnder(saveDirectory, file.fileName ?? `file-${file.id}`, data);
      attachments.push({ ...entry, sha256: createHash('sha256').update(data).digest('hex'), path: saved });
    } catch (error) {
      logger.warn(`a file could not be saved: ${(error as Error).message}`);
      attachments.push({ ...entry, sha256: null, path: null, error: (error as Error).message });
    }
  }
  return { ...line, attachments };
}

/** Downloads a file (if it did not come by itself) and resolves with its bytes once here. */
async function downloaded(engine: Engine, messageId: number, attachmentId: number): Promise<Uint8Array> {
  const finished = new Promise<void>((resolve) => {
    const check = (): boolean => {
      const stored = engine.attachmentsOf(messageId).find((file) => file.id === attachmentId);
      if (stored?.state === 'ready' || stored?.state === 'failed' || !stored) {
        stopListening();
        resolve();
        return true;
      }
      return false;
    };
    const stopListening = engine.on('message.updated', ({ message }) => {
      if (message.id === messageId) check();
    });
    check();
  });
  await engine.downloadAttachment({ attachmentId });
  await finished;
  const stored = engine.attachmentsOf(messageId).find((file) => file.id === attachmentId);
  if (stored?.state !== 'ready') throw new Error(stored?.failure ?? 'the file is gone');
  return engine.attachments.read(stored);
}

/** Writes under the sender's (cleaned) file name, adding " (2)" and so on rather than overwriting. */
async function saveUnder(directory: string, fileName: string, data: Uint8Array): Promise<string> {
  const extension = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - extension.length);
  for (let number = 1; ; number += 1) {
    const candidate = path.join(directory, number === 1 ? fileName : `${stem} (${number})${extension}`);
    try {
      await writeFile(candidate, data, { flag: 'wx' });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
