import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { createLogger, memorySink } from '../../core/logging/logger';
import {
  contentSecurityPolicy,
  externalLinkDialog,
  guardSession,
  guardWebContents,
  permissionCheckHandler,
  permissionRequestHandler,
  protocolSecurityHeaders,
  secureWebPreferences,
} from './windowSecurity';

const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async (_url: string) => undefined) } }));
vi.mock('electron', () => electron);

const appOrigin = 'starling://app';
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Listener = (event: { url: string; preventDefault: () => void }) => void;

/** Enough of WebContents for guardWebContents: its listeners and its window-open handler. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  };
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} listener`);
    listener(event);
    return event;
  };
  const open = (url: string) => openHandler!({ url });
  return { contents: contents as unknown as WebContents, fire, open };
}

function guarded(answer: boolean) {
  const fake = fakeContents();
  const confirmExternal = vi.fn(async (_url: string) => answer);
  const openExternal = vi.fn(async (_url: string) => undefined);
  const logger = createLogger({ sink: memorySink() });
  guardWebContents(fake.contents, { appOrigin, confirmExternal, openExternal, logger });
  return { ...fake, confirmExternal, openExternal };
}

describe('secureWebPreferences', () => {
  it('sandboxes and isolates the renderer, without Node, with the given preload', () => {
    expect(secureWebPreferences('/app/preload.js')).toMatchObject({
      preload: '/app/preload.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts and wasm from the app only, never inline or eval', () => {
    const directives = new Map(
      contentSecurityPolicy.split('; ').map((directive) => {
        const [name, ...values] = directive.split(' ');
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(protocolSecurityHeaders['Content-Security-Policy']).toBe(contentSecurityPolicy);
  });

  it('lets voice notes play from blob: URLs and the recorder load its worklet and wasm from the app', () => {
    const directives = new Map(
      contentSecurityPolicy.split('; ').map((directive) => {
        const [name, ...values] = directive.split(' ');
        return [name, values] as const;
      }),
    );
    // VoicePlayer plays from a blob: URL (stack.md Media: <audio> over HTTP gets no duration).
    expect(directives.get('media-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    // audioWorklet.addModule falls under script-src; LAME's wasm is fetched (connect-src), never
    // from a data: URL, which is why the recorder ships it as an asset.
    expect(directives.get('script-src')).toContain("'self'");
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('guardWebContents', () => {
  beforeEach(() => electron.shell.openExternal.mockClear());

  it('refuses navigation to another origin and opens the link only once the person confirms', async () => {
    const { fire, confirmExternal, openExternal } = guarded(true);
    const event = fire('will-navigate', 'https://getsession.org/faq');
    expect(event.preventDefault).toHaveBeenCalled();
    await flush();
    expect(confirmExternal).toHaveBeenCalledWith('https://getsession.org/faq');
    expect(openExternal).toHaveBeenCalledWith('https://getsession.org/faq');
  });

  it('opens nothing when the person declines', async () => {
    const { fire, open, confirmExternal, openExternal } = guarded(false);
    fire('will-navigate', 'https://example.com/');
    expect(open('https://example.com/other')).toEqual({ action: 'deny' });
    await flush();
    expect(confirmExternal).toHaveBeenCalledTimes(2);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('lets the app navigate within its own origin', () => {
    const { fire, confirmExternal } = guarded(true);
    expect(fire('will-navigate', 'starling://app/index.html').preventDefault).not.toHaveBeenCalled();
    expect(fire('will-redirect', 'starling://app/index.html').preventDefault).not.toHaveBeenCalled();
    expect(confirmExternal).not.toHaveBeenCalled();
  });

  it('refuses look-alike origins, redirects away and webviews without offering anything', async () => {
    const { fire, confirmExternal } = guarded(true);
    expect(fire('will-navigate', 'starling://app.evil/').preventDefault).toHaveBeenCalled();
    expect(fire('will-navigate', 'file:///etc/passwd').preventDefault).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://example.com/').preventDefault).toHaveBeenCalled();
    expect(fire('will-attach-webview', 'starling://app/').preventDefault).toHaveBeenCalled();
    await flush();
    expect(confirmExternal).not.toHaveBeenCalled();
  });

  it('denies every new window and offers only http(s) links to the browser', async () => {
    const { open, confirmExternal, openExternal } = guarded(true);
    for (const url of [
      'starling://app/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/x',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(open('http://example.com/a b')).toEqual({ action: 'deny' });
    await flush();
    expect(confirmExternal.mock.calls).toEqual([['http://example.com/a%20b']]);
    expect(openExternal.mock.calls).toEqual([['http://example.com/a%20b']]);
  });

  it("uses Electron's shell when no opener is given", async () => {
    const { contents, open } = fakeContents();
    const logger = createLogger({ sink: memorySink() });
    guardWebContents(contents, { appOrigin, confirmExternal: async () => true, logger });
    open('https://example.com/');
    await flush();
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/');
  });
});

describe('externalLinkDialog', () => {
  it('puts the real host first, as punycode for a lookalike, then the address and the warnings', () => {
    const dialog = externalLinkDialog('https://\u0430pple.com/login');
    expect(dialog.message).toBe('Open this link in your browser?');
    const lines = dialog.detail.split('\n');
    expect(lines[0]).toBe('It goes to xn--pple-43d.com');
    expect(lines).toContain('https://xn--pple-43d.com/login');
    expect(dialog.detail).toMatch(/punycode/u);
    expect(externalLinkDialog('https://bank.example@evil.example/').detail).toContain('goes to evil.example');
  });
});

describe('permissions', () => {
  const request = permissionRequestHandler(appOrigin);
  const decide = (
    permission: Parameters<typeof request>[1],
    details: { requestingUrl: string; isMainFrame: boolean; mediaTypes?: ('audio' | 'video')[] },
  ): boolean => {
    let granted: boolean | undefined;
    request({} as WebContents, permission, (answer) => (granted = answer), details);
    if (granted === undefined) throw new Error('the handler did not answer');
    return granted;
  };
  const fromApp = { requestingUrl: 'starling://app/index.html', isMainFrame: true };

  it('grants notifications and microphone or camera capture to the app', () => {
    expect(decide('notifications', fromApp)).toBe(true);
    expect(decide('media', { ...fromApp, mediaTypes: ['audio'] })).toBe(true);
    expect(decide('media', { ...fromApp, mediaTypes: ['video'] })).toBe(true);
    expect(decide('media', { ...fromApp, mediaTypes: ['audio', 'video'] })).toBe(true);
  });

  it('refuses media without capture, other permissions, other origins and sub-frames', () => {
    expect(decide('media', fromApp)).toBe(false);
    expect(decide('media', { ...fromApp, mediaTypes: [] })).toBe(false);
    for (const permission of [
      'geolocation',
      'display-capture',
      'openExternal',
      'clipboard-read',
      'usb',
    ] as const) {
      expect(decide(permission, fromApp)).toBe(false);
    }
    expect(decide('notifications', { requestingUrl: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(decide('notifications', { ...fromApp, isMainFrame: false })).toBe(false);
    expect(decide('media', { ...fromApp, isMainFrame: false, mediaTypes: ['audio'] })).toBe(false);
  });

  it('answers the checks the same way', () => {
    const check = permissionCheckHandler(appOrigin);
    const main = { isMainFrame: true };
    expect(check(null, 'notifications', appOrigin, main)).toBe(true);
    expect(check(null, 'media', appOrigin, { ...main, mediaType: 'audio' })).toBe(true);
    expect(check(null, 'media', appOrigin, { ...main, mediaType: 'video' })).toBe(true);
    expect(check(null, 'media', appOrigin, { ...main, mediaType: 'unknown' })).toBe(false);
    expect(check(null, 'geolocation', appOrigin, main)).toBe(false);
    expect(check(null, 'notifications', 'https://example.com', main)).toBe(false);
    expect(check(null, 'notifications', appOrigin, { isMainFrame: false })).toBe(false);
  });

  it('installs both handlers on the session', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    guardSession(session as unknown as Session, appOrigin);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(expect.any(Function));
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(expect.any(Function));
  });
});
