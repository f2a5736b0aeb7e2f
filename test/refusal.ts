// For tests of bad input: the code of the StarlingError an action is refused with.
import { isStarlingError } from '../shared/errors';

export function refusalCode(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (isStarlingError(error)) return error.code;
    throw error;
  }
  throw new Error('expected the action to be refused');
}
