// Serves ClientApi to the app's window over IPC, with the same rules as the headless host's
// WebSocket (cli/serve/socketBridge.ts): one channel, only ClientApi methods, every request checked
// by its schema, answers `{ok, value}` or `{ok: false, error: {code, message}}`, and an unexpected
// failure reported without its stack. On top of that, every call must come from the app's own top
// frame (design.md): a page of another origin, or a frame inside the app, is refused.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ClientApi, ClientReply } from '../../shared/contract/clientApi';
import { clientEventNames, type ClientEventSource } from '../../shared/contract/clientEvents';
import { answerClientCall } from '../../core/host/answerCall';
import type { Logger } from '../../core/logging/logger';
import { callChannel, eventChannel } from '../preload/channels';
import { isAppUrl } from './origin';

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
        return {
          ok: false,
          error: { code: 'forbiddenSender', message: 'Only the Starling window may call the engine.' },
        };
      }
      return answerClientCall(host, method, request, logger);
    },
  );

  const windows = new Set<WebContents>();
  const unsubscribers = clientEventNames.map((name) =>
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
