// Receive throughput on one core: what a poll's retrieve response costs from its bytes to committed
// rows (ReceivePipeline.receive: decode, decrypt and verify, interpret, one transaction per batch),
// next to the bound set by the cryptography alone (crypto_box_seal_open + crypto_sign_verify_detached
// on the same messages). 5,000 text messages of 20–300 characters from 50 senders to one account,
// fed in batches of 100 (a poll's worth) to a fresh encrypted database.
import { BatchOpening } from '../core/messaging/batchOpening';
import { CryptoWorkers, defaultWorkerCount, type MessageOpener } from '../core/workers/cryptoWorkers';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, memorySink } from '../core/logging/logger';
import { interpretMessage } from '../core/messaging/incomingContent';
import { textContent } from '../core/messaging/outgoingContent';
import { ReceivePipeline } from '../core/messaging/receivePipeline';
import { requestLimits } from '../core/messaging/requests';
import type { RetrievedMessage } from '../core/polling/swarmPoller';
import { ConversationRepository } from '../core/store/conversationRepository';
import { openDatabase, type SqliteDatabase } from '../core/store/database';
import { MessageRepository } from '../core/store/messageRepository';
import { migrations } from '../core/store/migrations';
import { OutboxRepository } from '../core/store/outboxRepository';
import { concatBytes } from '../shared/protocol/bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../shared/protocol/identity/keys';
import {
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
} from '../shared/protocol/messages/codec';
import {
  type IncomingOneToOneMessage,
  padMessage,
  unpadMessage,
  unwrapOneToOneMessage,
  wrapOneToOneMessage,
} from '../shared/protocol/messages/sessionProtocol';
import { loadSodium, type Sodium, switchCryptoForBenchmark } from '../shared/protocol/sodium';
import { implementations } from './crypto';
import { type Measurement, percentile, printTable } from './measure';

const messageCount = 5_000;
const senderCount = 50;
const batchSize = 100;
/** A catch-up's poll reply: what the crypto workers' pass hands the pipeline at once. */
const workerBatchSize = 1_000;
const shortestBody = 20;
const longestBody = 300;
/** Each figure is the median of this many passes (a fresh database for each pipeline pass). */
const passes = 3;
const warmUpMessages = 500;
const targetRatio = 0.7;
const day = 24 * 3600 * 1000;
const trailerBytes = 32 + 64;

const words = (
  'the a to and of you I it is that in for on we have be this with are was at not my just can so do ' +
  'if what me your be all will but get about like know up out think time see now there tomorrow ' +
  'tonight meeting call later sure thanks great okay sounds good let us when where maybe home work ' +
  'lunch dinner coffee weekend train late early send photo message back soon love haha yes no really ' +
  'please sorry problem idea plan ready done today morning night week month could would should'
).split(' ');

const names = (
  'Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia Peggy Rupert Sybil ' +
  'Trent Victor Walter Yara'
).split(' ');

function randomInt(lowest: number, highest: number): number {
  return lowest + Math.floor(Math.random() * (highest - lowest + 1));
}

/** A chat line of `length` characters made of common words. */
function body(length: number): string {
  let text = '';
  while (text.length < length) text += `${text ? ' ' : ''}${words[randomInt(0, words.length - 1)]}`;
  return `${text.slice(0, length - 1).trimEnd()}.`;
}

/** A storage hash as a retrieve reply carries it: 43 characters of unpadded base64. */
function storageHash(): string {
  return randomBytes(32).toString('base64').slice(0, 43);
}

interface Prepared {
  readonly recipient: IdentityKeys;
  readonly messages: readonly RetrievedMessage[];
  /** The sealed boxes inside the messages' envelopes, for the crypto bound. */
  readonly sealed: readonly Uint8Array[];
  /** Each message's sender's Ed25519 key, as the box carries it. */
  readonly senderKeys: readonly Uint8Array[];
  /** Each message's padded Content, as the box carries it. */
  readonly padded: readonly Uint8Array[];
  readonly bodyCharacters: number;
}

async function prepare(): Promise<Prepared> {
  const recipient = await deriveIdentityKeys(randomBytes(16));
  const senders = await Promise.all(
    Array.from({ length: senderCount }, () => deriveIdentityKeys(randomBytes(16))),
  );
  const start = Date.now() - messageCount * 1_000;
  const messages: RetrievedMessage[] = [];
  const sealed: Uint8Array[] = [];
  const senderKeys: Uint8Array[] = [];
  const padded: Uint8Array[] = [];
  let bodyCharacters = 0;
  for (let index = 0; index < messageCount; index += 1) {
    const senderIndex = randomInt(0, senderCount - 1);
    const text = body(randomInt(shortestBody, longestBody));
    bodyCharacters += text.length;
    // Sent times are unique per author (a message is named by author and sent time).
    const sentAt = start + index * 1_000 + randomInt(0, 999);
    const content = textContent({
      text,
      profile: { displayName: `${names[senderIndex % names.length]} ${senderIndex}` },
      disappearing: { mode: 'off', seconds: 0 },
    });
    const data = await wrapOneToOneMessage(
      { content, recipientSessionId: recipient.sessionId, timestampMs: sentAt },
      senders[senderIndex]!,
    );
    // What wrapOneToOneMessage sealed, for the decoding pass.
    padded.push(padMessage(encodeContent({ ...content, sigTimestamp: sentAt })));
    const timestamp = sentAt + randomInt(20, 400);
    messages.push({ hash: storageHash(), namespace: 0, timestamp, expiration: timestamp + 14 * day, data });
    sealed.push(decodeEnvelope(decodeWebSocketMessage(data).request!.body!).content!);
    senderKeys.push(senders[senderIndex]!.ed25519PublicKey);
  }
  return { recipient, messages, sealed, senderKeys, padded, bodyCharacters };
}

/** What decryptForRecipient's cryptography costs: open the sealed box, check the signature. */
function openAndVerify(sodium: Sodium, box: Uint8Array, recipient: IdentityKeys): void {
  const plaintext = sodium.crypto_box_seal_open(box, recipient.x25519PublicKey, recipient.x25519SecretKey);
  const messageEnd = plaintext.length - trailerBytes;
  const senderKey = plaintext.subarray(messageEnd, messageEnd + 32);
  const signed = concatBytes(plaintext.subarray(0, messageEnd), senderKey, recipient.x25519PublicKey);
  if (!sodium.crypto_sign_verify_detached(plaintext.subarray(messageEnd + 32), signed, senderKey)) {
    throw new Error('a benchmark message did not verify');
  }
}

/** Per-run durations (ms) → a table row; `perSecond` counts messages. */
function row(name: string, durations: number[], totalMs: number, messagesPerRun: number): Measurement {
  durations.sort((left, right) => left - right);
  return {
    name,
    runs: durations.length,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    perSecond: ((durations.length * messagesPerRun) / totalMs) * 1000,
  };
}

function cryptoPass(sodium: Sodium, prepared: Prepared): Measurement {
  const durations: number[] = [];
  const begin = performance.now();
  for (const box of prepared.sealed) {
    const before = performance.now();
    openAndVerify(sodium, box, prepared.recipient);
    durations.push(performance.now() - before);
  }
  return row('seal_open + verify_detached (crypto bound)', durations, performance.now() - begin, 1);
}

/** The other cryptography of decryptForRecipient: the sender's Ed25519 key → X25519 (its Session ID). */
function keyConversionPass(sodium: Sodium, prepared: Prepared): Measurement {
  const durations: number[] = [];
  const begin = performance.now();
  for (const key of prepared.senderKeys) {
    const before = performance.now();
    sodium.crypto_sign_ed25519_pk_to_curve25519(key);
    durations.push(performance.now() - before);
  }
  return row('ed25519_pk_to_curve25519 (sender key → Session ID)', durations, performance.now() - begin, 1);
}

/** The rest of unwrapOneToOneMessage: the frame, the envelope, unpadding and the Content. */
function decodePass(prepared: Prepared): Measurement {
  const durations: number[] = [];
  const begin = performance.now();
  prepared.messages.forEach((message, index) => {
    const before = performance.now();
    decodeEnvelope(decodeWebSocketMessage(message.data).request!.body!);
    decodeContent(unpadMessage(prepared.padded[index]!));
    durations.push(performance.now() - before);
  });
  return row('protobuf decode (frame, envelope, Content) + unpad', durations, performance.now() - begin, 1);
}

async function unwrapPass(
  prepared: Prepared,
): Promise<{ row: Measurement; opened: IncomingOneToOneMessage[] }> {
  const durations: number[] = [];
  const opened: IncomingOneToOneMessage[] = [];
  const begin = performance.now();
  for (const message of prepared.messages) {
    const before = performance.now();
    opened.push(await unwrapOneToOneMessage(message.data, prepared.recipient));
    durations.push(performance.now() - before);
  }
  const total = performance.now() - begin;
  return { row: row('unwrapOneToOneMessage (decode + decrypt + verify)', durations, total, 1), opened };
}

function interpretPass(opened: readonly IncomingOneToOneMessage[], ownSessionId: string): Measurement {
  const durations: number[] = [];
  const begin = performance.now();
  for (const message of opened) {
    const before = performance.now();
    interpretMessage(message, ownSessionId);
    durations.push(performance.now() - before);
  }
  return row('interpretMessage', durations, performance.now() - begin, 1);
}

/**
 * The database as the pipeline sees it, with the time spent in its outermost transactions added up:
 * that is the commit stage (the pipeline writes a whole batch in one transaction; the repositories'
 * own transactions nest inside it as savepoints).
 */
function timedTransactions(database: SqliteDatabase): {
  database: SqliteDatabase;
  commitMs: () => number;
  commitCpuMs: () => number;
} {
  let commitMs = 0;
  let commitCpuMs = 0;
  let depth = 0;
  const proxy = new Proxy(database, {
    get(target, property) {
      if (property === 'transaction') {
        return (work: (...args: unknown[]) => unknown) => {
          const transaction = target.transaction(work);
          return (...args: unknown[]) => {
            const before = performance.now();
            const cpuBefore = processCpuMs();
            depth += 1;
            try {
              return transaction(...args);
            } finally {
              depth -= 1;
              if (depth === 0) {
                commitMs += performance.now() - before;
                commitCpuMs += processCpuMs() - cpuBefore;
              }
            }
          };
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { database: proxy, commitMs: () => commitMs, commitCpuMs: () => commitCpuMs };
}

/**
 * The CPU time this process has used (ms): on cores shared with other work, the commit's own cost
 * (its clock time counts the time other processes took the core too).
 */
function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Times the pipeline's opening of its slices (decode, decrypt, verify: its private BatchOpening)
 * from outside. With crypto workers it is the time waited for them, not this thread's work.
 */
function timeOpen(pipeline: ReceivePipeline): () => number {
  const opening = (pipeline as unknown as { opening?: BatchOpening }).opening;
  if (!(opening instanceof BatchOpening))
    throw new Error('ReceivePipeline has no `opening` step any more: update the benchmark');
  const open = opening.open.bind(opening);
  let openMs = 0;
  opening.open = async (...args) => {
    const before = performance.now();
    try {
      return await open(...args);
    } finally {
      openMs += performance.now() - before;
    }
  };
  return () => openMs;
}

interface PipelinePass {
  readonly row: Measurement;
  readonly messagesPerSecond: number;
  readonly totalMs: number;
  readonly commitMs: number;
  /** The CPU time of the commit stage (the process's, user and system). */
  readonly commitCpuMs: number;
  readonly droppedCheckMs: number;
  /** Decode, decrypt and verify, as the pipeline does it (its private `open`, wrapped). */
  readonly openMs: number;
}

/** A fresh encrypted database and pipeline, fed `messages` in batches; checks that all were stored. */
async function pipelinePass(
  directory: string,
  prepared: Prepared,
  messages: readonly RetrievedMessage[],
  options: { readonly opener?: MessageOpener; readonly batch?: number } = {},
): Promise<PipelinePass> {
  const batch = options.batch ?? batchSize;
  const file = path.join(directory, `receive-${randomBytes(4).toString('hex')}.sqlite`);
  const database = openDatabase({ file, key: randomBytes(32), migrations });
  try {
    const timed = timedTransactions(database);
    // The check of each hash against the dropped ones, made before decrypting, outside the transaction.
    const repository = new MessageRepository(database);
    const isDropped = repository.isDropped.bind(repository);
    let droppedCheckMs = 0;
    repository.isDropped = (hash) => {
      const before = performance.now();
      try {
        return isDropped(hash);
      } finally {
        droppedCheckMs += performance.now() - before;
      }
    };
    const pipeline = new ReceivePipeline({
      database: timed.database,
      messages: repository,
      conversations: new ConversationRepository(database),
      outbox: new OutboxRepository(database),
      keys: prepared.recipient,
      logger: createLogger({ sink: memorySink(), level: 'warn' }),
      now: () => Date.now(),
      // 100 messages per sender, none of them accepted: above a message request's 50, which would
      // drop half of them. The benchmark times receiving, not the trimming of requests.
      requestLimits: { ...requestLimits, messages: messageCount },
      ...(options.opener ? { opener: options.opener } : {}),
    });
    const openMs = timeOpen(pipeline);
    const durations: number[] = [];
    const begin = performance.now();
    for (let start = 0; start < messages.length; start += batch) {
      const before = performance.now();
      const outcome = await pipeline.receive(messages.slice(start, start + batch));
      durations.push(performance.now() - before);
      if (outcome.added.length !== Math.min(batch, messages.length - start)) {
        throw new Error(
          `a batch added ${outcome.added.length} messages: ${JSON.stringify(pipeline.statistics)}`,
        );
      }
    }
    const totalMs = performance.now() - begin;
    const stored = (database.prepare('SELECT count(*) AS count FROM messages').get() as { count: number })
      .count;
    const conversations = (
      database.prepare('SELECT count(*) AS count FROM conversations').get() as { count: number }
    ).count;
    if (stored !== messages.length || pipeline.statistics.accepted !== messages.length) {
      throw new Error(
        `the pipeline stored ${stored} of ${messages.length} messages: ${JSON.stringify(pipeline.statistics)}`,
      );
    }
    if (conversations > senderCount)
      throw new Error(`${conversations} conversations for ${senderCount} senders`);
    return {
      row: row(
        `ReceivePipeline.receive, batch of ${batch}${options.opener ? ', on crypto workers' : ''}`,
        durations,
        totalMs,
        batch,
      ),
      messagesPerSecond: (messages.length / totalMs) * 1000,
      totalMs,
      commitMs: timed.commitMs(),
      commitCpuMs: timed.commitCpuMs(),
      droppedCheckMs,
      openMs: openMs(),
    };
  } finally {
    database.close();
  }
}

export async function receiveBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-receive-'));
  try {
    const prepareBegin = performance.now();
    const prepared = await prepare();
    console.log(
      `\nreceive: ${messageCount} messages from ${senderCount} senders prepared in ` +
        `${((performance.now() - prepareBegin) / 1000).toFixed(1)} s (bodies ${shortestBody}–${longestBody} ` +
        `characters, mean ${Math.round(prepared.bodyCharacters / messageCount)}; frames ` +
        `${Math.min(...prepared.messages.map((message) => message.data.length))}–` +
        `${Math.max(...prepared.messages.map((message) => message.data.length))} bytes)`,
    );
    // The same messages through the same code on each implementation, native last (the process's
    // own choice, which stays in force after this benchmark).
    const results: { name: string; boundPerSecond: number; pipelinePerSecond: number }[] = [];
    for (const implementation of implementations) {
      switchCryptoForBenchmark(implementation.load);
      results.push(await measureOn(await loadSodium(), prepared, directory));
    }
    const nativeBound = results.find((result) => result.name === 'native')!.boundPerSecond;
    console.log(`\nReceive pipeline, wasm and native side by side (median passes)`);
    console.log(
      '| crypto | seal_open + verify bound (msg/s) | pipeline, committed (msg/s) | of its own bound | of the native bound |',
    );
    console.log('|---|---:|---:|---:|---:|');
    for (const result of results) {
      console.log(
        `| ${result.name} | ${Math.round(result.boundPerSecond)} | ${Math.round(result.pipelinePerSecond)} | ` +
          `${((result.pipelinePerSecond / result.boundPerSecond) * 100).toFixed(1)} % | ` +
          `${((result.pipelinePerSecond / nativeBound) * 100).toFixed(1)} % |`,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Every figure of the benchmark on one implementation; answers its bound and pipeline rates. */
async function measureOn(
  sodium: Sodium,
  prepared: Prepared,
  directory: string,
): Promise<{ name: string; boundPerSecond: number; pipelinePerSecond: number }> {
  // Warm-up: compile every path (and load the wasm) before any clock runs.
  for (const box of prepared.sealed.slice(0, warmUpMessages)) openAndVerify(sodium, box, prepared.recipient);
  await pipelinePass(directory, prepared, prepared.messages.slice(0, warmUpMessages));

  // Every figure is measured once per pass, the passes interleaved, and the median pass reported.
  const rounds: {
    crypto: Measurement;
    conversion: Measurement;
    decode: Measurement;
    unwrap: Measurement;
    interpret: Measurement;
    pipeline: PipelinePass;
  }[] = [];
  for (let pass = 0; pass < passes; pass += 1) {
    const crypto = cryptoPass(sodium, prepared);
    const conversion = keyConversionPass(sodium, prepared);
    const decode = decodePass(prepared);
    const unwrapped = await unwrapPass(prepared);
    const interpret = interpretPass(unwrapped.opened, prepared.recipient.sessionId);
    const pipeline = await pipelinePass(directory, prepared, prepared.messages);
    rounds.push({ crypto, conversion, decode, unwrap: unwrapped.row, interpret, pipeline });
  }
  const middle = <Item>(pick: (round: (typeof rounds)[number]) => Item, rate: (item: Item) => number): Item =>
    [...rounds.map(pick)].sort((left, right) => rate(left) - rate(right))[Math.floor(passes / 2)]!;
  const perSecond = (item: Measurement): number => item.perSecond;
  const crypto = middle((round) => round.crypto, perSecond);
  const conversion = middle((round) => round.conversion, perSecond);
  const decode = middle((round) => round.decode, perSecond);
  const unwrap = middle((round) => round.unwrap, perSecond);
  const interpret = middle((round) => round.interpret, perSecond);
  const pipeline = middle(
    (round) => round.pipeline,
    (item) => item.messagesPerSecond,
  );
  printTable(
    `Receive pipeline, ${sodium.name} crypto, one core (${messageCount} messages from ${senderCount} senders, median of ${passes} passes)`,
    [crypto, conversion, decode, unwrap, interpret, pipeline.row],
  );

  const ratio = pipeline.messagesPerSecond / crypto.perSecond;
  console.log(
    `\ncrypto bound (seal_open + verify) ${Math.round(crypto.perSecond)} msg/s; pipeline ` +
      `${Math.round(pipeline.messagesPerSecond)} msg/s committed (passes: ` +
      `${rounds.map((round) => Math.round(round.pipeline.messagesPerSecond)).join(', ')}), ` +
      `${(ratio * 100).toFixed(1)} % of the bound ` +
      `(${ratio >= targetRatio ? 'meets' : 'misses'} the ${targetRatio * 100} % target); ` +
      `${messageCount} rows stored in each pass`,
  );

  // Per message. Inside the pipeline (median pass), its decode-decrypt-verify step, the dropped-hash
  // checks and the commit (its one transaction per batch) are timed; the split of decryption and
  // interpretation come from the standalone passes; what is left is the pipeline's own glue.
  const us = (ms: number): number => ms * 1000;
  const microsecondsEach = (item: Measurement): number => 1e6 / item.perSecond;
  const total = us(pipeline.totalMs / messageCount);
  const opened = us(pipeline.openMs / messageCount);
  const standalone = microsecondsEach(unwrap);
  const stageRows: [string, number][] = [
    ['decode + decrypt + verify, in the pipeline (its `open`)', opened],
    ['  alone (unwrapOneToOneMessage over the same messages)', standalone],
    ['  of which seal_open + verify_detached (the bound)', microsecondsEach(crypto)],
    // decryptForRecipient remembers each sender key's conversion, so a message pays it only when its
    // sender is new: here once per sender. The pass over every message would count it 100 times.
    [
      `  of which the sender's Ed25519 → X25519 key (once per sender: ` +
        `${microsecondsEach(conversion).toFixed(1)} µs × ${senderCount} of ${messageCount})`,
      (microsecondsEach(conversion) * senderCount) / messageCount,
    ],
    ['  of which protobuf decoding (3 layers) and unpadding', microsecondsEach(decode)],
    [
      'dropped-hash check (one SELECT per message, outside the transaction)',
      us(pipeline.droppedCheckMs / messageCount),
    ],
    ['interpret (interpretMessage, alone)', microsecondsEach(interpret)],
    [`commit (one transaction per batch of ${batchSize})`, us(pipeline.commitMs / messageCount)],
  ];
  const counted = [0, 5, 6, 7].reduce((sum, index) => sum + stageRows[index]![1], 0);
  stageRows.push(['other (pipeline glue, garbage collection; by difference)', total - counted]);
  stageRows.push(['= pipeline, per message', total]);
  console.log(
    `\ncommit: ${us(pipeline.commitMs / messageCount).toFixed(1)} µs a message by the clock, ` +
      `${us(pipeline.commitCpuMs / messageCount).toFixed(1)} µs of CPU (median pass; passes: ` +
      `${rounds.map((round) => us(round.pipeline.commitCpuMs / messageCount).toFixed(1)).join(', ')} µs of CPU)`,
  );
  console.log(`\nWhere a received message's time goes (${sodium.name} crypto, µs per message, median pass)`);
  console.log('| stage | µs per message | share |');
  console.log('|---|---:|---:|');
  for (const [name, value] of stageRows) {
    console.log(`| ${name} | ${value.toFixed(1)} | ${((value / total) * 100).toFixed(0)} % |`);
  }
  if (sodium.name === 'native') await workerPasses(directory, prepared, crypto.perSecond);
  return {
    name: sodium.name,
    boundPerSecond: crypto.perSecond,
    pipelinePerSecond: pipeline.messagesPerSecond,
  };
}

/**
 * The pipeline as the engine runs it: the messages opened on its crypto workers (as many as the
 * engine starts here), while this thread commits. A catch-up's poll reply holds about a thousand
 * messages (a node's reply is at most an eighth of 7.8 MB), handed to the pipeline at once, whose
 * slices of 100 are then opened ahead of their commit; batches of 100 alone would leave nothing to
 * overlap.
 */
async function workerPasses(directory: string, prepared: Prepared, boundPerSecond: number): Promise<void> {
  const size = defaultWorkerCount();
  const workers = await CryptoWorkers.start({ size, logger: createLogger({ sink: memorySink() }) });
  try {
    await pipelinePass(directory, prepared, prepared.messages.slice(0, warmUpMessages), { opener: workers });
    const rates: number[] = [];
    for (let pass = 0; pass < passes; pass += 1) {
      const result = await pipelinePass(directory, prepared, prepared.messages, {
        opener: workers,
        batch: workerBatchSize,
      });
      rates.push(result.messagesPerSecond);
    }
    const median = [...rates].sort((left, right) => left - right)[Math.floor(passes / 2)]!;
    console.log(
      `\nwith ${size} crypto worker${size === 1 ? '' : 's'} (batches of ${workerBatchSize}): ${Math.round(median)} msg/s ` +
        `committed (passes: ${rates.map(Math.round).join(', ')}), ${((median / boundPerSecond) * 100).toFixed(1)} % ` +
        `of the native bound of this run (${median / boundPerSecond >= targetRatio ? 'meets' : 'misses'} the ` +
        `${targetRatio * 100} % target)`,
    );
  } finally {
    await workers.close();
  }
}
