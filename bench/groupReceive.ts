// Group message receive rate on one core (protocol-config-groups.md §6.5): what a poll of a group's
// namespace 11 costs from its bytes to committed rows (ReceivePipeline.receive with a MessageSource
// whose `open` is openGroupContent, as core/groups/groups.ts wires it), next to two bounds measured
// in the same run: openGroupContent alone (decrypt, unpad, read the dict, verify, decode), and the
// raw cryptography of §6.5 step 7 alone (XChaCha20-Poly1305 open + Ed25519 verify_detached) on the
// same messages. 2,000 text messages of 20–300 characters from the 9 other members of a 10-member
// group, sealed with a key the receiver opened from a real Keys message, fed in batches of 100.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zstdCompressor } from '../core/config/zstdCompressor';
import { createLogger, memorySink } from '../core/logging/logger';
import { textContent } from '../core/messaging/outgoingContent';
import { type MessageSource, ReceivePipeline } from '../core/messaging/receivePipeline';
import type { RetrievedMessage } from '../core/polling/swarmPoller';
import { ConversationRepository } from '../core/store/conversationRepository';
import { openDatabase } from '../core/store/database';
import { MessageRepository } from '../core/store/messageRepository';
import { migrations } from '../core/store/migrations';
import { OutboxRepository } from '../core/store/outboxRepository';
import { toBase64Unpadded } from '../shared/protocol/base64';
import { concatBytes, randomBytes, toHex } from '../shared/protocol/bytes';
import { decodeBt, isBtDict } from '../shared/protocol/config/bencode';
import { openGroupContent, sealGroupContent } from '../shared/protocol/groups/groupEnvelope';
import { GroupKeyring } from '../shared/protocol/groups/groupKeyring';
import { groupSigningKeys } from '../shared/protocol/groups/keyDerivation';
import { deriveIdentityKeys, type IdentityKeys } from '../shared/protocol/identity/keys';
import { namespaces } from '../shared/protocol/storage/namespaces';
import { loadSodium, type Sodium } from '../shared/protocol/sodium';
import { type Measurement, measurementOf, printTable } from './measure';

const messageCount = 2_000;
const memberCount = 10;
const batchSize = 100;
const shortestBody = 20;
const longestBody = 300;
/** Each figure is the median of this many passes (a fresh database for each pipeline pass). */
const passes = 3;
const warmUpMessages = 300;
const day = 24 * 3600 * 1000;
const nonceLength = 24;

const words = (
  'the a to and of you I it is that in for on we have be this with are was at not my just can so do ' +
  'if what me your all will but get about like know up out think time see now there tomorrow crag ' +
  'tonight meeting call later sure thanks great okay sounds good let us when where maybe home work ' +
  'lunch dinner coffee weekend train late early send photo back soon haha yes no really rope belay'
).split(' ');

function randomInt(lowest: number, highest: number): number {
  return lowest + Math.floor(Math.random() * (highest - lowest + 1));
}

/** A chat line of `length` characters made of common words. */
function chatLine(length: number): string {
  let text = '';
  while (text.length < length) text += `${text ? ' ' : ''}${words[randomInt(0, words.length - 1)]}`;
  return `${text.slice(0, length - 1).trimEnd()}.`;
}

/** A storage hash as a retrieve reply carries it: 43 characters of unpadded base64. */
function storageHash(): string {
  return toBase64Unpadded(randomBytes(32));
}

/** What §6.5 step 7 checks of one message, taken apart beforehand for the raw bound. */
interface RawParts {
  readonly nonce: Uint8Array;
  readonly sealed: Uint8Array;
  /** The stored data ‖ the group's public key: what the sender signed (step 3). */
  readonly signed: Uint8Array;
  readonly signature: Uint8Array;
  readonly senderKey: Uint8Array;
  /** Whether the sender kept the zstd form (§6.5 step 2: only when smaller). */
  readonly compressed: boolean;
}

interface Prepared {
  readonly groupId: string;
  readonly groupPublicKey: Uint8Array;
  readonly receiver: IdentityKeys;
  /** The receiver's keyring: its one key came from the admin's Keys message, as a member's does. */
  readonly keyring: GroupKeyring;
  readonly messages: readonly RetrievedMessage[];
  readonly raw: readonly RawParts[];
  readonly compressedCount: number;
}

function bytesOf(dict: ReadonlyMap<string, unknown>, key: string): Uint8Array | undefined {
  const value = dict.get(key);
  return value instanceof Uint8Array ? value : undefined;
}

/** Opens one message the long way once, to keep the pieces the raw bound works on. */
function rawParts(sodium: Sodium, data: Uint8Array, key: Uint8Array, groupPublicKey: Uint8Array): RawParts {
  const nonce = data.subarray(0, nonceLength);
  const sealed = data.subarray(nonceLength);
  const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key);
  let end = padded.length;
  while (end > 0 && padded[end - 1] === 0) end -= 1;
  const dict = decodeBt(padded.subarray(0, end), 2);
  if (!isBtDict(dict)) throw new Error('a benchmark message holds no dict');
  const compressed = bytesOf(dict, 'z');
  const stored = bytesOf(dict, 'd') ?? compressed;
  const signature = bytesOf(dict, 's');
  const senderKey = bytesOf(dict, 'a');
  if (!stored || !signature || !senderKey) throw new Error('a benchmark message lacks a field');
  return {
    nonce,
    sealed,
    signed: concatBytes(stored, groupPublicKey),
    signature,
    senderKey,
    compressed: compressed !== undefined,
  };
}

async function prepare(sodium: Sodium): Promise<Prepared> {
  const seed = randomBytes(32);
  const groupPublicKey = (await groupSigningKeys(seed)).publicKey;
  const groupId = `03${toHex(groupPublicKey)}`;
  const members = await Promise.all(
    Array.from({ length: memberCount }, () => deriveIdentityKeys(randomBytes(16))),
  );
  const [receiver, ...senders] = members as [IdentityKeys, ...IdentityKeys[]];
  // §6.2: the admin's full rekey for all ten; the receiver opens its key from that message.
  const admin = await GroupKeyring.create({ groupEd25519PublicKey: groupPublicKey, groupSeed: seed });
  const keysMessage = await admin.rekey(
    members.map((member) => member.sessionId),
    Date.now(),
  );
  const keyring = await GroupKeyring.create({
    groupEd25519PublicKey: groupPublicKey,
    ownX25519SecretKey: receiver.x25519SecretKey,
    ownX25519PublicKey: receiver.x25519PublicKey,
  });
  await keyring.loadKeyMessage(storageHash(), keysMessage, Date.now());
  const encryptionKey = admin.encryptionKey()!;
  if (keyring.decryptionKeys().length !== 1) throw new Error('the receiver did not open its group key');

  const start = Date.now() - messageCount * 1_000;
  const messages: RetrievedMessage[] = [];
  const raw: RawParts[] = [];
  let compressedCount = 0;
  for (let index = 0; index < messageCount; index += 1) {
    const senderIndex = index % senders.length;
    const sender = senders[senderIndex]!;
    // Sent times are unique per author (a message is named by author and sent time).
    const sentAt = start + index * 1_000 + randomInt(0, 999);
    const data = await sealGroupContent({
      content: textContent({
        text: chatLine(randomInt(shortestBody, longestBody)),
        profile: { displayName: `Member ${senderIndex + 1}` },
        disappearing: { mode: 'off', seconds: 0 },
      }),
      sentAt,
      groupEd25519PublicKey: groupPublicKey,
      encryptionKey,
      senderEd25519SecretKey: sender.ed25519SecretKey,
      compressor: zstdCompressor,
    });
    const parts = rawParts(sodium, data, encryptionKey, groupPublicKey);
    raw.push(parts);
    if (parts.compressed) compressedCount += 1;
    const timestamp = sentAt + randomInt(20, 400);
    messages.push({
      hash: storageHash(),
      namespace: namespaces.groupMessages,
      timestamp,
      expiration: timestamp + 14 * day,
      data,
    });
  }
  return { groupId, groupPublicKey, receiver, keyring, messages, raw, compressedCount };
}

/** §6.5 step 7's cryptography and nothing else: the AEAD open and the sender's signature. */
function rawOpen(sodium: Sodium, parts: RawParts, key: Uint8Array): void {
  sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, parts.sealed, null, parts.nonce, key);
  if (!sodium.crypto_sign_verify_detached(parts.signature, parts.signed, parts.senderKey)) {
    throw new Error('a benchmark message did not verify');
  }
}

function rawPass(sodium: Sodium, prepared: Prepared): Measurement {
  const key = prepared.keyring.decryptionKeys()[0]!;
  const durations: number[] = [];
  const begin = performance.now();
  for (const parts of prepared.raw) {
    const before = performance.now();
    rawOpen(sodium, parts, key);
    durations.push(performance.now() - before);
  }
  return measurementOf(
    'XChaCha20-Poly1305 open + Ed25519 verify (raw bound)',
    durations,
    performance.now() - begin,
  );
}

/** The other cryptography of §6.5 step 7.3: the author's Ed25519 key → X25519 (their Session ID). */
function conversionPass(sodium: Sodium, prepared: Prepared): Measurement {
  const durations: number[] = [];
  const begin = performance.now();
  for (const parts of prepared.raw) {
    const before = performance.now();
    sodium.crypto_sign_ed25519_pk_to_curve25519(parts.senderKey);
    durations.push(performance.now() - before);
  }
  return measurementOf(
    'ed25519_pk_to_curve25519 (author → Session ID)',
    durations,
    performance.now() - begin,
  );
}

function openOptions(prepared: Prepared): Parameters<typeof openGroupContent>[1] {
  return {
    groupEd25519PublicKey: prepared.groupPublicKey,
    keys: prepared.keyring.decryptionKeys(),
    compressor: zstdCompressor,
  };
}

async function openPass(prepared: Prepared): Promise<Measurement> {
  const durations: number[] = [];
  const begin = performance.now();
  for (const message of prepared.messages) {
    const before = performance.now();
    // As groups.ts does it: the keyring's keys are asked for each message.
    await openGroupContent(message.data, openOptions(prepared));
    durations.push(performance.now() - before);
  }
  return measurementOf('openGroupContent (decrypt + verify + decode)', durations, performance.now() - begin);
}

/** The MessageSource core/groups/groups.ts gives the pipeline for a group's swarm. */
function groupSource(prepared: Prepared): MessageSource {
  return {
    groupId: prepared.groupId,
    open: async (retrieved) => {
      const opened = await openGroupContent(retrieved.data, openOptions(prepared));
      return {
        content: opened.content,
        senderSessionId: opened.senderSessionId,
        senderEd25519PublicKey: opened.senderEd25519PublicKey,
        timestampMs: opened.sentAt,
      };
    },
  };
}

interface PipelinePass {
  readonly row: Measurement;
  readonly messagesPerSecond: number;
}

/** A fresh encrypted database holding the accepted group, fed `messages`; checks all were stored. */
async function pipelinePass(
  directory: string,
  prepared: Prepared,
  messages: readonly RetrievedMessage[],
): Promise<PipelinePass> {
  const file = path.join(directory, `group-receive-${toHex(randomBytes(4))}.sqlite`);
  const database = openDatabase({ file, key: randomBytes(32), migrations });
  try {
    const conversations = new ConversationRepository(database);
    conversations.ensure(prepared.groupId, 'accepted', Date.now());
    const pipeline = new ReceivePipeline({
      database,
      messages: new MessageRepository(database),
      conversations,
      outbox: new OutboxRepository(database),
      keys: prepared.receiver,
      logger: createLogger({ sink: memorySink(), level: 'warn' }),
      now: () => Date.now(),
    });
    const source = groupSource(prepared);
    const durations: number[] = [];
    const begin = performance.now();
    for (let start = 0; start < messages.length; start += batchSize) {
      const before = performance.now();
      const outcome = await pipeline.receive(messages.slice(start, start + batchSize), source);
      durations.push(performance.now() - before);
      if (outcome.added.length !== Math.min(batchSize, messages.length - start)) {
        throw new Error(
          `a batch added ${outcome.added.length} messages: ${JSON.stringify(pipeline.statistics)}`,
        );
      }
    }
    const totalMs = performance.now() - begin;
    const stored = database
      .prepare('SELECT count(*) AS count FROM messages WHERE conversation_id = ?')
      .get(prepared.groupId) as { count: number };
    if (stored.count !== messages.length) {
      throw new Error(`the group holds ${stored.count} of ${messages.length} messages`);
    }
    pipeline.close();
    return {
      row: measurementOf(`ReceivePipeline.receive, batch of ${batchSize}`, durations, totalMs, batchSize),
      messagesPerSecond: (messages.length / totalMs) * 1000,
    };
  } finally {
    database.close();
  }
}

function median<Item>(items: readonly Item[], rate: (item: Item) => number): Item {
  return [...items].sort((left, right) => rate(left) - rate(right))[Math.floor(items.length / 2)]!;
}

export async function groupReceiveBenchmark(): Promise<void> {
  const sodium = await loadSodium();
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-groups-'));
  try {
    const prepareBegin = performance.now();
    const prepared = await prepare(sodium);
    const sizes = prepared.messages.map((message) => message.data.length);
    console.log(
      `\ngroups: ${messageCount} group messages from ${memberCount - 1} members prepared in ` +
        `${((performance.now() - prepareBegin) / 1000).toFixed(1)} s (bodies ${shortestBody}–${longestBody} ` +
        `characters; stored ${Math.min(...sizes)}–${Math.max(...sizes)} bytes; ` +
        `${prepared.compressedCount} kept compressed)`,
    );

    // Warm-up: compile every path before any clock runs.
    const key = prepared.keyring.decryptionKeys()[0]!;
    for (const parts of prepared.raw.slice(0, warmUpMessages)) rawOpen(sodium, parts, key);
    await pipelinePass(directory, prepared, prepared.messages.slice(0, warmUpMessages));

    const rounds: { raw: Measurement; conversion: Measurement; open: Measurement; pipeline: PipelinePass }[] =
      [];
    for (let pass = 0; pass < passes; pass += 1) {
      rounds.push({
        raw: rawPass(sodium, prepared),
        conversion: conversionPass(sodium, prepared),
        open: await openPass(prepared),
        pipeline: await pipelinePass(directory, prepared, prepared.messages),
      });
    }
    const perSecond = (item: Measurement): number => item.perSecond;
    const raw = median(
      rounds.map((round) => round.raw),
      perSecond,
    );
    const conversion = median(
      rounds.map((round) => round.conversion),
      perSecond,
    );
    const open = median(
      rounds.map((round) => round.open),
      perSecond,
    );
    const pipeline = median(
      rounds.map((round) => round.pipeline),
      (item) => item.messagesPerSecond,
    );
    printTable(
      `Group message receive, one core (${messageCount} messages, ${memberCount}-member group, median of ${passes} passes)`,
      [raw, conversion, open, pipeline.row],
    );
    const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;
    // decryptGroupMessage also turns the author's key into a Session ID: the bound with it included.
    const withConversion = 1 / (1 / raw.perSecond + 1 / conversion.perSecond);
    console.log(
      `\ngroup receive: pipeline ${Math.round(pipeline.messagesPerSecond)} msg/s committed (passes: ` +
        `${rounds.map((round) => Math.round(round.pipeline.messagesPerSecond)).join(', ')}); ` +
        `openGroupContent alone ${Math.round(open.perSecond)} msg/s; raw crypto bound ` +
        `${Math.round(raw.perSecond)} msg/s (${Math.round(withConversion)} msg/s with the key conversion). ` +
        `Pipeline = ${percent(pipeline.messagesPerSecond / raw.perSecond)} of the raw bound, ` +
        `${percent(pipeline.messagesPerSecond / withConversion)} of the bound with the conversion, ` +
        `${percent(pipeline.messagesPerSecond / open.perSecond)} of openGroupContent; ` +
        `openGroupContent = ${percent(open.perSecond / raw.perSecond)} of the raw bound, ` +
        `${percent(open.perSecond / withConversion)} of the bound with the conversion`,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
