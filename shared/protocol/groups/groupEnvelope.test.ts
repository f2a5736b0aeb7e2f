import { describe, expect, it } from 'vitest';
import { zstdCompressor } from '../../../core/config/zstdCompressor';
import { isStarlingError } from '../../errors';
import { fromHex, toHex } from '../bytes';
import { deriveIdentityKeys } from '../identity/keys';
import {
  decodeEnvelope,
  encodeContent,
  encodeEnvelope,
  SessionProtos,
  type Content,
  type Envelope,
} from '../messages/codec';
import { openGroupContent, sealGroupContent } from './groupEnvelope';
import { decryptGroupMessage, encryptGroupMessage } from './groupMessage';

const groupSeed = fromHex('0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210');
const adminSeed = fromHex('0123456789abcdef0123456789abcdeffedcba9876543210fedcba9876543210');
const encryptionKey = fromHex('c46568d9431515236220e362eab1e096061be67f47cb6cb35e9c9fc60818d830');
const sentAt = 1_750_000_000_123;
const content: Content = { dataMessage: { body: 'hello group', timestamp: sentAt }, sigTimestamp: sentAt };

async function setting() {
  const group = await deriveIdentityKeys(groupSeed);
  const admin = await deriveIdentityKeys(adminSeed);
  const keys = {
    groupEd25519PublicKey: group.ed25519PublicKey,
    keys: [encryptionKey],
    compressor: zstdCompressor,
  };
  return { group, admin, keys };
}

async function sealEnvelope(envelope: Envelope): Promise<Uint8Array> {
  const { group, admin } = await setting();
  return encryptGroupMessage({
    plaintext: encodeEnvelope(envelope),
    groupEd25519PublicKey: group.ed25519PublicKey,
    encryptionKey,
    senderEd25519SecretKey: admin.ed25519SecretKey,
    compressor: zstdCompressor,
  });
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (isStarlingError(error) ? error.code : `untyped: ${String(error)}`),
  );
}

describe('group envelopes (§6.5 step 1)', () => {
  it('seals the Envelope desktop 1.17.17 writes and opens it again', async () => {
    const { group, admin, keys } = await setting();
    const sealed = await sealGroupContent({
      content,
      sentAt,
      groupEd25519PublicKey: group.ed25519PublicKey,
      encryptionKey,
      senderEd25519SecretKey: admin.ed25519SecretKey,
      compressor: zstdCompressor,
    });
    const { plaintext } = await decryptGroupMessage(sealed, keys);
    const envelope = decodeEnvelope(plaintext);
    expect(envelope.type).toBe(SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE);
    expect(envelope.timestamp).toBe(sentAt);
    expect(envelope.source).toBeUndefined();
    expect(envelope.sourceDevice).toBe(1);
    expect(envelope.proSig?.length).toBe(64);
    // Unpadded: exactly the serialized Content.
    expect(toHex(envelope.content!)).toBe(toHex(encodeContent(content)));

    const opened = await openGroupContent(sealed, keys);
    expect(opened).toEqual({
      senderSessionId: admin.sessionId,
      senderEd25519PublicKey: admin.ed25519PublicKey,
      sentAt,
      content,
    });
  });

  it('accepts the older form with source = the 03 group ID', async () => {
    const { group, keys } = await setting();
    const sealed = await sealEnvelope({
      type: SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE,
      source: `03${toHex(group.ed25519PublicKey)}`,
      timestamp: sentAt,
      content: encodeContent(content),
    });
    expect((await openGroupContent(sealed, keys)).content).toEqual(content);
  });

  it('refuses another envelope type, a strange source, no content and a mismatched signed time', async () => {
    const { keys } = await setting();
    const base: Envelope = {
      type: SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE,
      timestamp: sentAt,
      content: encodeContent(content),
    };
    const cases: [Envelope, string][] = [
      [{ ...base, type: SessionProtos.Envelope.Type.SESSION_MESSAGE }, 'unsupportedMessage'],
      [{ ...base, source: 'group' }, 'malformedMessage'],
      [{ ...base, source: '03' + 'ab'.repeat(31) }, 'malformedMessage'],
      [{ type: base.type, timestamp: sentAt }, 'malformedMessage'],
      [{ ...base, timestamp: sentAt + 1 }, 'timestampMismatch'],
      // A one-to-one style padded Content (0x80 then zeros) is not a Content.
      [{ ...base, content: Uint8Array.of(...encodeContent(content), 0x80, 0, 0) }, 'malformedMessage'],
    ];
    for (const [envelope, code] of cases) {
      expect(await refusal(openGroupContent(await sealEnvelope(envelope), keys))).toBe(code);
    }
    // Plaintext that is not an Envelope at all.
    const { group, admin } = await setting();
    const notEnvelope = await encryptGroupMessage({
      plaintext: Uint8Array.of(0xff, 0xff, 0xff),
      groupEd25519PublicKey: group.ed25519PublicKey,
      encryptionKey,
      senderEd25519SecretKey: admin.ed25519SecretKey,
      compressor: zstdCompressor,
    });
    expect(await refusal(openGroupContent(notEnvelope, keys))).toBe('malformedMessage');
  });

  it('refuses to seal without a usable sent time', async () => {
    const { group, admin } = await setting();
    const message = {
      content,
      sentAt: 0,
      groupEd25519PublicKey: group.ed25519PublicKey,
      encryptionKey,
      senderEd25519SecretKey: admin.ed25519SecretKey,
      compressor: zstdCompressor,
    };
    expect(await refusal(sealGroupContent(message))).toBe('malformedMessage');
    expect(await refusal(sealGroupContent({ ...message, sentAt: 1.5 }))).toBe('malformedMessage');
  });
});
