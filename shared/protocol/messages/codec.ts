// The protobuf layer of the message wire format (protocol-messages.md §3): plain-object types for the
// messages of session.proto and their encoders and decoders, on top of the code that
// scripts/generateProtobuf.js generates from the schema.
//
// The generated decoders return class instances whose 64-bit fields are Long objects and whose
// absent fields read through prototype defaults. Callers get plain objects instead: only the fields
// present on the wire (proto2 presence; an empty repeated field is absent), 64-bit integers as
// numbers and bytes copied out of the input. Numbers are exact up to 2^53, which covers millisecond
// timestamps, sequence numbers and file IDs; larger values are rounded. The one field that carries
// them in practice is the storage frame's request id, which libsession fills with random bits and
// nobody reads.
import type { Long } from 'protobufjs';
import { messageError } from './messageErrors';
import { SessionProtos } from './session.generated';

/**
 * The plain form of a generated message type: `number` for 64-bit fields, `undefined` rather than
 * `null` for absent optional fields, nested messages and lists mapped the same way.
 */
export type Plain<T> = T extends Long | null
  ? never
  : T extends Uint8Array
    ? Uint8Array
    : T extends readonly (infer Item)[]
      ? Plain<Item>[]
      : T extends object
        ? { [Key in keyof T as Key extends '$unknowns' ? never : Key]: Plain<T[Key]> }
        : T;

export type WebSocketMessage = Plain<SessionProtos.WebSocketMessage.$Properties>;
export type WebSocketRequestMessage = Plain<SessionProtos.WebSocketRequestMessage.$Properties>;
export type Envelope = Plain<SessionProtos.Envelope.$Properties>;
export type Content = Plain<SessionProtos.Content.$Properties>;
export type DataMessage = Plain<SessionProtos.DataMessage.$Properties>;
export type Quote = Plain<SessionProtos.DataMessage.Quote.$Properties>;
export type QuotedAttachment = Plain<SessionProtos.DataMessage.Quote.QuotedAttachment.$Properties>;
export type Preview = Plain<SessionProtos.DataMessage.Preview.$Properties>;
export type Reaction = Plain<SessionProtos.DataMessage.Reaction.$Properties>;
export type LokiProfile = Plain<SessionProtos.DataMessage.LokiProfile.$Properties>;
export type OpenGroupInvitation = Plain<SessionProtos.DataMessage.OpenGroupInvitation.$Properties>;
export type ClosedGroupControlMessage =
  Plain<SessionProtos.DataMessage.ClosedGroupControlMessage.$Properties>;
export type KeyPair = Plain<SessionProtos.KeyPair.$Properties>;
export type GroupContext = Plain<SessionProtos.GroupContext.$Properties>;
export type AttachmentPointer = Plain<SessionProtos.AttachmentPointer.$Properties>;
export type CallMessage = Plain<SessionProtos.CallMessage.$Properties>;
export type ReceiptMessage = Plain<SessionProtos.ReceiptMessage.$Properties>;
export type TypingMessage = Plain<SessionProtos.TypingMessage.$Properties>;
export type UnsendRequest = Plain<SessionProtos.UnsendRequest.$Properties>;
export type MessageRequestResponse = Plain<SessionProtos.MessageRequestResponse.$Properties>;
export type DataExtractionNotification = Plain<SessionProtos.DataExtractionNotification.$Properties>;
export type SharedConfigMessage = Plain<SessionProtos.SharedConfigMessage.$Properties>;
// Groups v2 control messages (protocol-config-groups.md §6.8).
export type GroupUpdateMessage = Plain<SessionProtos.GroupUpdateMessage.$Properties>;
export type GroupUpdateInviteMessage = Plain<SessionProtos.GroupUpdateInviteMessage.$Properties>;
export type GroupUpdateInfoChangeMessage = Plain<SessionProtos.GroupUpdateInfoChangeMessage.$Properties>;
export type GroupUpdateMemberChangeMessage = Plain<SessionProtos.GroupUpdateMemberChangeMessage.$Properties>;
export type GroupUpdatePromoteMessage = Plain<SessionProtos.GroupUpdatePromoteMessage.$Properties>;
export type GroupUpdateMemberLeftMessage = Plain<SessionProtos.GroupUpdateMemberLeftMessage.$Properties>;
export type GroupUpdateInviteResponseMessage =
  Plain<SessionProtos.GroupUpdateInviteResponseMessage.$Properties>;
export type GroupUpdateDeleteMemberContentMessage =
  Plain<SessionProtos.GroupUpdateDeleteMemberContentMessage.$Properties>;
export type GroupUpdateMemberLeftNotificationMessage =
  Plain<SessionProtos.GroupUpdateMemberLeftNotificationMessage.$Properties>;

/** The generated namespace, for its enums (e.g. `SessionProtos.Envelope.Type.SESSION_MESSAGE`). */
export { SessionProtos };

function isLong(value: object): value is Long {
  return 'low' in value && 'high' in value && 'unsigned' in value;
}

/** Long → number, exactly as long as it fits in 53 bits. */
function longToNumber({ low, high, unsigned }: Long): number {
  return (unsigned ? high >>> 0 : high | 0) * 2 ** 32 + (low >>> 0);
}

function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Uint8Array) {
    // A copy: decoded bytes are views into the input, and Node's protobufjs may hand out Buffers.
    return new Uint8Array(value);
  }
  if (Array.isArray(value)) {
    return value.map(toPlain);
  }
  if (isLong(value)) {
    return longToNumber(value);
  }
  const plain: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    // Generated constructors start every repeated field as []; on the wire an empty list is no field.
    const absent = field === null || field === undefined || (Array.isArray(field) && field.length === 0);
    if (key !== '$unknowns' && !absent) {
      plain[key] = toPlain(field);
    }
  }
  return plain;
}

/** Under Node protobufjs writes into pooled Buffers; callers get a plain, unshared Uint8Array. */
function finish(writer: { finish(): Uint8Array }): Uint8Array {
  return new Uint8Array(writer.finish());
}

/**
 * Runs a generated decoder. Anything it throws on hostile bytes (truncation, a bad wire type, a
 * missing required field, nesting beyond protobufjs's recursion limit…) becomes `malformedMessage`.
 */
function decodeWith(name: string, bytes: Uint8Array, decode: (bytes: Uint8Array) => object): unknown {
  let message: object;
  try {
    message = decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw messageError(
      'malformedMessage',
      `This message is damaged: its ${name} cannot be read (${reason}).`,
    );
  }
  return toPlain(message);
}

export function encodeWebSocketMessage(message: WebSocketMessage): Uint8Array {
  return finish(SessionProtos.WebSocketMessage.encode(message));
}

export function decodeWebSocketMessage(bytes: Uint8Array): WebSocketMessage {
  return decodeWith('frame', bytes, (input) =>
    SessionProtos.WebSocketMessage.decode(input),
  ) as WebSocketMessage;
}

export function encodeEnvelope(envelope: Envelope): Uint8Array {
  return finish(SessionProtos.Envelope.encode(envelope));
}

export function decodeEnvelope(bytes: Uint8Array): Envelope {
  return decodeWith('envelope', bytes, (input) => SessionProtos.Envelope.decode(input)) as Envelope;
}

export function encodeContent(content: Content): Uint8Array {
  return finish(SessionProtos.Content.encode(content));
}

export function decodeContent(bytes: Uint8Array): Content {
  return decodeWith('content', bytes, (input) => SessionProtos.Content.decode(input)) as Content;
}
