// The Envelope a group message carries (protocol-config-groups.md §6.5 step 1, §9): a Content sent
// to a group is wrapped in an Envelope of type CLOSED_GROUP_MESSAGE and that, not the Content, is
// what groupMessage.ts encrypts. No padding and no WebSocket frame, unlike one-to-one messages.
import type { ConfigCompressor } from '../config/configCompression';
import {
  decodeContent,
  decodeEnvelope,
  encodeContent,
  encodeEnvelope,
  SessionProtos,
  type Content,
  type Envelope,
} from '../messages/codec';
import { messageError } from '../messages/messageErrors';
import { loadSodium } from '../sodium';
import { decryptGroupMessage, encryptGroupMessage, type GroupMessageDecryption } from './groupMessage';

export interface OutgoingGroupContent {
  readonly content: Content;
  /** The sent time in ms (network-adjusted); admin signatures sign this same value (§6.8). */
  readonly sentAt: number;
  readonly groupEd25519PublicKey: Uint8Array;
  readonly encryptionKey: Uint8Array;
  readonly senderEd25519SecretKey: Uint8Array;
  readonly compressor: ConfigCompressor;
}

export interface IncomingGroupContent {
  readonly senderSessionId: string;
  readonly senderEd25519PublicKey: Uint8Array;
  /** Envelope.timestamp, ms. */
  readonly sentAt: number;
  readonly content: Content;
}

/**
 * §6.5 step 1 as desktop 1.17.17 writes it: no `source`, `sourceDevice` 1 and a 64-byte `proSig`.
 * Without Session Pro that signature is by a key made for this message alone and thrown away, so
 * the field is present (as newer receivers expect) but proves nothing and links nothing.
 */
export async function sealGroupContent(message: OutgoingGroupContent): Promise<Uint8Array> {
  if (!Number.isSafeInteger(message.sentAt) || message.sentAt <= 0) {
    throw messageError('malformedMessage', 'A group message needs its sent time in milliseconds.');
  }
  const sodium = await loadSodium();
  // §9: Content is never padded inside groups.
  const content = encodeContent(message.content);
  const throwAwayKey = sodium.crypto_sign_keypair();
  const envelope: Envelope = {
    type: SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE,
    timestamp: message.sentAt,
    sourceDevice: 1,
    content,
    proSig: sodium.crypto_sign_detached(content, throwAwayKey.privateKey),
  };
  return encryptGroupMessage({
    plaintext: encodeEnvelope(envelope),
    groupEd25519PublicKey: message.groupEd25519PublicKey,
    encryptionKey: message.encryptionKey,
    senderEd25519SecretKey: message.senderEd25519SecretKey,
    compressor: message.compressor,
  });
}

/** Older desktops (≤ 1.17.2) put the 03… group ID in `source`; newer ones leave it out (§6.5 step 1). */
function checkSource(source: string | undefined): void {
  if (source === undefined) return;
  if (!/^[0-9a-fA-F]{66}$/u.test(source)) {
    throw messageError('malformedMessage', 'This group message names its source in a form no client writes.');
  }
}

/**
 * §6.5 step 7: decrypts, then reads the Envelope and its Content (directly: no unpadding). The
 * group is the swarm the message came from, so `source` is checked for form only.
 */
export async function openGroupContent(
  data: Uint8Array,
  options: GroupMessageDecryption,
): Promise<IncomingGroupContent> {
  const { senderSessionId, senderEd25519PublicKey, plaintext } = await decryptGroupMessage(data, options);
  const envelope = decodeEnvelope(plaintext);
  if (envelope.type !== SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE) {
    throw messageError(
      'unsupportedMessage',
      `This group message holds an envelope of type ${envelope.type}, not a group message.`,
    );
  }
  checkSource(envelope.source);
  if (envelope.content === undefined || envelope.content.length === 0) {
    throw messageError('malformedMessage', 'This group message has no content.');
  }
  const content = decodeContent(envelope.content);
  // protocol-messages.md §2.3: a signed timestamp that differs from the envelope's is a replay.
  if (content.sigTimestamp !== undefined && content.sigTimestamp !== envelope.timestamp) {
    throw messageError('timestampMismatch', 'This group message’s signed time differs from its envelope’s.');
  }
  return { senderSessionId, senderEd25519PublicKey, sentAt: envelope.timestamp, content };
}
