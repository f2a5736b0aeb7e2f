// `starling send --profile DIR --network FILE --to 05… --text TEXT [--file PATH…] [--voice]`: sends one
// message, its files uploaded first, and prints `{"hash": …, "timestamp": …}` (with `"attachments":
// [{"id", "size"}]` when it carried files) once the recipient's swarm confirmed it. The message goes
// through the engine's persistent outbox, so one that is not confirmed in time stays queued.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { maximumAttachmentBytes } from '../../shared/protocol/attachments/attachmentPadding';
import { parseFileUrl } from '../../shared/protocol/attachments/fileServerUrl';
import { parseRoomFileUrl } from '../../shared/protocol/attachments/roomFileUrl';
import { toBase64 } from '../../shared/protocol/base64';
import { StarlingError } from '../../shared/errors';
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/logger';
import type { StoredMessage } from '../../core/store/messageRepository';
import { type CommandIo, positiveNumberFlag, printJson, UsageError } from '../io';
import { engineOptions, engineTarget, withEngine } from '../profileEngine';
import { checkedRequest } from '../requests';

export const sendUsage = `  starling send   --profile DIR --network FILE|mainnet|testnet --to 05…|03…|ROOM-URL --text TEXT
                  [--file PATH]… [--voice] [--timeout S] [--passphrase-file FILE]
                  (a caption and files, at most 10 MB each; waits up to S = 60 s for the recipient's swarm)`;

/** Long enough for the outbox's first retries (2 s, 4 s, 8 s…) on a slow network. */
const defaultTimeoutSeconds = 60;

export type DeliveryErrorCode = 'messageFailed' | 'messageQueued';

export class FileInputError extends StarlingError<'fileUnreadable' | 'fileTooLarge'> {}

interface FileToSend {
  readonly fileName: string;
  readonly data: Uint8Array;
}

/** Reads the files before anything else happens: one too large or unreadable stops the command. */
export async function readFiles(paths: readonly string[], cwd: string): Promise<FileToSend[]> {
  const files: FileToSend[] = [];
  for (const given of paths) {
    const file = path.resolve(cwd, given);
    const size = await stat(file).then(
      (info) => (info.isFile() ? info.size : undefined),
      () => undefined,
    );
    if (size === undefined) throw new FileInputError('fileUnreadable', `Cannot read the file ${given}.`);
    if (size > maximumAttachmentBytes) {
      throw new FileInputError(
        'fileTooLarge',
        `${given} is ${(size / 1_000_000).toFixed(1)} MB: files can be at most 10 MB.`,
      );
    }
    const data = await readFile(file).catch(() => {
      throw new FileInputError('fileUnreadable', `Cannot read the file ${given}.`);
    });
    files.push({ fileName: path.basename(file), data });
  }
  return files;
}

export class DeliveryError extends StarlingError<DeliveryErrorCode> {
  constructor(code: DeliveryErrorCode, message: string) {
    super(code, message);
    this.name = 'DeliveryError';
  }
}

export async function sendCommand(args: readonly string[], io: CommandIo, logger: Logger): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...engineOptions,
      to: { type: 'string' },
      text: { type: 'string' },
      file: { type: 'string', multiple: true },
      voice: { type: 'boolean' },
      timeout: { type: 'string' },
    },
    strict: true,
  });
  const started = Date.now();
  const target = engineTarget(io, values);
  if (values.to === undefined)
    throw new UsageError('Name the recipient with --to: their Session ID, or a community room’s link.');
  const paths = values.file ?? [];
  if (values.text === undefined && paths.length === 0) {
    throw new UsageError('Give the message with --text, or files with --file.');
  }
  if (values.voice && paths.length !== 1)
    throw new UsageError('A voice message is one audio file: give one --file.');
  const timeoutSeconds = positiveNumberFlag('timeout', values.timeout) ?? defaultTimeoutSeconds;
  const placeholders = paths.map(() => '0'.repeat(32));
  const request = checkedRequest('sendMessage', {
    conversationId: values.to,
    text: values.text ?? '',
    ...(paths.length > 0 ? { attachments: placeholders } : {}),
  });
  const files = await readFiles(paths, io.cwd);
  const sent = await withEngine(target, io, logger, async (engine) => {
    await engine.start({ poll: false });
    const staged = [];
    for (const file of files) {
      staged.push(
        await engine.stageAttachment({
          fileName: file.fileName,
          dataBase64: toBase64(file.data),
          ...(values.voice ? { voice: true, contentType: 'audio/mp3' } : {}),
        }),
      );
    }
    const { id } = await engine.sendMessage({
      ...request,
      ...(staged.length > 0 ? { attachments: staged.map((file) => file.stagedId) } : {}),
    });
    await waitWhileSending(engine, id, started + timeoutSeconds * 1000);
    // Whatever is under way ends first (the copy for our own swarm goes out with the recipient's),
    // so nothing is cut off that was about to succeed; a store that is postponed stays queued.
    await engine.sendingSettled();
    const message = engine.storedMessage(id);
    return (
      message && {
        ...message,
        attachments: engine.attachmentsOf(id),
        post: engine.communities.repository.postOf(id),
      }
    );
  });
  if (!sent) throw new Error('the sent message is gone from the database');
  // The server's ID of each file: the file server's, or the room's (§5.3).
  const attachments = sent.attachments.map((file) => ({
    id: (parseFileUrl(file.url ?? '') ?? parseRoomFileUrl(file.url ?? ''))?.fileId ?? null,
    size: file.size,
  }));
  // A room's post is named by its server: its ID and seqno there (§6.4).
  if (sent.state === 'sent' && sent.post) {
    printJson(io, {
      id: sent.post.serverId,
      seqno: sent.post.seqno,
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    return;
  }
  if ((sent.state === 'sent' || sent.state === 'read') && sent.recipientHash !== null) {
    printJson(io, {
      hash: sent.recipientHash,
      timestamp: sent.sentAt,
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    if (sent.storageHash === null) {
      io.stderr.write(
        'starling: The copy for your other devices is still queued; it will be stored the next time ' +
          'Starling runs with this profile.\n',
      );
    }
    return;
  }
  throw deliveryError(sent, timeoutSeconds);
}

/** Resolves once the message is no longer `sending` (the outbox retries a failing store), or at `deadline`. */
function waitWhileSending(engine: Engine, messageId: number, deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      stopListening();
      resolve();
    };
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
    const stopListening = engine.on('message.updated', ({ message }) => {
      if (message.id === messageId && message.state !== 'sending') finish();
    });
    if (engine.storedMessage(messageId)?.state !== 'sending') finish();
  });
}

function deliveryError(message: StoredMessage, timeoutSeconds: number): DeliveryError {
  if (message.state === 'failed') {
    return new DeliveryError(
      'messageFailed',
      `The message could not be sent: ${message.failure ?? 'the network did not take it.'}`,
    );
  }
  return new DeliveryError(
    'messageQueued',
    `The recipient's swarm has not confirmed the message after ${timeoutSeconds} s; it stays queued and ` +
      'will be sent the next time Starling runs with this profile.',
  );
}
