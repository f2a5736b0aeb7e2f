// What every way to the engine shares (connection.ts picks one): ClientApi as a proxy over one
// `call` function, errors with their code and words, event listeners by name, and the state of
// the connection the UI shows.
import type { ClientApi, ClientMethod, ClientReply } from '../../../shared/contract/clientApi';
import type { ClientEventListener, ClientEventName } from '../../../shared/contract/clientEvents';
import { isClientMethod } from '../../../shared/contract/validateRequest';

/** An error from the engine, with its stable code and its words for people. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * connecting: the page has just loaded; open: calls are answered; lost: the host does not answer
 * (it is retried by itself); needsNewLink: the host answers but refuses this page, as after a
 * restart (a new token): the person must open the new link.
 */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'needsNewLink';

export interface Connection {
  readonly api: ClientApi;
  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void;
  /** Tells the listener the current state at once, then every change. */
  onState(listener: (state: ConnectionState) => void): () => void;
}

export type Listeners = Map<ClientEventName, Set<(payload: unknown) => void>>;

export function addListener(
  listeners: Listeners,
  name: ClientEventName,
  listener: (payload: unknown) => void,
): () => void {
  const set = listeners.get(name) ?? new Set();
  set.add(listener);
  listeners.set(name, set);
  return () => set.delete(listener);
}

export function apiOver(
  call: (method: ClientMethod, request: unknown) => Promise<ClientReply<unknown>>,
): ClientApi {
  return new Proxy({} as ClientApi, {
    // Only contract methods exist (so the proxy is no thenable, and typos fail loudly).
    get: (_target, method) => {
      if (!isClientMethod(method)) return undefined;
      return async (request: unknown) => {
        const reply = await call(method, request ?? {});
        if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
        return reply.value;
      };
    },
  });
}

/** The answer to a call made while there is no connection, in words for the person. */
export function disconnectedReply(state: ConnectionState): ClientReply<unknown> {
  return state === 'needsNewLink'
    ? {
        ok: false,
        error: {
          code: 'needsNewLink',
          message: 'Starling was restarted: open the new link it printed to go on.',
        },
      }
    : {
        ok: false,
        error: {
          code: 'disconnected',
          message: 'Starling is not connected right now. Try again once it is back.',
        },
      };
}
