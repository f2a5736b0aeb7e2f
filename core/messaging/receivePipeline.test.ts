// The receive pipeline on hostile input, without a network: thousands of damaged frames, forged and
// nonsensical messages signed by a stranger, and duplicates, mixed with good messages. Nothing
// throws, every refusal is counted by reason, and exactly the good messages are stored, once.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import {
  type Content,
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
  SessionProtos,
} from '../../shared/protocol/messages/codec';
import {
  encryptForRecipient,
  padMessage,
  wrapOneToOneMessage,
} from '../../shared/protocol/messages/sessionProtocol';
import { createLogger, memorySink } from '../logging/logger';
import type { RetrievedMessage } from '../polling/swarmPoller';
import { ConversationRepository } from '../store/conversationRepository';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { MessageRepository } from '../store/messageRepository';
import { migrations } from '../store/migrations';
import { OutboxRepository } from '../store/outboxRepository';
import { ReceivePipeline } from './receivePipeline';
import { requestLimits } from './requests';

const startTime = 1_790_000_000_000;
let hashCounter = 0;

function retrieved(data: Uint8Array): RetrievedMessage {
  hashCounter += 1;
  return {
    hash: `h${hashCounter}`.padEnd(43, 'x'),
    namespace: 0,
    timestamp: startTime,
    expiration: startTime + 1_000_000,
    data,
  };
}

/** One mutation of a valid frame: a flipped bit, a cut, or random bytes. */
function mutate(bytes: Uint8Array, seed: number): Uint8Array {
  const copy = bytes.slice();
  switch (seed % 3) {
    case 0:
      copy[seed % copy.length]! ^= 1 << (seed % 8);
      return copy;
    case 1:
      return copy.slice(0, seed % copy.length);
    default:
      return randomBytes(1 + (seed % 300));
  }
}

describe('ReceivePipeline', () => {
  let directory: string;
  let database: SqliteDatabase;
  let bob: IdentityKeys;
  let alice: IdentityKeys;
  let mallory: IdentityKeys;
  let pipeline: ReceivePipeline;
  let messages: MessageRepository;
  let conversations: ConversationRepository;
  let logSink: ReturnType<typeof memorySink>;

  beforeEach(async () => {
    logSink = memorySink();
    directory = await mkdtemp(path.join(tmpdir(), 'starling-pipeline-'));
    database = openDatabase({ file: path.join(directory, 'db.sqlite'), key: randomBytes(32), migrations });
    bob = await deriveIdentityKeys(randomBytes(16));
    alice = await deriveIdentityKeys(randomBytes(16));
    mallory = await deriveIdentityKeys(randomBytes(16));
    messages = new MessageRepository(database);
    conversations = new ConversationRepository(database);
    pipeline = new ReceivePipeline({
      database,
      messages,
      conversations,
      outbox: new OutboxRepository(database),
      keys: bob,
      logger: createLogger({ sink: logSink }),
      now: () => startTime + 5_000,
    });
  });
  afterEach(async () => {
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  const send = (
    from: IdentityKeys,
    content: Content,
    timestampMs: number,
    to = bob.sessionId,
  ): Promise<Uint8Array> => wrapOneToOneMessage({ content, recipientSessionId: to, timestampMs }, from);

  /** A frame whose signed Content says another time than its envelope (§2.3). */
  async function mismatchedTimestamp(from: IdentityKeys): Promise<Uint8Array> {
    const content = encodeContent({ dataMessage: { body: 'replayed' }, sigTimestamp: startTime });
    const sealed = await encryptForRecipient(padMessage(content), from, bob.x25519PublicKey);
    const envelope = encodeEnvelope({
      type: SessionProtos.Envelope.Type.SESSION_MESSAGE,
      timestamp: startTime + 60_000,
      content: sealed,
    });
    return encodeWebSocketMessage({
      type: SessionProtos.WebSocketMessage.Type.REQUEST,
      request: { verb: 'PUT', path: '/api/v1/message', body: envelope, id: 0 },
    });
  }

  it('stores the good messages of a batch full of damaged frames, and counts every refusal', async () => {
    const good = await Promise.all(
      Array.from({ length: 20 }, (_unused, index) =>
        send(alice, { dataMessage: { body: `good ${index}` } }, startTime + index),
      ),
    );
    const damaged = Array.from({ length: 3_000 }, (_unused, index) =>
      mutate(good[index % good.length]!, index),
    );
    const batch = [...damaged, ...good].map(retrieved);
    const outcome = await pipeline.receive(batch);

    const rejected = Object.values(pipeline.statistics.rejected).reduce((sum, count) => sum + count, 0);
    const stored = messages.page(alice.sessionId, 100);
    expect(stored.map((message) => message.body).sort()).toEqual(
      Array.from({ length: 20 }, (_unused, index) => `good ${index}`).sort(),
    );
    expect(outcome.added).toHaveLength(20);
    // A mutation may leave a frame valid (e.g. a bit flipped in an unread field): then it is a
    // duplicate of its good original, never a second message.
    expect(
      rejected + pipeline.statistics.accepted + pipeline.statistics.duplicates + pipeline.statistics.ignored,
    ).toBe(batch.length);
    expect(rejected).toBeGreaterThan(2_900);
    expect(Object.keys(pipeline.statistics.rejected).sort()).toEqual(
      expect.arrayContaining(['decryptionFailed', 'malformedMessage']),
    );
  });

  it('tells a flood of junk in one line, not one per message, naming no message', async () => {
    const junk = Array.from({ length: 2_000 }, (_unused, index) =>
      retrieved(randomBytes(40 + (index % 200))),
    );
    await pipeline.receive(junk.slice(0, 1_000));
    await pipeline.receive(junk.slice(1_000));
    const warnings = logSink.records.filter((record) => record.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/^dropped 1 message: 1 (malformed|undecryptable)$/u);
    pipeline.close();
    const summary = logSink.records.filter((record) => record.level === 'warn')[1]!.message;
    expect(summary).toMatch(/^dropped 1,999 messages in the last minute: /u);
    for (const { message } of logSink.records) expect(message).not.toContain(junk[5]!.hash.slice(0, 8));
  });

  it('keeps the newest messages of a request, and what it dropped does not come back', async () => {
    const count = requestLimits.messages + 15;
    const frames = await Promise.all(
      Array.from({ length: count }, (_unused, index) =>
        send(mallory, { dataMessage: { body: `junk ${index}` } }, startTime + index),
      ),
    );
    const batch = frames.map(retrieved);
    const first = await pipeline.receive(batch.slice(0, 40));
    expect(first.added).toHaveLength(40);
    const second = await pipeline.receive(batch.slice(40));
    // Of the second batch, only what is kept is announced; of the first, what went is removed.
    expect(second.added).toHaveLength(count - 40);
    expect(second.removed).toHaveLength(15);
    expect(second.ownSwarmDeletes).toHaveLength(15);
    const kept = messages.page(mallory.sessionId, 200);
    expect(kept.map((message) => message.body)).toEqual(
      Array.from({ length: requestLimits.messages }, (_unused, index) => `junk ${count - 1 - index}`),
    );
    expect(conversations.get(mallory.sessionId)).toMatchObject({
      messagesNotKept: 15,
      unreadCount: requestLimits.messages,
    });
    // The same messages again, as a swarm member polled for the first time hands them over.
    const again = await pipeline.receive(batch);
    expect(again.added).toEqual([]);
    expect(messages.page(mallory.sessionId, 200)).toHaveLength(requestLimits.messages);
    expect(pipeline.statistics.notKept).toBe(15);
  });

  it('does not limit an accepted conversation', async () => {
    conversations.ensure(alice.sessionId, 'accepted', startTime);
    const frames = await Promise.all(
      Array.from({ length: requestLimits.messages + 5 }, (_unused, index) =>
        send(alice, { dataMessage: { body: `hello ${index}` } }, startTime + index),
      ),
    );
    await pipeline.receive(frames.map(retrieved));
    expect(messages.page(alice.sessionId, 200)).toHaveLength(requestLimits.messages + 5);
    expect(conversations.get(alice.sessionId)?.messagesNotKept).toBe(0);
  });

  it('refuses a signed timestamp that differs from the envelope, and a message for someone else', async () => {
    const forAlice = await send(
      mallory,
      { dataMessage: { body: 'not for bob' } },
      startTime,
      alice.sessionId,
    );
    await pipeline.receive([retrieved(await mismatchedTimestamp(mallory)), retrieved(forAlice)]);
    expect(pipeline.statistics.rejected).toEqual({ timestampMismatch: 1, decryptionFailed: 1 });
    expect(conversations.list('request')).toEqual([]);
  });

  it('ignores what a stranger may sign but must not do', async () => {
    const [first] = await pipeline
      .receive([retrieved(await send(alice, { dataMessage: { body: 'original' } }, startTime))])
      .then((outcome) => outcome.added);
    const hostile: Content[] = [
      // Unsending Alice's message, a reaction as if from nowhere, an absurd receipt, a huge name.
      { unsendRequest: { timestamp: startTime, author: alice.sessionId } },
      { dataMessage: { reaction: { id: startTime, author: 'not an id', emoji: '👍', action: 0 } } },
      {
        dataMessage: {
          reaction: { id: startTime, author: alice.sessionId, emoji: '👍'.repeat(40), action: 0 },
        },
      },
      {
        receiptMessage: { type: 1, timestamp: Array.from({ length: 2_000 }, (_unused, index) => index + 1) },
      },
      // A "copy for another device" from someone who is not us lands in their own conversation.
      { dataMessage: { body: 'pretending', syncTarget: alice.sessionId } },
      { dataMessage: { body: 'x'.repeat(60_001) } },
      { callMessage: { type: 1, uuid: 'call' } },
      {},
    ];
    const frames = await Promise.all(
      hostile.map((content, index) => send(mallory, content, startTime + 10 + index)),
    );
    const outcome = await pipeline.receive(frames.map(retrieved));

    expect(messages.byId(first!.id)).toMatchObject({ body: 'original', unsent: false });
    expect(messages.reactions(first!.id)).toEqual([]);
    expect(messages.page(alice.sessionId, 10)).toHaveLength(1);
    const fromMallory = messages.page(mallory.sessionId, 10);
    expect(fromMallory.map((message) => message.body)).toEqual(['pretending']);
    expect(fromMallory[0]).toMatchObject({ direction: 'incoming', author: mallory.sessionId });
    expect(outcome.added).toHaveLength(1);
    expect(pipeline.statistics.ignored).toBe(hostile.length - 1);
  });

  it('never stores again a message deleted here, nor one dropped while its sender was blocked', async () => {
    const deleted = retrieved(await send(alice, { dataMessage: { body: 'delete me' } }, startTime));
    const [stored] = (await pipeline.receive([deleted])).added;
    messages.remove(stored!);
    conversations.ensure(mallory.sessionId, 'blocked', startTime);
    const whileBlocked = retrieved(await send(mallory, { dataMessage: { body: 'blocked' } }, startTime));
    await pipeline.receive([whileBlocked]);
    conversations.setState(mallory.sessionId, 'accepted');

    // Another swarm member hands both over again, as new.
    const outcome = await pipeline.receive([deleted, whileBlocked]);
    expect(outcome.added).toEqual([]);
    expect(messages.page(alice.sessionId, 10)).toEqual([]);
    expect(messages.page(mallory.sessionId, 10)).toEqual([]);
    // They are forgotten once no swarm can hold them any more.
    messages.forgetDropped(whileBlocked.expiration + 1);
    expect(messages.isDropped(whileBlocked.hash)).toBe(false);
    expect(messages.isDropped(deleted.hash)).toBe(true);
  });

  it('tells only the last typing state of a conversation in one poll', async () => {
    conversations.ensure(alice.sessionId, 'accepted', startTime);
    const frames = await Promise.all([
      send(alice, { typingMessage: { timestamp: startTime, action: 0 } }, startTime),
      send(alice, { typingMessage: { timestamp: startTime + 1, action: 1 } }, startTime + 1),
    ]);
    const outcome = await pipeline.receive(frames.map(retrieved));
    expect(outcome.typing).toEqual([{ conversationId: alice.sessionId, typing: false }]);
  });

  it("ends the typing indicator with the typist's message, unless they started again after it", async () => {
    conversations.ensure(alice.sessionId, 'accepted', startTime);
    const [started, message, startedAgain] = await Promise.all([
      send(alice, { typingMessage: { timestamp: startTime, action: 0 } }, startTime),
      send(alice, { dataMessage: { body: 'done typing' } }, startTime + 1),
      send(alice, { typingMessage: { timestamp: startTime + 2, action: 0 } }, startTime + 2),
    ]);
    const ended = await pipeline.receive([started, message].map(retrieved));
    expect(ended.typing).toEqual([{ conversationId: alice.sessionId, typing: false }]);
    const again = await pipeline.receive([startedAgain].map(retrieved));
    expect(again.typing).toEqual([{ conversationId: alice.sessionId, typing: true }]);
  });

  it('drops a message whose unsend request came first', async () => {
    const [message, unsend] = await Promise.all([
      send(alice, { dataMessage: { body: 'too late' } }, startTime),
      send(alice, { unsendRequest: { timestamp: startTime, author: alice.sessionId } }, startTime + 1),
    ]);
    await pipeline.receive([retrieved(unsend)]);
    const late = retrieved(message);
    const outcome = await pipeline.receive([late]);
    expect(outcome.added).toEqual([]);
    expect(outcome.ownSwarmDeletes).toEqual([late.hash]);
    expect(messages.page(alice.sessionId, 10)).toEqual([]);
  });

  it('drops everything from a blocked sender', async () => {
    conversations.ensure(mallory.sessionId, 'blocked', startTime);
    const frame = await send(mallory, { dataMessage: { body: 'let me in' } }, startTime);
    const outcome = await pipeline.receive([retrieved(frame)]);
    expect(outcome.added).toEqual([]);
    expect(messages.page(mallory.sessionId, 10)).toEqual([]);
    expect(pipeline.statistics.ignored).toBe(1);
  });

  it('applies a reaction and an unsend that come in the same batch as their message', async () => {
    const frames = await Promise.all([
      send(alice, { dataMessage: { body: 'short-lived' } }, startTime),
      send(
        alice,
        { dataMessage: { reaction: { id: startTime, author: alice.sessionId, emoji: '🎉', action: 0 } } },
        startTime + 1,
      ),
      send(alice, { unsendRequest: { timestamp: startTime, author: alice.sessionId } }, startTime + 2),
    ]);
    const message = retrieved(frames[0]!);
    const outcome = await pipeline.receive([message, retrieved(frames[1]!), retrieved(frames[2]!)]);
    const [stored] = messages.page(alice.sessionId, 10);
    expect(stored).toMatchObject({ body: null, unsent: true });
    expect(messages.reactions(stored!.id)).toEqual([]);
    expect(outcome.ownSwarmDeletes).toEqual([message.hash]);
  });
});
