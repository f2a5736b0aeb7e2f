// The security settings of the app's window, following Electron's security checklist as design.md
// applies it: a sandboxed, isolated renderer without Node; a strict CSP; no navigation away from the
// app and no new windows; external links opened only after the person confirms; and only the
// permissions the app needs (notifications; microphone and camera for voice notes and QR scanning).
import {
  shell,
  type Session,
  type WebContents,
  type WebPreferences,
  type WindowOpenHandlerResponse,
} from 'electron';
import type { Logger } from '../../core/logging/logger';
import { linkConfirmation } from '../../shared/protocol/messages/links';
import { isAppUrl } from './origin';

/** The webPreferences of every window of the app. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // The renderer shows what strangers send: if it is ever compromised, the OS sandbox and the
    // absence of Node keep it from reaching files, keys or processes.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // The preload's world stays apart from the page's, so the page cannot tamper with it.
    contextIsolation: true,
    // The same-origin policy stays on, and no http content inside the app.
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // A <webview> would be a second, less guarded browser inside the app.
    webviewTag: false,
    // A page cannot flood the person with alert() dialogs.
    safeDialogs: true,
    // A file dropped on the window must not replace the app with that file.
    navigateOnDragDrop: false,
    // Chromium's spellchecker downloads its dictionaries from Google's servers on Windows and Linux,
    // which tells a third party the app is running; off until the person turns it on.
    spellcheck: false,
  };
}

/**
 * The CSP of every response of the app's protocol (design.md): scripts only from the app, wasm
 * allowed for the crypto libraries, no inline scripts, no plugins, no framing. The same list as
 * the headless host's, without its WebSocket: the window talks to the engine over IPC.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The headers of every response of the app's protocol. */
export const protocolSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export interface GuardOptions {
  /** The app's origin, e.g. `starling://app`. */
  readonly appOrigin: string;
  /** Asks the person whether to open `url` in their browser; resolves true when they agree. */
  readonly confirmExternal: (url: string) => Promise<boolean>;
  /** Opens a URL in the person's browser (shell.openExternal unless a test gives another). */
  readonly openExternal?: (url: string) => Promise<void>;
  readonly logger: Logger;
}

function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The words of the dialog that asks before a link is opened: the renderer's own question in a
 * browser (LinkedText) in a native dialog. The host comes first and on its own line, as the URL
 * standard reads it (punycode for a name in other alphabets), then the whole address and warnings.
 */
export function externalLinkDialog(url: string): { message: string; detail: string } {
  const question = linkConfirmation(url);
  if (question === null) return { message: 'Open this link in your browser?', detail: url };
  return {
    message: question.question,
    detail: [
      `It goes to ${question.host}`,
      '',
      question.href,
      ...question.warnings.map((line) => `\n${line}`),
    ].join('\n'),
  };
}

/**
 * Keeps a window on the app: navigation to another origin and redirects are refused, no window
 * can be opened, and a web link the person clicked is opened in their browser only after they
 * confirm. Only http(s) links are offered: other schemes (file:, smb:, custom handlers) can start
 * programs on the computer.
 */
export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  const openExternal = options.openExternal ?? ((url: string) => shell.openExternal(url));
  const offerExternal = (url: string): void => {
    if (!isWebLink(url)) return;
    // Re-serialised, so the browser gets exactly the URL the person was shown.
    const link = new URL(url).href;
    options
      .confirmExternal(link)
      .then((confirmed) => (confirmed ? openExternal(link) : undefined))
      .catch((error: unknown) => {
        options.logger.warn(`could not open an external link: ${(error as Error).message}`);
      });
  };

  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, options.appOrigin)) return;
    event.preventDefault();
    offerExternal(event.url);
  });
  // A redirect was not chosen by the person: refused without an offer to open it.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, options.appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }): WindowOpenHandlerResponse => {
    offerExternal(url);
    return { action: 'deny' };
  });
}

type PermissionRequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {};
type PermissionCheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {};
type PermissionRequestDetails = Parameters<PermissionRequestHandler>[3];

const captureTypes = new Set(['audio', 'video']);

function asksForCapture(details: PermissionRequestDetails): boolean {
  const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
  return (
    mediaTypes !== undefined &&
    mediaTypes.length > 0 &&
    mediaTypes.every((mediaType) => captureTypes.has(mediaType))
  );
}

/**
 * Grants notifications, and the microphone or camera (voice notes, QR scanning), to the app's own
 * top frame; refuses every other permission and every other origin. Screen capture is a separate
 * permission ('display-capture') and is refused.
 */
export function permissionRequestHandler(appOrigin: string): PermissionRequestHandler {
  return (_contents, permission, callback, details) => {
    const fromApp = details.isMainFrame && isAppUrl(details.requestingUrl, appOrigin);
    if (!fromApp) return callback(false);
    if (permission === 'notifications') return callback(true);
    if (permission === 'media') return callback(asksForCapture(details));
    callback(false);
  };
}

/** The synchronous checks Chromium makes before asking: the same decisions as the requests. */
export function permissionCheckHandler(appOrigin: string): PermissionCheckHandler {
  return (_contents, permission, requestingOrigin, details) => {
    const fromApp = details.isMainFrame && isAppUrl(requestingOrigin, appOrigin);
    if (!fromApp) return false;
    if (permission === 'notifications') return true;
    if (permission === 'media') return details.mediaType === 'audio' || details.mediaType === 'video';
    return false;
  };
}

/** Installs both permission handlers on the window's session. */
export function guardSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  appOrigin: string,
): void {
  session.setPermissionRequestHandler(permissionRequestHandler(appOrigin));
  session.setPermissionCheckHandler(permissionCheckHandler(appOrigin));
}
