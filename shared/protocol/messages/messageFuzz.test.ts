// Mutates valid wire messages and checks that every failure is one of the message layer's typed
// errors (messageErrors.ts), never a stray TypeError/RangeError from a decoder or libsodium. Anyone
// may store into namespace 0, and with a key pair of their own anyone can sign any plaintext, so both
// the outer layers and the signed inner bytes are fuzzed. A seeded generator makes every case
// reproducible; each run is bounded in cases and in time.
import { describe, expect, it } from 'vitest';
import { readVector } from '../../../test/vectors';
import { fromHex } from '../bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../identity/keys';
import {
  type Content,
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
  SessionProtos,
} from './codec';
import { isMessageError } from './messageErrors';
import {
  decryptForRecipient,
  encryptForRecipient,
  padMessage,
  unwrapOneToOneMessage,
  wrapOneToOneMessage,
} from './sessionProtocol';

type Random = () => number;

/** mulberry32: small, fast and seedable; not for anything but tests. */
function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}

function integer(random: Random, below: number): number {
  return Math.floor(random() * below);
}

function randomBytes(random: Random, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => integer(random, 256));
}

const mutations: Record<string, (bytes: Uint8Array, random: Random) => Uint8Array> = {
  flipBits(bytes, random) {
    const copy = bytes.slice();
    for (let flips = 1 + integer(random, 3); flips > 0 && copy.length > 0; flips -= 1) {
      const index = integer(random, copy.length);
      copy[index] = copy[index]! ^ (1 << integer(random, 8));
    }
    return copy;
  },
  setByte(bytes, random) {
    const copy = bytes.slice();
    if (copy.length > 0) {
      // Values that tend to matter: varint continuation, zero, all ones, the padding marker.
      copy[integer(random, copy.length)] = [0x00, 0x7f, 0x80, 0xff, integer(random, 256)][
        integer(random, 5)
      ]!;
    }
    return copy;
  },
  truncate(bytes, random) {
    return bytes.slice(0, integer(random, bytes.length + 1));
  },
  dropHead(bytes, random) {
    return bytes.slice(integer(random, bytes.length + 1));
  },
  extend(bytes, random) {
    const tail = randomBytes(random, 1 + integer(random, 24));
    const joined = new Uint8Array(bytes.length + tail.length);
    joined.set(bytes);
    joined.set(tail, bytes.length);
    return joined;
  },
  insert(bytes, random) {
    const at = integer(random, bytes.length + 1);
    const inserted = randomBytes(random, 1 + integer(random, 8));
    const joined = new Uint8Array(bytes.length + inserted.length);
    joined.set(bytes.subarray(0, at));
    joined.set(inserted, at);
    joined.set(bytes.subarray(at), at + inserted.length);
    return joined;
  },
  deleteRun(bytes, random) {
    const at = integer(random, bytes.length + 1);
    const length = 1 + integer(random, 8);
    const joined = new Uint8Array(Math.max(0, bytes.length - length));
    joined.set(bytes.subarray(0, at).subarray(0, joined.length));
    joined.set(bytes.subarray(at + length), Math.min(at, joined.length));
    return joined;
  },
  overwriteRun(bytes, random) {
    const copy = bytes.slice();
    const at = integer(random, copy.length + 1);
    copy.set(randomBytes(random, Math.min(1 + integer(random, 16), copy.length - at)), at);
    return copy;
  },
  random(_, random) {
    return randomBytes(random, integer(random, 400));
  },
};
const mutationNames = Object.keys(mutations);

function mutate(bytes: Uint8Array, random: Random): Uint8Array {
  let result = bytes;
  for (let rounds = 1 + integer(random, 2); rounds > 0; rounds -= 1) {
    result = mutations[mutationNames[integer(random, mutationNames.length)]!]!(result, random);
  }
  return result;
}

interface FuzzReport {
  readonly cases: number;
  readonly outcomes: Map<string, number>;
  readonly strays: string[];
}

/**
 * Runs `attempt` on up to `cases` mutations of the corpus, stopping early after `budgetMs`. A case
 * passes when it succeeds or fails with a message error; anything else is recorded as a stray.
 */
async function fuzz(
  seed: number,
  corpus: readonly Uint8Array[],
  cases: number,
  budgetMs: number,
  attempt: (bytes: Uint8Array) => unknown,
): Promise<FuzzReport> {
  const random = seededRandom(seed);
  const outcomes = new Map<string, number>();
  const strays: string[] = [];
  const deadline = Date.now() + budgetMs;
  let done = 0;
  for (; done < cases && Date.now() < deadline; done += 1) {
    const mutated = mutate(corpus[integer(random, corpus.length)]!, random);
    let outcome = 'ok';
    try {
      await attempt(mutated);
    } catch (error) {
      if (isMessageError(error)) {
        outcome = error.code;
      } else {
        outcome = 'stray';
        strays.push(`case ${done} (seed ${seed}): ${String(error)}`);
      }
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return { cases: done, outcomes, strays };
}

function expectOnlyTypedErrors(report: FuzzReport, minimumCases: number): void {
  expect(report.strays).toEqual([]);
  expect(report.cases).toBeGreaterThanOrEqual(minimumCases);
}

const timestampMs = 1_700_000_000_000;

const contents: Content[] = [
  { dataMessage: { body: 'hello' } },
  {
    dataMessage: {
      body: 'with everything',
      attachments: [{ id: 12345, key: new Uint8Array(64), digest: new Uint8Array(32), size: 10, url: 'u' }],
      quote: { id: timestampMs - 1, author: '05' + '11'.repeat(32), text: 'q' },
      preview: [{ url: 'https://example.org', title: 't' }],
      reaction: { id: timestampMs - 2, author: '05' + '22'.repeat(32), emoji: '👍', action: 0 },
      profile: { displayName: 'Mallory', profilePicture: 'p', lastProfileUpdateSeconds: 1 },
      openGroupInvitation: { url: 'https://x/y?public_key=00', name: 'y' },
      syncTarget: '05' + '33'.repeat(32),
      blocksCommunityMessageRequests: true,
    },
    expirationType: 2,
    expirationTimer: 3600,
  },
  { receiptMessage: { type: 1, timestamp: [timestampMs, timestampMs - 5] } },
  { typingMessage: { timestamp: timestampMs, action: 0 } },
  { unsendRequest: { timestamp: timestampMs, author: '05' + '44'.repeat(32) } },
  { callMessage: { type: 1, sdps: ['v=0'], sdpMLineIndexes: [0], sdpMids: ['0'], uuid: 'u' } },
  { sharedConfigMessage: { kind: 1, seqno: 4, data: new Uint8Array(64).fill(1) } },
];

async function accounts(): Promise<{ sender: IdentityKeys; recipient: IdentityKeys }> {
  return {
    sender: await deriveIdentityKeys(fromHex('0123456789abcdef0123456789abcdef')),
    recipient: await deriveIdentityKeys(fromHex('f887566576de6c16d9ec251d55e24c14')),
  };
}

describe('fuzzing the one-to-one wire format', () => {
  it('decoders fail on mutated protobuf only with malformedMessage', async () => {
    const corpus = [
      ...contents.map(encodeContent),
      encodeEnvelope({
        type: 6,
        timestamp: timestampMs,
        content: new Uint8Array(40).fill(7),
        sourceDevice: 1,
      }),
      encodeWebSocketMessage({
        type: SessionProtos.WebSocketMessage.Type.REQUEST,
        request: {
          verb: 'PUT',
          path: '/api/v1/message',
          body: new Uint8Array(20),
          id: 2 ** 40,
          headers: ['a'],
        },
      }),
    ];
    const decoders = [decodeContent, decodeEnvelope, decodeWebSocketMessage];
    let decoder = 0;
    const report = await fuzz(1, corpus, 6000, 8000, (bytes) => {
      decoder = (decoder + 1) % decoders.length;
      return decoders[decoder]!(bytes);
    });
    expectOnlyTypedErrors(report, 1000);
    expect([...report.outcomes.keys()].sort()).toEqual(['malformedMessage', 'ok']);
  });

  it('unwrapping mutated storage messages fails only with typed errors', async () => {
    const { sender, recipient } = await accounts();
    const corpus = [fromHex(readVector('captured-config-message.hex').trim())];
    for (const content of contents) {
      corpus.push(
        await wrapOneToOneMessage({ content, recipientSessionId: recipient.sessionId, timestampMs }, sender),
      );
    }
    const report = await fuzz(2, corpus, 2500, 8000, (bytes) => unwrapOneToOneMessage(bytes, recipient));
    expectOnlyTypedErrors(report, 500);
    // The mutations reach past the frame: some break the box, some only the outer layers, and some
    // leave the message intact (bytes appended after the frame are an unknown field… or not).
    expect(report.outcomes.get('malformedMessage')).toBeGreaterThan(0);
    expect(report.outcomes.get('decryptionFailed')).toBeGreaterThan(0);
  });

  it('decrypting mutated boxes fails only with typed errors', async () => {
    const { sender, recipient } = await accounts();
    const corpus: Uint8Array[] = [];
    for (const content of contents) {
      corpus.push(
        await encryptForRecipient(padMessage(encodeContent(content)), sender, recipient.x25519PublicKey),
      );
    }
    const report = await fuzz(3, corpus, 1500, 6000, (bytes) => decryptForRecipient(bytes, recipient));
    expectOnlyTypedErrors(report, 300);
  });

  it('validly signed but hostile plaintext fails only with typed errors', async () => {
    // What a malicious sender can do: sign and seal arbitrary bytes in place of padded Content.
    const { sender, recipient } = await accounts();
    const corpus = contents.flatMap((content) => [
      encodeContent(content),
      padMessage(encodeContent(content)),
    ]);
    const report = await fuzz(4, corpus, 1500, 8000, async (plaintext) => {
      const sealed = await encryptForRecipient(plaintext, sender, recipient.x25519PublicKey);
      const envelope = encodeEnvelope({
        type: SessionProtos.Envelope.Type.SESSION_MESSAGE,
        timestamp: timestampMs,
        content: sealed,
      });
      const frame = encodeWebSocketMessage({
        type: SessionProtos.WebSocketMessage.Type.REQUEST,
        request: { body: envelope },
      });
      return unwrapOneToOneMessage(frame, recipient);
    });
    expectOnlyTypedErrors(report, 300);
    expect(report.outcomes.get('ok')).toBeGreaterThan(0);
    expect(report.outcomes.get('malformedMessage')).toBeGreaterThan(0);
  });
});
