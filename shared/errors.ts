/**
 * The error every layer of Starling throws for expected failures: a stable `code` that programs
 * match on, and a `message` written for the person who will read it.
 */
export class StarlingError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.name = 'StarlingError';
    this.code = code;
  }
}

export function isStarlingError(value: unknown): value is StarlingError {
  return value instanceof StarlingError;
}
