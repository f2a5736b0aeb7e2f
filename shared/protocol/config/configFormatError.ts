// The one error of the config engine: received config bytes come from the swarm (any device of the
// account, or any group admin), so every malformed input ends here with a reason, never a crash.
import { StarlingError } from '../../errors';

export class ConfigFormatError extends StarlingError<'configFormat'> {
  /** What was wrong, for logs and tests (e.g. "unsorted dict keys at byte 12"). */
  readonly reason: string;

  constructor(reason: string) {
    super('configFormat', `The config data is not valid: ${reason}.`);
    this.name = 'ConfigFormatError';
    this.reason = reason;
  }
}

export function isConfigFormatError(value: unknown): value is ConfigFormatError {
  return value instanceof ConfigFormatError;
}
