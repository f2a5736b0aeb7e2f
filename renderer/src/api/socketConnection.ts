// ClientApi over the headless host's WebSocket (shared/contract/socketProtocol.ts), and what the UI
// must know when that socket is gone: whether the host is merely out of reach (reconnect by itself,
// with a growing pause) or answers but no longer knows this page (it was restarted with a new
// token, so the page's cookie is refused: only the new link printed by `starling serve` helps).
// A browser does not tell a page why its socket was refused, so after a failed attempt the
// connection asks the host for the page itself (HEAD /) and reads the status instead.
// Calls never wait on a socket that is gone: they fail at once with words the UI can show.
import type { ClientMethod, ClientReply } from '../../../shared/contract/clientApi';
import { socketPath, type SocketEvent, type SocketReply } from '../../../shared/contract/socketProtocol';
import {
  addListener,
  apiOver,
  type Connection,
  type ConnectionState,
  disconnectedReply,
  type Listeners,
} from './clientProxy';
import { socketKeyProtocols } from './socketKey';

/** What the host says about this page when asked directly. */
export type HostAnswer = 'accepted' | 'refused' | 'unreachable';

export interface SocketConnectionOptions {
  readonly url?: string;
  /** Asks the host whether it still accepts this page (its cookie). */
  readonly probe?: () => Promise<HostAnswer>;
  /** How long calls made before the first connection wait for it. */
  readonly firstConnectionTimeoutMs?: number;
}

/** The pauses between attempts: short for a blip, at most 5 s so that a restart is noticed soon. */
const firstRetryDelayMs = 250;
const longestRetryDelayMs = 5_000;
const probeTimeoutMs = 5_000;

/** HEAD / with the page's cookie: 200 while it is accepted, 401 (or 421) once it is not. */
export async function probeHost(): Promise<HostAnswer> {
  try {
    const response = await fetch('/', {
      method: 'HEAD',
      cache: 'no-store',
      credentials: 'same-origin',
      redirect: 'manual',
      signal: AbortSignal.timeout(probeTimeoutMs),
    });
    return response.status === 401 || response.status === 421 ? 'refused' : 'accepted';
  } catch {
    return 'unreachable';
  }
}

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${socketPath}`;
}

export function socketConnection(options: SocketConnectionOptions = {}): Connection {
  const url = options.url ?? socketUrl();
  const probe = options.probe ?? probeHost;
  const firstConnectionTimeoutMs = options.firstConnectionTimeoutMs ?? 15_000;
  const listeners: Listeners = new Map();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const waiting = new Map<number, (reply: ClientReply<unknown>) => void>();
  /** Calls made before the first connection, released when it opens or when waiting is over. */
  const beforeFirstOpen = new Set<(socket: WebSocket | undefined) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | undefined;
  let nextId = 1;
  let retryDelayMs = firstRetryDelayMs;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    // Calls that waited for the first connection fail as soon as it is known not to come now.
    if (next !== 'open') {
      for (const release of beforeFirstOpen) release(undefined);
    }
    for (const listener of stateListeners) listener(state);
  };

  const failCallsInFlight = (): void => {
    for (const [id, settle] of waiting) {
      settle({
        ok: false,
        error: {
          code: 'connectionLost',
          message:
            'The connection to Starling was lost before it answered. What you asked may or may not have been done.',
        },
      });
      waiting.delete(id);
    }
  };

  const retryLater = (): void => {
    setTimeout(attempt, retryDelayMs);
    retryDelayMs = Math.min(retryDelayMs * 2, longestRetryDelayMs);
  };

  function attempt(): void {
    const candidate = new WebSocket(url, socketKeyProtocols());
    let opened = false;
    candidate.onopen = () => {
      opened = true;
      socket = candidate;
      retryDelayMs = firstRetryDelayMs;
      setState('open');
      for (const release of beforeFirstOpen) release(candidate);
      beforeFirstOpen.clear();
    };
    candidate.onmessage = (message) => {
      let frame: SocketReply | SocketEvent;
      try {
        frame = JSON.parse(String(message.data)) as SocketReply | SocketEvent;
      } catch {
        return;
      }
      if ('event' in frame) {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      } else {
        waiting.get(frame.id)?.(frame);
        waiting.delete(frame.id);
      }
    };
    candidate.onclose = () => {
      if (socket === candidate) socket = undefined;
      failCallsInFlight();
      if (opened) {
        // A drop: say so at once, and try again soon (a blip is the common case).
        setState('lost');
        retryLater();
        return;
      }
      void probe().then((answer) => {
        setState(answer === 'refused' ? 'needsNewLink' : 'lost');
        // Even then keep trying, slowly: the new link opened in another tab gives this page the
        // host's new cookie too, and it comes back with everything typed still in place.
        retryLater();
      });
    };
  }
  attempt();

  const whenFirstOpen = (): Promise<WebSocket | undefined> =>
    new Promise((resolve) => {
      const release = (ready: WebSocket | undefined): void => {
        clearTimeout(timer);
        beforeFirstOpen.delete(release);
        resolve(ready);
      };
      const timer = setTimeout(() => release(undefined), firstConnectionTimeoutMs);
      beforeFirstOpen.add(release);
    });

  const call = async (method: ClientMethod, request: unknown): Promise<ClientReply<unknown>> => {
    // Only the very first connection is waited for (the page has just loaded); later, a call made
    // while the socket is gone fails at once so that nothing the person did seems to hang.
    const ready = socket ?? (state === 'connecting' ? await whenFirstOpen() : undefined);
    if (!ready || ready.readyState !== WebSocket.OPEN) return disconnectedReply(state);
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      ready.send(JSON.stringify({ id, method, request }));
    });
  };

  return {
    api: apiOver(call),
    on: (name, listener) => addListener(listeners, name, listener as (payload: unknown) => void),
    onState: (listener) => {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
