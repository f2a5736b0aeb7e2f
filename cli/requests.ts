// What the commands share around engine calls: a request checked before the profile is unlocked, and
// a bounded wait for the network.
import { clientRequests, type ClientMethod, type ValidClientRequest } from '../shared/contract/clientApi';
import { InvalidRequestError } from '../shared/contract/validateRequest';
import { NetworkError } from '../core/network/onionClient';

/**
 * The engine checks every request too, but checking it here refuses bad input before the profile is
 * unlocked and the network joined, in the words of the schema (and so of the Session ID validator)
 * rather than the engine's field names.
 */
export function checkedRequest<Method extends ClientMethod>(
  method: Method,
  input: unknown,
): ValidClientRequest<Method> {
  const parsed = clientRequests[method].safeParse(input);
  if (!parsed.success) {
    throw new InvalidRequestError(parsed.error.issues[0]?.message ?? 'This request is not valid.');
  }
  return parsed.data as ValidClientRequest<Method>;
}

/** `work`, or a NetworkError (exit 9) saying `what` after `timeoutMs`. */
export async function withTimeout<Value>(
  work: Promise<Value>,
  timeoutMs: number,
  what: string,
): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NetworkError('pathsFailed', `${what} after ${Math.round(timeoutMs / 1000)} s.`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
