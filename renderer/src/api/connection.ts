// The UI's way to the engine: ClientApi and ClientEvents, over the desktop app's preload
// (window.starling) or the headless host's WebSocket. Nothing else of the host is reachable.
import type { ClientApi, ClientMethod, ClientReply } from '../../../shared/contract/clientApi';
import type { ClientEventListener, ClientEventName } from '../../../shared/contract/clientEvents';
import { socketPath, type SocketEvent, type SocketReply } from '../../../shared/contract/socketProtocol';
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

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface Connection {
  readonly api: ClientApi;
  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
}

/** What the desktop app's preload exposes (electron/preload). */
export interface PreloadBridge {
  call(method: ClientMethod, request: unknown): Promise<ClientReply<unknown>>;
  on(name: ClientEventName, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    starling?: PreloadBridge;
  }
}

function apiOver(call: (method: ClientMethod, request: unknown) => Promise<ClientReply<unknown>>): ClientApi {
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

type Listeners = Map<ClientEventName, Set<(payload: unknown) => void>>;

function addListener(
  listeners: Listeners,
  name: ClientEventName,
  listener: (payload: unknown) => void,
): () => void {
  const set = listeners.get(name) ?? new Set();
  set.add(listener);
  listeners.set(name, set);
  return () => set.delete(listener);
}

/** ClientApi over the headless host's WebSocket, reconnecting when it drops; calls wait for it. */
export function socketConnection(url = socketUrl()): Connection {
  const listeners: Listeners = new Map();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const waiting = new Map<number, (reply: ClientReply<unknown>) => void>();
  let socket: WebSocket | undefined;
  let opened: Promise<WebSocket>;
  let nextId = 1;
  let retryDelayMs = 250;

  const setState = (state: ConnectionState): void => {
    for (const listener of stateListeners) listener(state);
  };

  const open = (): Promise<WebSocket> =>
    new Promise((resolve) => {
      setState('connecting');
      const attempt = (): void => {
        const candidate = new WebSocket(url);
        candidate.onopen = () => {
          socket = candidate;
          retryDelayMs = 250;
          setState('open');
          resolve(candidate);
        };
        candidate.onmessage = (message) => {
          const frame = JSON.parse(String(message.data)) as SocketReply | SocketEvent;
          if ('event' in frame) {
            for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
          } else {
            waiting.get(frame.id)?.(frame);
            waiting.delete(frame.id);
          }
        };
        candidate.onclose = () => {
          const wasOpen = socket === candidate;
          socket = undefined;
          // Calls in flight cannot be answered any more: they fail, and the UI says so.
          for (const [id, settle] of waiting) {
            settle({
              ok: false,
              error: { code: 'connectionLost', message: 'The connection to Starling was lost.' },
            });
            waiting.delete(id);
          }
          if (wasOpen) {
            setState('lost');
            opened = open();
          } else {
            setTimeout(attempt, retryDelayMs);
            retryDelayMs = Math.min(retryDelayMs * 2, 5_000);
          }
        };
      };
      attempt();
    });
  opened = open();

  const call = async (method: ClientMethod, request: unknown): Promise<ClientReply<unknown>> => {
    const ready = socket ?? (await opened);
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
      return () => stateListeners.delete(listener);
    },
  };
}

/** ClientApi over the desktop app's preload bridge. */
export function preloadConnection(bridge: PreloadBridge): Connection {
  return {
    api: apiOver((method, request) => bridge.call(method, request)),
    on: (name, listener) => bridge.on(name, listener as (payload: unknown) => void),
    onState: (listener) => {
      listener('open');
      return () => undefined;
    },
  };
}

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${socketPath}`;
}

export function connect(): Connection {
  return window.starling ? preloadConnection(window.starling) : socketConnection();
}
