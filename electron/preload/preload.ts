// The preload of the app's window: exposes `window.starling` (renderer/src/api/connection.ts's
// PreloadBridge) and nothing else. The page gets two functions, never ipcRenderer itself nor an
// IPC event object (which would let it send on any channel or reach the sender): it can only call
// ClientApi methods, which the main process checks, and listen to ClientEvents.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ClientMethod, ClientReply } from '../../shared/contract/clientApi';
import type { ClientEventName } from '../../shared/contract/clientEvents';
import { callChannel, eventChannel } from './channels';

type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events, routed by name here: a listener per subscription would pile up
// on the channel (and trip Node's listener-leak warning) as the UI subscribes.
ipcRenderer.on(eventChannel, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge = {
  call(method: ClientMethod, request: unknown): Promise<ClientReply<unknown>> {
    return ipcRenderer.invoke(callChannel, method, request) as Promise<ClientReply<unknown>>;
  },
  on(name: ClientEventName, listener: Listener): () => void {
    const set = listeners.get(name) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(name, set);
    return () => {
      set.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('starling', bridge);
