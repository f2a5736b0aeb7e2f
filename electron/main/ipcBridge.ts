// Serves ClientApi to the app's window over IPC, with the same rules as the headless host's
// WebSocket (cli/serve/socketBridge.ts): one channel, only ClientApi methods, every request checked
// by its schema, answers `{ok, value}` or `{ok: false, error: {code, message}}`, and an unexpected
// failure reported without its stack. On top of that, every call must come from the app's own top
// frame (design.md): a page of another origin, or a frame inside the app, is refused.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ClientApi, ClientReply } from '../../shared/contract/clientApi';
import type { ClientEventListener, ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import { isClientMethod, validateRequest } from '../../shared/contract/validateRequest';
import { isStarlingError } from '../../shared/errors';
import type { Logger } from '../../core/logging/logger';
import { callChannel, eventChannel } from '../preload/channels';
import { isAppUrl } from './origin';

/** The host's events, as ClientHost offers them. */
export interface ClientEventSource {
  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void;
}

export interface BridgeOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly host: ClientApi & ClientEventSource;
  /** The app's origin, e.g. `starling://app`: the only origin allowed to call. */
  readonly appOrigin: string;
  readonly logger: Logger;
}

export interface ClientApiBridge {
  /** Sends the host's events to this window until it is destroyed or the returned function runs. */
  addWindow(contents: WebContents): () => void;
  /** Stops answering calls and sending events. */
  close(): void;
}

const eventNames: readonly ClientEventName[] = [
  'message.received',
  'message.sent',
  'message.updated',
  'message.removed',
  'conversation.updated',
  'conversation.removed',
  'account.ready',
  'path.changed',
  'network.hardforkRequired',
  'typing.changed',
] satisfies (keyof ClientEvents)[];

function errorReply(code: string, message: string): ClientReply<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Whether the call comes from the app's top frame. `senderFrame` is null when the frame has gone
 * or navigated away meanwhile; a sub-frame (an iframe, even one of our origin) is never trusted.
 */
function isTrustedSender(event: IpcMainInvokeEvent, appOrigin: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url, appOrigin);
}

export function bridgeClientApi(options: BridgeOptions): ClientApiBridge {
  const { ipcMain, host, appOrigin, logger } = options;

  ipcMain.handle(
    callChannel,
    async (event, method: unknown, request: unknown): Promise<ClientReply<unknown>> => {
      if (!isTrustedSender(event, appOrigin)) {
        logger.warn(`refused a call from an unexpected sender (${event.senderFrame?.url ?? 'no frame'})`);
        return errorReply('forbiddenSender', 'Only the Starling window may call the engine.');
      }
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
    },
  );

  const windows = new Set<WebContents>();
  const unsubscribers = eventNames.map((name) =>
    host.on(name, (payload) => {
      for (const contents of windows) {
        if (!contents.isDestroyed()) contents.send(eventChannel, name, payload);
      }
    }),
  );

  return {
    addWindow(contents) {
      windows.add(contents);
      const remove = (): void => {
        windows.delete(contents);
      };
      contents.once('destroyed', remove);
      return remove;
    },
    close() {
      ipcMain.removeHandler(callChannel);
      for (const unsubscribe of unsubscribers) unsubscribe();
      windows.clear();
    },
  };
}
