// For tests of bad input: the code (and words) of the StarlingError an action is refused with.
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

/** For tests of ClientApi calls: the code and words a call is refused with. */
export async function refusalOf(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (isStarlingError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to be refused');
}
