// A large batch through the receive pipeline: written in slices, with the event loop running
// between them (even when this thread opens the messages itself), every message stored once and in
// order; and, with the engine's crypto workers, two batches given at once wait for each other, so
// that neither misses what the other wrote.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { wrapOneToOneMessage } from '../../shared/protocol/messages/sessionProtocol';
import { createLogger, memorySink } from '../logging/logger';
import type { RetrievedMessage } from '../polling/swarmPoller';
import { ConversationRepository } from '../store/conversationRepository';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { MessageRepository } from '../store/messageRepository';
import { migrations } from '../store/migrations';
import { OutboxRepository } from '../store/outboxRepository';
import { CryptoWorkers } from '../workers/cryptoWorkers';
import { ReceivePipeline } from './receivePipeline';
import { requestLimits } from './requests';

const startTime = 1_790_000_000_000;
const logger = createLogger({ sink: memorySink() });

describe('ReceivePipeline with crypto workers', () => {
  let directory: string;
  let database: SqliteDatabase;
  let workers: CryptoWorkers;
  let bob: IdentityKeys;
  let messages: MessageRepository;
  let conversations: ConversationRepository;
  let pipeline: ReceivePipeline;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-slices-'));
    database = openDatabase({ file: path.join(directory, 'db.sqlite'), key: randomBytes(32), migrations });
    workers = await CryptoWorkers.start({ size: 2, logger });
    bob = await deriveIdentityKeys(randomBytes(16));
    messages = new MessageRepository(database);
    conversations = new ConversationRepository(database);
    pipeline = new ReceivePipeline(pipelineOptions());
  });
  afterEach(async () => {
    pipeline.close();
    await workers.close();
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function batchFrom(sender: IdentityKeys, count: number): Promise<RetrievedMessage[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, index) => ({
        hash: `${sender.sessionId.slice(2, 12)}${index}`.padEnd(43, 'x'),
        namespace: 0,
        timestamp: startTime + index,
        expiration: startTime + 10_000_000,
        data: await wrapOneToOneMessage(
          {
            content: { dataMessage: { body: `message ${index}` } },
            recipientSessionId: bob.sessionId,
            timestampMs: startTime + index,
          },
          sender,
        ),
      })),
    );
  }

  it('writes a batch of several slices in order, letting the event loop run between them', async () => {
    const alice = await deriveIdentityKeys(randomBytes(16));
    const batch = await batchFrom(alice, 260);
    // Opened on this thread, which yields only between slices; the request limit lifted for 260.
    const { opener: _workers, ...inline } = pipelineOptions();
    const onThisThread = new ReceivePipeline({
      ...inline,
      requestLimits: { ...requestLimits, messages: 1_000 },
    });
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const outcome = await onThisThread.receive(batch);
    onThisThread.close();
    expect(timerRan).toBe(true);
    expect(outcome.added.map((message) => message.body)).toEqual(batch.map((_, index) => `message ${index}`));
    expect(messages.page(alice.sessionId, 300)).toHaveLength(260);
  });

  it('hands the next slice to the opener before it writes the one before', async () => {
    const alice = await deriveIdentityKeys(randomBytes(16));
    const batch = await batchFrom(alice, 250);
    const events: string[] = [];
    const counting = {
      openOneToOne: (ciphertexts: readonly Uint8Array[], recipient: IdentityKeys) => {
        events.push('open');
        return workers.openOneToOne(ciphertexts, recipient);
      },
      checkCommunityPosts: workers.checkCommunityPosts.bind(workers),
    };
    const transaction = database.transaction.bind(database);
    const watched = Object.assign(Object.create(database) as SqliteDatabase, {
      transaction: (work: () => unknown) => {
        const run = transaction(work);
        return ((...args: unknown[]) => {
          events.push('write');
          return run(...(args as []));
        }) as typeof run;
      },
    });
    const pipelined = new ReceivePipeline({
      ...pipelineOptions(),
      database: watched,
      opener: counting,
      requestLimits: { ...requestLimits, messages: 1_000 },
    });
    await pipelined.receive(batch);
    pipelined.close();
    // Slices of 100: each slice's opening starts before the slice before it is written.
    expect(events).toEqual(['open', 'open', 'write', 'open', 'write', 'write']);
  });

  it('takes two batches given at once one after the other: a request keeps its limit once', async () => {
    const stranger = await deriveIdentityKeys(randomBytes(16));
    const batch = await batchFrom(stranger, requestLimits.messages + 10);
    const [first, second] = await Promise.all([pipeline.receive(batch), pipeline.receive(batch)]);
    expect(first.added).toHaveLength(requestLimits.messages);
    expect(second.added).toHaveLength(0);
    expect(conversations.get(stranger.sessionId)?.messagesNotKept).toBe(10);
    expect(messages.page(stranger.sessionId, 100)).toHaveLength(requestLimits.messages);
  });

  function pipelineOptions(): ConstructorParameters<typeof ReceivePipeline>[0] {
    return {
      database,
      messages,
      conversations,
      outbox: new OutboxRepository(database),
      keys: bob,
      logger,
      now: () => startTime + 3_600_000,
      opener: workers,
    };
  }
});
