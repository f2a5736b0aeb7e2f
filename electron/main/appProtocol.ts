// The app's own protocol, starling://app/, which serves the built UI to the window instead of
// file:// (design.md): a file:// page could read any other file:// URL, and it has no origin that
// the CSP, the IPC sender check and the permission handler could recognise.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { protocolSecurityHeaders } from './windowSecurity';

export const appScheme = 'starling';
export const appHost = 'app';
export const appOrigin = `${appScheme}://${appHost}`;
export const appStartUrl = `${appOrigin}/`;

/**
 * Registered before 'ready' (Electron requires it). standard: relative URLs and an origin, like
 * https; secure: a secure context, so crypto.subtle and the media devices work; supportFetchAPI: the
 * UI may fetch its own assets. No bypassCSP: the protocol's CSP must apply.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export interface AppResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array<ArrayBuffer> | string;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function plain(status: number, text: string): AppResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...protocolSecurityHeaders },
    body: `${text}\n`,
  };
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * The answer to one request of the app's protocol. Only GET of starling://app/ is served; a path
 * that resolves outside the renderer directory is refused; a path without an extension is a route
 * of the one-page UI and gets index.html; a missing asset is a 404.
 */
export async function respondToAppRequest(
  request: { readonly url: string; readonly method?: string },
  rendererDirectory: string,
): Promise<AppResponse> {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Only GET is served here.');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'This address is malformed.');
  }
  if (url.protocol !== `${appScheme}:` || url.host.toLowerCase() !== appHost) return plain(404, 'Not found.');

  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname).replace(/^\/+/u, '');
  } catch {
    return plain(400, 'This address is malformed.');
  }
  const root = path.resolve(rendererDirectory);
  const file = path.resolve(root, relative === '' ? 'index.html' : relative);
  // Decoding may bring back "..", "\" or a drive letter that the URL parser had not resolved.
  if (relative.includes('\0') || !file.startsWith(`${root}${path.sep}`)) return plain(404, 'Not found.');

  const isAsset = path.extname(file) !== '';
  let served = file;
  let body = await readIfFile(file);
  if (body === undefined && !isAsset) {
    served = path.join(root, 'index.html');
    body = await readIfFile(served);
  }
  if (body === undefined) return plain(404, 'Not found.');
  return {
    status: 200,
    headers: {
      'Content-Type': contentTypes[path.extname(served)] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      ...protocolSecurityHeaders,
    },
    body: method === 'HEAD' ? '' : new Uint8Array(body),
  };
}

/** Serves the UI from `rendererDirectory` on starling://app/ (after 'ready'). */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDirectory: string): void {
  protocol.handle(appScheme, async (request) => {
    const answer = await respondToAppRequest(request, rendererDirectory);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
}
