// The UI's way to the engine: ClientApi and ClientEvents, over the desktop app's preload
// (window.starling) or the headless host's WebSocket (socketConnection.ts). Nothing else of the
// host is reachable.
import type { ClientMethod, ClientReply } from '../../../shared/contract/clientApi';
import type { ClientEventName } from '../../../shared/contract/clientEvents';
import { apiOver, type Connection } from './clientProxy';
import { socketConnection } from './socketConnection';

export { ApiError, type Connection, type ConnectionState } from './clientProxy';
export { socketConnection } from './socketConnection';

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

/** ClientApi over the desktop app's preload bridge: the engine is in the same app, never away. */
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

/**
 * Whether the UI runs in the desktop app, whose main process asks before it opens a link in the
 * browser (electron/main/windowSecurity.ts); in a browser the UI asks itself.
 */
export function inDesktopApp(): boolean {
  return window.starling !== undefined;
}

export function connect(): Connection {
  return window.starling ? preloadConnection(window.starling) : socketConnection();
}
