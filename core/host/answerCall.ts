// One ClientApi call as every transport answers it (the headless host's WebSocket, the desktop
// app's IPC): only ClientApi methods, the request checked by its schema, and the answer
// `{ok, value}` or `{ok: false, error: {code, message}}`, an unexpected failure reported without
// its stack (which goes to the log).
import type { ClientApi, ClientReply } from '../../shared/contract/clientApi';
import { isClientMethod, validateRequest } from '../../shared/contract/validateRequest';
import { isStarlingError } from '../../shared/errors';
import type { Logger } from '../logging/logger';

function errorReply(code: string, message: string): ClientReply<never> {
  return { ok: false, error: { code, message } };
}

export async function answerClientCall(
  host: ClientApi,
  method: unknown,
  request: unknown,
  logger: Logger,
): Promise<ClientReply<unknown>> {
  if (!isClientMethod(method)) {
    const name = typeof method === 'string' ? method.slice(0, 64) : typeof method;
    return errorReply('unknownMethod', `There is no method “${name}”.`);
  }
  try {
    // Checked here as well as by the host, so the transport's rule holds whatever host it serves.
    validateRequest(method, request);
    const invoke = host[method] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await invoke.call(host, request ?? {}) };
  } catch (error) {
    if (isStarlingError(error)) return errorReply(error.code, error.message);
    logger.error(`${method} failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
    return errorReply('internal', 'Something went wrong inside Starling; the log has the details.');
  }
}
