import { describe, expect, it } from 'vitest';
import { readVector } from '../../../test/vectors';
import { concatBytes, fromHex, toHex, utf8Encode } from '../bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../identity/keys';
import { loadSodium } from '../sodium';
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
  encryptForRecipientDeterministic,
  padMessage,
  unpadMessage,
  unwrapOneToOneMessage,
  wrapOneToOneMessage,
} from './sessionProtocol';

// protocol-messages.md §7.
const aliceSeed = '0123456789abcdef0123456789abcdef';
const bobSeed = '00112233445566778899aabbccddeeff';
const capturedAccountSeed = 'f887566576de6c16d9ec251d55e24c14';

async function account(seed: string): Promise<IdentityKeys> {
  return deriveIdentityKeys(fromHex(seed));
}

/** libsession's `pad_message` (§2.2, newer libsession): a multiple of 160, never 0x80 last. */
function padLikeLibsession(content: Uint8Array): Uint8Array {
  const marked = content.length + 1;
  const padded = new Uint8Array(marked + (160 - (marked % 160)));
  padded.set(content);
  padded[content.length] = 0x80;
  return padded;
}

async function expectMessageError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isMessageError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

/** Builds a frame by hand, for receive-side checks that wrapOneToOneMessage refuses to produce. */
async function handmadeMessage(
  content: Content,
  sender: IdentityKeys,
  recipient: IdentityKeys,
  timestampMs: number,
  envelopeType = SessionProtos.Envelope.Type.SESSION_MESSAGE,
): Promise<Uint8Array> {
  const sealed = await encryptForRecipient(
    padMessage(encodeContent(content)),
    sender,
    recipient.x25519PublicKey,
  );
  return encodeWebSocketMessage({
    type: SessionProtos.WebSocketMessage.Type.REQUEST,
    request: {
      body: encodeEnvelope({ type: envelopeType, timestamp: timestampMs, content: sealed }),
    },
  });
}

describe('padding (§2.2)', () => {
  it('pads to the next length ≡ 159 mod 160, like desktop ≤1.17.2', () => {
    const lengths: [number, number][] = [
      [0, 159],
      [1, 159],
      [157, 159],
      [158, 159],
      [159, 319],
      [318, 319],
      [319, 479],
      [522, 639],
    ];
    for (const [length, padded] of lengths) {
      const content = new Uint8Array(length).fill(0x41);
      const result = padMessage(content);
      expect(result.length, `L=${length}`).toBe(padded);
      expect(result[length]).toBe(0x80);
      expect(result.slice(length + 1).every((byte) => byte === 0)).toBe(true);
      expect(toHex(result.slice(0, length))).toBe(toHex(content));
    }
  });

  it('unpads both its own padding and libsession’s', () => {
    for (const length of [0, 1, 5, 158, 159, 160, 318, 319, 522]) {
      const content = Uint8Array.from({ length }, (_, index) => (index * 7 + 1) % 256);
      expect(toHex(unpadMessage(padMessage(content))), `desktop L=${length}`).toBe(toHex(content));
      const libsession = padLikeLibsession(content);
      expect(libsession.length % 160).toBe(0);
      expect(toHex(unpadMessage(libsession)), `libsession L=${length}`).toBe(toHex(content));
    }
  });

  it('returns data without padding as it is', () => {
    expect(toHex(unpadMessage(fromHex('0a0341')))).toBe('0a0341');
    // Trailing zeros not ended by 0x80 are data too.
    expect(toHex(unpadMessage(fromHex('0a0100')))).toBe('0a0100');
    expect(toHex(unpadMessage(fromHex('0000')))).toBe('0000');
    expect(toHex(unpadMessage(new Uint8Array()))).toBe('');
    // The last 0x80 counts, even with an earlier one in the content.
    expect(toHex(unpadMessage(fromHex('8080000000')))).toBe('80');
  });
});

describe('session protocol encryption (§2.1)', () => {
  it('reproduces the libsession deterministic vector byte for byte', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const ciphertext = await encryptForRecipientDeterministic(
      utf8Encode('hello'),
      alice,
      bob.x25519PublicKey,
    );
    expect(toHex(ciphertext)).toBe(
      '208f96785db92319bc7a14afecc01e17bde912d17bbb32834c03ea63b1862c2a1b730e0725ef75b2f1a276db584c59a0ed9b549' +
        '7bcb9f4effa893b5cb8b04dbe7a6ab457ebf972f03b006dd4572980a725399616d40184b86aa3b7b218bdc6dd7c1adccda8ef48' +
        '97f0f458492240b39079c27a6c791067ab26a03067a7602b50f0434639906f93e548f909d5286edde365ebddc146',
    );
    expect(ciphertext.length).toBe(5 + 96 + 48);
    const opened = await decryptForRecipient(ciphertext, bob);
    expect(new TextDecoder().decode(opened.message)).toBe('hello');
    expect(opened.senderSessionId).toBe(alice.sessionId);
  });

  it('seals with a fresh ephemeral key each time, and opens what it seals', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const message = padMessage(utf8Encode('hi'));
    const first = await encryptForRecipient(message, alice, bob.x25519PublicKey);
    const second = await encryptForRecipient(message, alice, bob.x25519PublicKey);
    expect(first.length).toBe(159 + 144);
    expect(toHex(first)).not.toBe(toHex(second));
    const opened = await decryptForRecipient(first, bob);
    expect(toHex(opened.message)).toBe(toHex(message));
    expect(toHex(opened.senderEd25519PublicKey)).toBe(toHex(alice.ed25519PublicKey));
    expect(opened.senderSessionId).toBe(alice.sessionId);
  });

  it('refuses a box sealed to someone else', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const sealed = await encryptForRecipient(utf8Encode('for alice'), bob, alice.x25519PublicKey);
    await expectMessageError(decryptForRecipient(sealed, bob), 'decryptionFailed');
  });

  it('refuses a signature that does not cover M ‖ A ‖ Y', async () => {
    const sodium = await loadSodium();
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const mallory = await account(capturedAccountSeed);
    const message = utf8Encode('pretending to be alice');
    // Signed by Mallory but naming Alice as the sender.
    const signature = sodium.crypto_sign_detached(
      concatBytes(message, alice.ed25519PublicKey, bob.x25519PublicKey),
      mallory.ed25519SecretKey,
    );
    const forged = sodium.crypto_box_seal(
      concatBytes(message, alice.ed25519PublicKey, signature),
      bob.x25519PublicKey,
    );
    await expectMessageError(decryptForRecipient(forged, bob), 'badSignature');
    // A signature over another recipient's key does not carry over either (Y is signed).
    const forwarded = sodium.crypto_box_seal(
      concatBytes(
        message,
        alice.ed25519PublicKey,
        sodium.crypto_sign_detached(
          concatBytes(message, alice.ed25519PublicKey, mallory.x25519PublicKey),
          alice.ed25519SecretKey,
        ),
      ),
      bob.x25519PublicKey,
    );
    await expectMessageError(decryptForRecipient(forwarded, bob), 'badSignature');
  });

  it('refuses a box too short to hold a sender and a signature', async () => {
    const sodium = await loadSodium();
    const bob = await account(bobSeed);
    const sealed = sodium.crypto_box_seal(new Uint8Array(96), bob.x25519PublicKey);
    await expectMessageError(decryptForRecipient(sealed, bob), 'malformedMessage');
  });
});

describe('the captured official message', () => {
  const captured = fromHex(readVector('captured-config-message.hex').trim());

  it('unwraps to the config message of the account of seed f887…4c14', async () => {
    const keys = await account(capturedAccountSeed);
    expect(captured.length).toBe(839);
    const received = await unwrapOneToOneMessage(captured, keys);
    expect(received.timestampMs).toBe(1696374203105);
    expect(received.senderSessionId).toBe(keys.sessionId);
    expect(toHex(received.senderEd25519PublicKey)).toBe(toHex(keys.ed25519PublicKey));
    const config = received.content.sharedConfigMessage;
    expect(config?.kind).toBe(SessionProtos.SharedConfigMessage.Kind.USER_PROFILE);
    expect(config?.seqno).toBe(4);
    expect(config?.data?.length).toBe(512);
    expect(Object.keys(received.content)).toEqual(['sharedConfigMessage']);
  });

  it('re-encodes to the very bytes libsession wrote, layer by layer', async () => {
    const keys = await account(capturedAccountSeed);
    const frame = decodeWebSocketMessage(captured);
    expect(frame.type).toBe(SessionProtos.WebSocketMessage.Type.REQUEST);
    expect(frame.request?.verb).toBe('PUT');
    expect(frame.request?.path).toBe('/api/v1/message');
    // The frame ends with the request id, 64 random bits that a number only approximates (codec.ts):
    // everything before its 9-byte varint is reproduced exactly.
    expect(frame.request?.id).toBe(Number(166405109991502650n));
    const reencoded = encodeWebSocketMessage(frame);
    expect(reencoded.length).toBe(captured.length);
    expect(toHex(reencoded.slice(0, -9))).toBe(toHex(captured.slice(0, -9)));
    const body = frame.request!.body!;
    const envelope = decodeEnvelope(body);
    expect(envelope.type).toBe(SessionProtos.Envelope.Type.SESSION_MESSAGE);
    // libsession writes an empty source and sourceDevice 1; presence survives the round trip.
    expect(envelope.source).toBe('');
    expect(envelope.sourceDevice).toBe(1);
    expect(toHex(encodeEnvelope(envelope))).toBe(toHex(body));
    const opened = await decryptForRecipient(envelope.content!, keys);
    expect(opened.message.length).toBe(639);
    const contentBytes = unpadMessage(opened.message);
    expect(contentBytes.length).toBe(522);
    // Desktop ≤1.17.2's padding of these 522 bytes is exactly what the official client sent.
    expect(toHex(padMessage(contentBytes))).toBe(toHex(opened.message));
    expect(toHex(encodeContent(decodeContent(contentBytes)))).toBe(toHex(contentBytes));
  });
});

describe('one-to-one wrapping (§2.3)', () => {
  const timestampMs = 1_700_000_123_456;

  const samples: [string, Content][] = [
    ['text', { dataMessage: { body: 'Hello, Bob 👋', profileKey: new Uint8Array(32).fill(9) } }],
    [
      'a quote',
      {
        dataMessage: {
          body: 'Yes!',
          quote: {
            id: 1_699_999_999_999,
            author: '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72',
            text: 'Lunch?',
          },
        },
      },
    ],
    [
      'a reaction',
      {
        dataMessage: {
          reaction: {
            id: 1_699_999_999_999,
            author: '05aa654f00fc39fc69fd0db829410ca38177d7732a8d2f0934ab3872ac56d5aa74',
            emoji: '🎂',
            action: SessionProtos.DataMessage.Reaction.Action.REACT,
          },
        },
      },
    ],
    [
      'a profile',
      {
        dataMessage: {
          body: 'new picture',
          profile: {
            displayName: 'Alice',
            profilePicture: 'http://filev2.getsession.org/file/12345',
            lastProfileUpdateSeconds: 1_700_000_000,
          },
          blocksCommunityMessageRequests: true,
        },
        expirationType: SessionProtos.Content.ExpirationType.DELETE_AFTER_SEND,
        expirationTimer: 86_400,
      },
    ],
    [
      'a sync copy',
      {
        dataMessage: {
          body: 'sent from my other device',
          syncTarget: '05aa654f00fc39fc69fd0db829410ca38177d7732a8d2f0934ab3872ac56d5aa74',
          attachments: [
            {
              id: 0,
              contentType: 'image/jpeg',
              key: new Uint8Array(64).fill(1),
              size: 1000,
              digest: new Uint8Array(32).fill(2),
              url: 'http://filev2.getsession.org/file/0',
            },
          ],
        },
      },
    ],
  ];

  it.each(samples)('carries %s from sender to recipient unchanged', async (_, content) => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const bytes = await wrapOneToOneMessage(
      { content, recipientSessionId: bob.sessionId, timestampMs },
      alice,
    );
    const received = await unwrapOneToOneMessage(bytes, bob);
    expect(received.senderSessionId).toBe(alice.sessionId);
    expect(received.timestampMs).toBe(timestampMs);
    expect(received.content).toEqual({ ...content, sigTimestamp: timestampMs });
  });

  it('frames the envelope as desktop does', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const content: Content = { dataMessage: { body: 'x' } };
    const bytes = await wrapOneToOneMessage(
      { content, recipientSessionId: bob.sessionId, timestampMs },
      alice,
    );
    const frame = decodeWebSocketMessage(bytes);
    expect(frame.type).toBe(SessionProtos.WebSocketMessage.Type.REQUEST);
    expect(frame.request?.verb).toBe('PUT');
    expect(frame.request?.path).toBe('/api/v1/message');
    expect(frame.request?.id).toBe(0);
    const envelope = decodeEnvelope(frame.request!.body!);
    expect(Object.keys(envelope).sort()).toEqual(['content', 'timestamp', 'type']);
    expect(envelope.type).toBe(6);
    expect(envelope.timestamp).toBe(timestampMs);
    // Padded Content (159 bytes for this one) + 96 + 48.
    expect(envelope.content?.length).toBe(159 + 144);
  });

  it('refuses to send a sigTimestamp other than the sent time', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const content: Content = { dataMessage: { body: 'x' }, sigTimestamp: timestampMs - 1 };
    await expectMessageError(
      wrapOneToOneMessage({ content, recipientSessionId: bob.sessionId, timestampMs }, alice),
      'timestampMismatch',
    );
    await expectMessageError(
      wrapOneToOneMessage({ content: {}, recipientSessionId: bob.sessionId.slice(2), timestampMs }, alice),
      'invalidRecipient',
    );
  });

  it('drops a received message whose sigTimestamp differs from its envelope’s', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const content: Content = { dataMessage: { body: 'replayed' }, sigTimestamp: timestampMs };
    const replayed = await handmadeMessage(content, alice, bob, timestampMs + 1);
    await expectMessageError(unwrapOneToOneMessage(replayed, bob), 'timestampMismatch');
  });

  it('accepts a message without sigTimestamp, as from a legacy client', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const legacy = await handmadeMessage({ dataMessage: { body: 'old' } }, alice, bob, timestampMs);
    const received = await unwrapOneToOneMessage(legacy, bob);
    expect(received.content).toEqual({ dataMessage: { body: 'old' } });
  });

  it('skips legacy group envelopes instead of misreading them', async () => {
    const alice = await account(aliceSeed);
    const bob = await account(bobSeed);
    const group = await handmadeMessage(
      { dataMessage: { body: 'group' } },
      alice,
      bob,
      timestampMs,
      SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE,
    );
    await expectMessageError(unwrapOneToOneMessage(group, bob), 'unsupportedMessage');
  });

  it('refuses frames that carry no envelope', async () => {
    const bob = await account(bobSeed);
    const cases = [
      encodeWebSocketMessage({}),
      encodeWebSocketMessage({ type: SessionProtos.WebSocketMessage.Type.RESPONSE }),
      encodeWebSocketMessage({ type: SessionProtos.WebSocketMessage.Type.REQUEST, request: { verb: 'PUT' } }),
      encodeWebSocketMessage({
        type: SessionProtos.WebSocketMessage.Type.REQUEST,
        request: {
          body: encodeEnvelope({ type: SessionProtos.Envelope.Type.SESSION_MESSAGE, timestamp: 1 }),
        },
      }),
    ];
    for (const bytes of cases) {
      await expectMessageError(unwrapOneToOneMessage(bytes, bob), 'malformedMessage');
    }
  });
});
