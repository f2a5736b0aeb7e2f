import { beforeAll, describe, expect, it, vi } from 'vitest';
// Runs the preload once, against the mocked Electron below (vi.mock is hoisted above this import).
import './preload';

const electron = vi.hoisted(() => {
  const rendererListeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  return {
    rendererListeners,
    contextBridge: {
      exposeInMainWorld: vi.fn(),
    },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: { state: 'needsAccount' } })),
      on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        rendererListeners.set(channel, listener);
      }),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

interface Bridge {
  call(method: string, request: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}

let bridge: Bridge;

beforeAll(() => {
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, value] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Bridge];
  expect(key).toBe('starling');
  bridge = value;
});

/** What the main process's `webContents.send('starling:event', name, payload)` does here. */
function push(name: unknown, payload: unknown): void {
  const listener = electron.rendererListeners.get('starling:event');
  if (!listener) throw new Error('the preload does not listen for events');
  listener({ sender: 'the IPC event, which must not reach the page' }, name, payload);
}

describe('preload', () => {
  it('exposes exactly call and on, as window.starling', () => {
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });

  it('sends calls on the call channel and returns the reply', async () => {
    await expect(bridge.call('getStartup', {})).resolves.toEqual({
      ok: true,
      value: { state: 'needsAccount' },
    });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('starling:call', 'getStartup', {});
  });

  it('routes events by name, with the payload only, until unsubscribed', () => {
    const typing = vi.fn();
    const received = vi.fn();
    const stopTyping = bridge.on('typing.changed', typing);
    bridge.on('message.received', received);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);

    push('typing.changed', { conversationId: 'a', typing: true });
    expect(typing).toHaveBeenCalledWith({ conversationId: 'a', typing: true });
    expect(typing.mock.calls[0]).toHaveLength(1);
    expect(received).not.toHaveBeenCalled();

    stopTyping();
    push('typing.changed', { conversationId: 'a', typing: false });
    push({ not: 'a name' }, {});
    expect(typing).toHaveBeenCalledTimes(1);
    push('message.received', { message: { id: 1 } });
    expect(received).toHaveBeenCalledWith({ message: { id: 1 } });
  });
});
