// The one error of groups v2 Keys handling (protocol-config-groups.md §6.2, §6.7). Keys messages come
// from the group swarm, where any admin (or a buggy client) may write, so every refusal is typed
// with a `reason` the poller can count, never a crash.
import { StarlingError } from '../../errors';

export type GroupKeysErrorReason =
  /** Not a well-formed Keys message, dump or multi-recipient container (fields, types, lengths). */
  | 'malformed'
  /** The `~` signature is missing or does not verify against the group's public key. */
  | 'badSignature'
  /** A part that must open for us does not (e.g. the admin key `K` under our seed). */
  | 'undecryptable'
  /** An admin-only operation (rekey, supplement) asked of a member's keyring. */
  | 'notAdmin'
  /** Arguments a caller gave are unusable: a bad Session ID, a seed of another group, no keys yet. */
  | 'invalidInput';

export class GroupKeysError extends StarlingError<'groupKeys'> {
  readonly reason: GroupKeysErrorReason;

  constructor(reason: GroupKeysErrorReason, message: string) {
    super('groupKeys', message);
    this.name = 'GroupKeysError';
    this.reason = reason;
  }
}

export function isGroupKeysError(value: unknown): value is GroupKeysError {
  return value instanceof GroupKeysError;
}
