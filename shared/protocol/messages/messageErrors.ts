// The errors of the message layer. Received bytes come from anyone who knows a Session ID (namespace 0
// accepts unauthenticated stores, protocol-messages.md §2.3), so decoding fails only with these.
import { StarlingError } from '../../errors';

export type MessageErrorCode =
  /** The bytes are not the expected protobuf message, or a layer is missing or out of bounds. */
  | 'malformedMessage'
  /** A well-formed message of a kind this code does not open (e.g. a legacy group envelope). */
  | 'unsupportedMessage'
  /** The sealed box does not open with our key: not for us, or damaged. */
  | 'decryptionFailed'
  /** The sender's signature over the content does not verify. */
  | 'badSignature'
  /** `Content.sigTimestamp` differs from the envelope timestamp (§2.3). */
  | 'timestampMismatch'
  /** An outgoing message names a recipient that is not a Session ID. */
  | 'invalidRecipient';

export type MessageError = StarlingError<MessageErrorCode>;

export function messageError(code: MessageErrorCode, message: string): MessageError {
  return new StarlingError(code, message);
}

const codes: ReadonlySet<string> = new Set<MessageErrorCode>([
  'malformedMessage',
  'unsupportedMessage',
  'decryptionFailed',
  'badSignature',
  'timestampMismatch',
  'invalidRecipient',
]);

export function isMessageError(value: unknown): value is MessageError {
  return value instanceof StarlingError && codes.has(value.code);
}
