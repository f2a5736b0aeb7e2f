// Opening a slice of a polled batch for the receive pipeline: each message decoded, decrypted and
// verified, then interpreted. One-to-one messages (our own namespace 0) are read on this thread,
// opened together by the opener (the engine's crypto workers, or this thread), and finished here; a
// group's messages are opened by their source (core/groups). What fails is counted by its reason
// and left out: one bad message never costs the others.
import { isMessageError } from '../../shared/protocol/messages/messageErrors';
import {
  finishOneToOneMessage,
  type IncomingOneToOneMessage,
  type OneToOneEnvelope,
  readOneToOneEnvelope,
  type RecipientKeys,
} from '../../shared/protocol/messages/sessionProtocol';
import type { RetrievedMessage } from '../polling/swarmPoller';
import { inlineOpener, type MessageOpener } from '../workers/cryptoWorkers';
import { type InterpretedMessage, interpretMessage } from './incomingContent';
import type { MessageSource } from './receivePipeline';

export interface OpenedMessage {
  readonly retrieved: RetrievedMessage;
  readonly interpreted: InterpretedMessage;
}

export class BatchOpening {
  private readonly opener: MessageOpener;

  constructor(
    private readonly options: {
      readonly keys: RecipientKeys & { readonly sessionId: string };
      readonly opener?: MessageOpener;
      /** A message that did not open, by its reason (malformedMessage, badSignature, …). */
      readonly rejected: (reason: string) => void;
    },
  ) {
    this.opener = options.opener ?? inlineOpener;
  }

  /** The messages of `slice` that open, interpreted, in their order. */
  async open(
    slice: readonly RetrievedMessage[],
    source: MessageSource | undefined,
  ): Promise<OpenedMessage[]> {
    const opened: OpenedMessage[] = [];
    const keep = (retrieved: RetrievedMessage, message: IncomingOneToOneMessage | undefined): void => {
      if (!message) return;
      opened.push({
        retrieved,
        interpreted: interpretMessage(message, this.options.keys.sessionId, source?.groupId),
      });
    };
    if (source) {
      for (const retrieved of slice) keep(retrieved, await this.attempt(() => source.open(retrieved)));
      return opened;
    }
    // Read here without awaiting anything, so that the opener has the slice (a worker is sent it)
    // before this call returns: the pipeline then writes the slice before while it is opened.
    const envelopes: { readonly retrieved: RetrievedMessage; readonly envelope: OneToOneEnvelope }[] = [];
    for (const retrieved of slice) {
      const envelope = this.attemptNow(() => readOneToOneEnvelope(retrieved.data));
      if (envelope) envelopes.push({ retrieved, envelope });
    }
    const answers = await this.opener.openOneToOne(
      envelopes.map(({ envelope }) => envelope.ciphertext),
      this.options.keys,
    );
    for (const [index, { retrieved, envelope }] of envelopes.entries()) {
      const answer = answers[index]!;
      if ('error' in answer) this.options.rejected(answer.error.code);
      else
        keep(
          retrieved,
          this.attemptNow(() => finishOneToOneMessage(envelope, answer)),
        );
    }
    return opened;
  }

  /** What `step` gives, or undefined when it fails: then counted by its reason. */
  private attemptNow<Value>(step: () => Value): Value | undefined {
    try {
      return step();
    } catch (error) {
      this.options.rejected(isMessageError(error) ? error.code : 'malformedMessage');
      return undefined;
    }
  }

  /** As `attemptNow`, for a step that answers later. */
  private async attempt<Value>(step: () => Promise<Value>): Promise<Value | undefined> {
    try {
      return await step();
    } catch (error) {
      this.options.rejected(isMessageError(error) ? error.code : 'malformedMessage');
      return undefined;
    }
  }
}
