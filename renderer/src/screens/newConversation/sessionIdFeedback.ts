// What the Session ID field says under itself as a person types: nothing alarming while an ID is
// still being typed, the validator's own words once it is wrong for sure (a character that is not
// hex, a prefix that is not 05, 66 characters or more, or the field left), and the short form of
// a valid ID so the person can compare it with what they were given.
import { abbreviateSessionId, checkSessionId } from '../../../../shared/contract/pureHelpers';

export const sessionIdLength = 66;

export interface SessionIdFeedback {
  /** The canonical Session ID (lowercase, no spaces) when the input is one. */
  readonly sessionId: string | null;
  /** The validator's words, once they are worth showing. */
  readonly error: string | null;
  /** What to show when there is no error. */
  readonly hint: string;
}

export function sessionIdFeedback(input: string, left: boolean): SessionIdFeedback {
  const check = checkSessionId(input);
  if (check.ok) {
    return {
      sessionId: check.sessionId,
      error: null,
      hint: `Valid Session ID: ${abbreviateSessionId(check.sessionId)}`,
    };
  }
  const length = input.replace(/\s+/gu, '').length;
  const wrongForSure =
    check.code === 'characters' ||
    check.code === 'prefix' ||
    (check.code === 'length' && length >= sessionIdLength) ||
    (left && check.code !== 'empty');
  return {
    sessionId: null,
    error: wrongForSure ? check.message : null,
    hint:
      length === 0
        ? '66 characters, starting with 05. Capitals and spaces are fine.'
        : `${length} of ${sessionIdLength} characters`,
  };
}
