// What the commands share around engine calls: a request checked before the profile is unlocked, and
// a bounded wait for the network.
import { clientRequests, type ClientMethod, type ValidClientRequest } from '../shared/contract/clientApi';
import { InvalidRequestError } from '../shared/contract/validateRequest';
import type { Engine } from '../core/engine/engine';
import type { Logger } from '../core/logging/logger';
import { NetworkError } from '../core/network/onionClient';
import type { CommandIo } from './io';
import { type EngineTarget, withEngine } from './profileEngine';

/** How long an edit of the account waits for its configs, then for the swarm's confirmation. */
export const accountFetchTimeoutMs = 15_000;
const confirmationTimeoutMs = 60_000;

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

/**
 * An edit of the account's configs from the command line (set-name, set-nickname): the configs as
 * the swarm has them first, since an edit of a stale copy would be outranked by the devices' newer
 * messages; then the edit; then the wait for the swarm to confirm the push (exit 9 if it does not).
 */
export function editAccount<Result>(
  target: EngineTarget,
  io: CommandIo,
  logger: Logger,
  edit: (engine: Engine) => Promise<Result>,
  what: string,
): Promise<Result> {
  return withEngine(target, io, logger, async (engine) => {
    await engine.start({ poll: false });
    await engine.fetchAccountNow(accountFetchTimeoutMs);
    const result = await edit(engine);
    await withTimeout(
      engine.configsConfirmed(),
      confirmationTimeoutMs,
      `The swarm has not confirmed ${what}`,
    );
    return result;
  });
}
