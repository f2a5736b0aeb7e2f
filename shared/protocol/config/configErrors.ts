// The one error of the config receive and push pipeline (protocol-config-groups.md §4). Stored
// config messages come from our own swarm, but anyone holding our swarm auth could write there and
// a bug in another client could too, so every failure is a typed error with a `reason` that the
// poller counts, never a crash.
import { StarlingError } from '../../errors';

export type ConfigDecodeReason =
  /** No key opens the ciphertext (wrong account, wrong domain, or damaged bytes). */
  | 'undecryptable'
  /** A protobuf-wrapped message names a config kind other than the namespace it came from. */
  | 'wrongKind'
  /** The bytes decrypt but are not a config message (no `d`, bad zstd, bad multipart part…). */
  | 'malformed'
  /** Input or output beyond a size limit (including a decompression bomb). */
  | 'oversized'
  /** A multipart part whose assembled whole does not match its final hash. */
  | 'hashMismatch';

export class ConfigDecodeError extends StarlingError<'configDecodeFailed'> {
  readonly reason: ConfigDecodeReason;

  constructor(reason: ConfigDecodeReason, message: string) {
    super('configDecodeFailed', message);
    this.name = 'ConfigDecodeError';
    this.reason = reason;
  }
}

export function isConfigDecodeError(value: unknown): value is ConfigDecodeError {
  return value instanceof ConfigDecodeError;
}
