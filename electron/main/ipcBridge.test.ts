import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { ClientApi } from '../../shared/contract/clientApi';
import { type ClientEventName, clientEventNames } from '../../shared/contract/clientEvents';
import { StarlingError } from '../../shared/errors';
import { createLogger, memorySink } from '../../core/logging/logger';
import type { ClientEventSource } from '../../shared/contract/clientEvents';
import { bridgeClientApi } from './ipcBridge';

// Nothing of Electron runs here: the bridge gets its ipcMain and windows from the caller.
vi.mock('electron', () => ({}));

const appOrigin = 'starling://app';
const sessionId = '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** ipcMain as Electron behaves: a channel without a handler rejects the renderer's invoke. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    invoke(channel: string, event: IpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
      return handler(event, ...args);
    },
  };
}

/** A call's event: by default from the app's top frame. */
function callEvent(options: { url?: string; subFrame?: boolean; noFrame?: boolean } = {}) {
  const mainFrame = { url: options.url ?? 'starling://app/index.html' };
  const senderFrame = options.noFrame ? null : options.subFrame ? { url: mainFrame.url } : mainFrame;
  return { sender: { mainFrame }, senderFrame } as unknown as IpcMainInvokeEvent;
}

function fakeHost() {
  const listeners = new Map<ClientEventName, Set<(payload: unknown) => void>>();
  const host = {
    getStartup: vi.fn(async () => ({ state: 'needsAccount', account: null, network: 'devnet' })),
    sendMessage: vi.fn(async () => ({ id: 1 })),
    markRead: vi.fn(async () => {
      throw new StarlingError('noAccount', 'Create or restore an account first.');
    }),
    getSettings: vi.fn(async () => {
      throw new TypeError('cannot read properties of undefined');
    }),
    on: vi.fn((name: ClientEventName, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    }),
  };
  const emit = (name: ClientEventName, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  return { host, listeners, emit };
}

function setUp() {
  const ipcMain = fakeIpcMain();
  const { host, listeners, emit } = fakeHost();
  const sink = memorySink();
  const bridge = bridgeClientApi({
    ipcMain,
    host: host as unknown as ClientApi & ClientEventSource,
    appOrigin,
    logger: createLogger({ sink }),
  });
  const call = (method: unknown, request?: unknown, event = callEvent()) =>
    ipcMain.invoke('starling:call', event, method, request);
  return { ipcMain, host, listeners, emit, sink, bridge, call };
}

describe('bridgeClientApi calls', () => {
  it('answers a valid call from the app with the host’s value', async () => {
    const { host, call } = setUp();
    await expect(call('getStartup', {})).resolves.toEqual({
      ok: true,
      value: { state: 'needsAccount', account: null, network: 'devnet' },
    });
    await expect(call('sendMessage', { conversationId: sessionId, text: 'hi' })).resolves.toEqual({
      ok: true,
      value: { id: 1 },
    });
    expect(host.sendMessage).toHaveBeenCalledWith({ conversationId: sessionId, text: 'hi' });
  });

  it('listens on its one channel only: any other channel is refused by Electron', async () => {
    const { ipcMain } = setUp();
    expect([...ipcMain.handlers.keys()]).toEqual(['starling:call']);
    await expect(ipcMain.invoke('starling:shell', callEvent(), 'openExternal')).rejects.toThrow(
      /No handler registered/u,
    );
  });

  it('refuses an unknown method, including inherited names', async () => {
    const { call } = setUp();
    for (const method of ['deleteEverything', 'toString', '__proto__', 'constructor', 42, undefined]) {
      const reply = await call(method, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknownMethod' } });
    }
    expect(await call('deleteEverything')).toEqual({
      ok: false,
      error: { code: 'unknownMethod', message: 'There is no method “deleteEverything”.' },
    });
  });

  it('refuses an invalid request with words, before the host sees it', async () => {
    const { host, call } = setUp();
    const reply = (await call('sendMessage', { conversationId: 'not an id', text: 'hi' })) as {
      ok: false;
      error: { code: string; message: string };
    };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('invalidRequest');
    expect(reply.error.message).toMatch(/\(conversationId\)$/u);
    expect(reply.error.message.split(' ').length).toBeGreaterThan(3);
    expect(await call('sendMessage', 'text')).toMatchObject({ ok: false, error: { code: 'invalidRequest' } });
    expect(host.sendMessage).not.toHaveBeenCalled();
  });

  it('refuses a sender of another origin, a sub-frame, and a frame that is gone', async () => {
    const { host, call, sink } = setUp();
    const senders = [
      callEvent({ url: 'https://example.com/' }),
      callEvent({ url: 'starling://app.evil/index.html' }),
      callEvent({ url: 'file:///tmp/index.html' }),
      callEvent({ subFrame: true }),
      callEvent({ noFrame: true }),
    ];
    for (const event of senders) {
      expect(await call('getStartup', {}, event)).toEqual({
        ok: false,
        error: { code: 'forbiddenSender', message: 'Only the Starling window may call the engine.' },
      });
    }
    expect(host.getStartup).not.toHaveBeenCalled();
    expect(sink.records.filter((record) => record.level === 'warn')).toHaveLength(senders.length);
  });

  it('passes on StarlingErrors and hides everything else behind `internal`', async () => {
    const { call, sink } = setUp();
    expect(await call('markRead', { conversationId: sessionId })).toEqual({
      ok: false,
      error: { code: 'noAccount', message: 'Create or restore an account first.' },
    });
    const reply = await call('getSettings', {});
    expect(reply).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside Starling; the log has the details.' },
    });
    expect(JSON.stringify(reply)).not.toMatch(/TypeError|at /u);
    expect(
      sink.records.some((record) => record.level === 'error' && record.message.includes('TypeError')),
    ).toBe(true);
  });
});

describe('bridgeClientApi events', () => {
  function fakeWindow() {
    let destroyed = false;
    let onDestroyed: (() => void) | undefined;
    const contents = {
      send: vi.fn(),
      isDestroyed: () => destroyed,
      once: vi.fn((name: string, listener: () => void) => {
        if (name === 'destroyed') onDestroyed = listener;
      }),
    };
    const destroy = () => {
      destroyed = true;
      onDestroyed?.();
    };
    return { contents, window: contents as unknown as WebContents, destroy };
  }

  it('forwards every event to the registered windows only', () => {
    const { bridge, emit, listeners } = setUp();
    expect(listeners.size).toBe(clientEventNames.length);
    const first = fakeWindow();
    const second = fakeWindow();
    const stranger = fakeWindow();
    bridge.addWindow(first.window);
    const removeSecond = bridge.addWindow(second.window);

    emit('typing.changed', { conversationId: sessionId, typing: true });
    expect(first.contents.send).toHaveBeenCalledWith('starling:event', 'typing.changed', {
      conversationId: sessionId,
      typing: true,
    });
    expect(second.contents.send).toHaveBeenCalledTimes(1);
    expect(stranger.contents.send).not.toHaveBeenCalled();

    removeSecond();
    first.destroy();
    emit('network.hardforkRequired', { hardfork: '2.11' });
    expect(first.contents.send).toHaveBeenCalledTimes(1);
    expect(second.contents.send).toHaveBeenCalledTimes(1);
  });

  it('stops answering and forwarding once closed', async () => {
    const { bridge, ipcMain, listeners, call } = setUp();
    bridge.close();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith('starling:call');
    expect([...listeners.values()].every((set) => set.size === 0)).toBe(true);
    await expect(call('getStartup', {})).rejects.toThrow(/No handler registered/u);
  });
});
