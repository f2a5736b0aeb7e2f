// The protobuf wrapping of user configs (protocol-config-groups.md §4 step 5 and "Receive pipeline"
// 1): Content.sharedConfigMessage → 0x80 → deterministic seal to our own X25519 key → Envelope →
// WebSocketRequestMessage → WebSocketMessage. Receivers accept raw, wrapped and double-wrapped.
import { bytesEqual, concatBytes } from '../bytes';
import {
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
} from '../messages/codec';
import { decryptForRecipient, encryptForRecipientDeterministic } from '../messages/sessionProtocol';
import { userConfigKinds, type UserConfigKind } from './configKinds';

/** `MAX_MESSAGE_SIZE` (§4 step 6): no stored config message may be larger. */
export const maxConfigMessageBytes = 76_800;

export interface ConfigWrappingKeys {
  readonly ed25519PublicKey: Uint8Array;
  readonly ed25519SecretKey: Uint8Array;
  readonly x25519PublicKey: Uint8Array;
  readonly x25519SecretKey: Uint8Array;
}

const envelopeSessionMessage = 6;
const webSocketRequest = 1;
const contentTerminator = 0x80;

/** Wraps a config ciphertext for the swarm (§4 step 5); byte-exact with libsession (§8.5). */
export async function wrapUserConfig(
  ciphertext: Uint8Array,
  seqno: number,
  kind: UserConfigKind,
  owner: ConfigWrappingKeys,
): Promise<Uint8Array> {
  const content = encodeContent({
    sharedConfigMessage: { kind: userConfigKinds[kind].protobufKind, seqno, data: ciphertext },
  });
  // Step 5.2: one 0x80 byte, not the 160-byte padding of ordinary messages.
  const terminated = concatBytes(content, Uint8Array.of(contentTerminator));
  const sealed = await encryptForRecipientDeterministic(terminated, owner, owner.x25519PublicKey);
  const envelope = encodeEnvelope({ type: envelopeSessionMessage, timestamp: 1, content: sealed });
  // Step 5.5: verb, path and id are present on the wire even though empty or zero.
  return encodeWebSocketMessage({
    type: webSocketRequest,
    request: { verb: '', path: '', body: envelope, id: 0 },
  });
}

/** Wraps unless the result would pass 76 800 bytes ([newer LS], §4 step 5), then stores it raw. */
export async function wrapUserConfigIfFits(
  ciphertext: Uint8Array,
  seqno: number,
  kind: UserConfigKind,
  owner: ConfigWrappingKeys,
): Promise<Uint8Array> {
  const wrapped = await wrapUserConfig(ciphertext, seqno, kind, owner);
  return wrapped.length > maxConfigMessageBytes ? ciphertext : wrapped;
}

export type UnwrapResult =
  | { readonly unwrapped: true; readonly data: Uint8Array }
  /** Not a wrapped config of ours; `wrongKind` when it was, but for another namespace. */
  | { readonly unwrapped: false; readonly wrongKind: boolean };

/** Back to the last 0x80; undefined unless the content ends with 0x00 or 0x80 (§4 receive 1). */
function stripTerminator(message: Uint8Array): Uint8Array | undefined {
  const last = message[message.length - 1];
  if (last !== 0x00 && last !== contentTerminator) return undefined;
  const end = message.lastIndexOf(contentTerminator);
  return end < 0 ? undefined : message.subarray(0, end);
}

/** One layer of unwrapping with every check of §4 receive 1. Never throws on hostile bytes. */
export async function unwrapUserConfigOnce(
  stored: Uint8Array,
  kind: UserConfigKind,
  owner: ConfigWrappingKeys,
): Promise<UnwrapResult> {
  const notWrapped = { unwrapped: false, wrongKind: false } as const;
  try {
    const frame = decodeWebSocketMessage(stored);
    const body = frame.request?.body;
    if (frame.type !== webSocketRequest || body === undefined) return notWrapped;
    const envelope = decodeEnvelope(body);
    if (envelope.content === undefined) return notWrapped;
    const opened = await decryptForRecipient(envelope.content, owner);
    if (!bytesEqual(opened.senderEd25519PublicKey, owner.ed25519PublicKey)) return notWrapped;
    const contentBytes = stripTerminator(opened.message);
    if (contentBytes === undefined) return notWrapped;
    const shared = decodeContent(contentBytes).sharedConfigMessage;
    if (shared?.data === undefined) return notWrapped;
    if (shared.kind !== userConfigKinds[kind].protobufKind) return { unwrapped: false, wrongKind: true };
    return { unwrapped: true, data: shared.data };
  } catch {
    return notWrapped;
  }
}

export interface UnwrappedConfig {
  /** The config ciphertext: unwrapped once or twice, or the stored bytes themselves. */
  readonly data: Uint8Array;
  /** A wrapper of ours named another kind; the raw bytes were used instead. */
  readonly wrongKind: boolean;
}

/** Unwrap, then try a second unwrap (one client release double-wrapped); raw on any failure. */
export async function unwrapUserConfig(
  stored: Uint8Array,
  kind: UserConfigKind,
  owner: ConfigWrappingKeys,
): Promise<UnwrappedConfig> {
  const first = await unwrapUserConfigOnce(stored, kind, owner);
  if (!first.unwrapped) return { data: stored, wrongKind: first.wrongKind };
  const second = await unwrapUserConfigOnce(first.data, kind, owner);
  return { data: second.unwrapped ? second.data : first.data, wrongKind: false };
}
