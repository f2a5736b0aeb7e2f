// `starling send --profile DIR --network FILE --to 05… --text TEXT`: sends one text message and
// prints `{"hash": …, "timestamp": …}` once the recipient's swarm confirmed it. The message goes
// through the engine's persistent outbox, so one that is not confirmed in time stays queued.
import { parseArgs } from 'node:util';
import { StarlingError } from '../../shared/errors';
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/logger';
import type { StoredMessage } from '../../core/store/messageRepository';
import { type CommandIo, positiveNumberFlag, printJson, UsageError } from '../io';
import { engineOptions, engineTarget, withEngine } from '../profileEngine';
import { checkedRequest } from '../requests';

export const sendUsage = `  starling send   --profile DIR --network FILE|mainnet|testnet --to 05… --text TEXT
                  [--timeout S] [--passphrase-file FILE]   (waits up to S = 60 s for the recipient's swarm)`;

/** Long enough for the outbox's first retries (2 s, 4 s, 8 s…) on a slow network. */
const defaultTimeoutSeconds = 60;

export type DeliveryErrorCode = 'messageFailed' | 'messageQueued';

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
      timeout: { type: 'string' },
    },
    strict: true,
  });
  const started = Date.now();
  const target = engineTarget(io, values);
  if (values.to === undefined) throw new UsageError('Name the recipient with --to and their Session ID.');
  if (values.text === undefined) throw new UsageError('Give the message with --text.');
  const timeoutSeconds = positiveNumberFlag('timeout', values.timeout) ?? defaultTimeoutSeconds;
  const request = checkedRequest('sendMessage', { conversationId: values.to, text: values.text });
  const sent = await withEngine(target, io, logger, async (engine) => {
    await engine.start({ poll: false });
    const { id } = await engine.sendMessage(request);
    await waitWhileSending(engine, id, started + timeoutSeconds * 1000);
    // Whatever is under way ends first (the copy for our own swarm goes out with the recipient's),
    // so nothing is cut off that was about to succeed; a store that is postponed stays queued.
    await engine.sendingSettled();
    return engine.storedMessage(id);
  });
  if (!sent) throw new Error('the sent message is gone from the database');
  if ((sent.state === 'sent' || sent.state === 'read') && sent.recipientHash !== null) {
    printJson(io, { hash: sent.recipientHash, timestamp: sent.sentAt });
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
