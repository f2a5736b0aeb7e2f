// The headless host's web server (design.md "cli/ serve"): the built UI and ClientApi's WebSocket on
// 127.0.0.1 only, behind a random per-launch token. The token comes in the printed URL once; the
// host trades it for an HttpOnly, SameSite=Strict cookie and sends the browser on without it. Every
// request without the token or the cookie is refused, and the WebSocket also checks the page's
// origin, so another site open in the same browser can neither read the UI nor drive the API.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { ClientApi } from '../../shared/contract/clientApi';
import type { ClientEventSource } from '../../shared/contract/clientEvents';
import { socketPath, tokenParameter } from '../../shared/contract/socketProtocol';
import type { Logger } from '../../core/logging/logger';
import { bridgeSocket } from './socketBridge';

export interface HeadlessHost {
  /** http://127.0.0.1:PORT/?token=…: the one URL that opens the UI. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** A call may carry an image of a QR code (base64, ≤ 16 MiB); nothing else comes near. */
const maximumFrameBytes = 20 * 1024 * 1024;
const cookieName = `starling_${tokenParameter}`;

function securityHeaders(origin: string): Record<string, string> {
  const socketOrigin = origin.replace(/^http/u, 'ws');
  return {
    // design.md's CSP: no inline scripts; wasm for libsodium-like code; the API's socket only.
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob: mediastream:",
      `connect-src 'self' ${socketOrigin}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(token);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return value.join('=');
  }
  return undefined;
}

export async function startHeadlessHost(options: {
  readonly host: ClientApi & ClientEventSource;
  /** The built UI: index.html and its assets. */
  readonly rendererDirectory: string;
  readonly port?: number;
  readonly logger: Logger;
}): Promise<HeadlessHost> {
  const token = randomBytes(32).toString('base64url');
  const rendererDirectory = path.resolve(options.rendererDirectory);
  let origin = '';

  const authorized = (request: IncomingMessage, url: URL): boolean =>
    sameToken(url.searchParams.get(tokenParameter), token) || sameToken(cookieToken(request), token);

  const refuse = (response: ServerResponse, status: number, text: string): void => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(origin) });
    response.end(`${text}\n`);
  };

  async function serveFile(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      refuse(response, 405, 'Only GET is served here.');
      return;
    }
    if (!authorized(request, url)) {
      refuse(response, 401, 'This Starling host needs the link with its token, as printed when it started.');
      return;
    }
    if (url.searchParams.has(tokenParameter)) {
      // Trade the token for a cookie, and take it out of the address bar and the history.
      response.writeHead(303, {
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname,
        ...securityHeaders(origin),
      });
      response.end();
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname).replace(/^\/+/u, '');
    } catch {
      refuse(response, 400, 'This address is malformed.');
      return;
    }
    const file = path.resolve(rendererDirectory, relative === '' ? 'index.html' : relative);
    if (file !== rendererDirectory && !file.startsWith(`${rendererDirectory}${path.sep}`)) {
      refuse(response, 404, 'Not found.');
      return;
    }
    // Unknown paths get the UI itself (it has one page); a missing asset is a 404.
    const isAsset = path.extname(file) !== '';
    let body: Buffer;
    let served = file;
    try {
      body = await readFile(file);
    } catch {
      if (isAsset) {
        refuse(response, 404, 'Not found.');
        return;
      }
      served = path.join(rendererDirectory, 'index.html');
      body = await readFile(served);
    }
    response.writeHead(200, {
      'Content-Type': contentTypes[path.extname(served)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      ...securityHeaders(origin),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    serveFile(request, response, url).catch((error: unknown) => {
      options.logger.error(`serving ${url.pathname} failed: ${(error as Error).message}`);
      if (!response.headersSent) refuse(response, 500, 'The UI could not be served.');
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maximumFrameBytes });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const refuseUpgrade = (status: number, text: string): void => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`,
      );
    };
    if (url.pathname !== socketPath) return refuseUpgrade(404, 'Not Found');
    if (!authorized(request, url)) return refuseUpgrade(401, 'Unauthorized: the token is missing or wrong');
    // A browser always says which page opened the socket: only our own page may.
    const pageOrigin = request.headers.origin;
    if (pageOrigin !== undefined && pageOrigin !== origin) {
      return refuseUpgrade(403, 'Forbidden: this socket belongs to the Starling page only');
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) =>
      bridgeSocket(webSocket, options.host, options.logger),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?${tokenParameter}=${token}`,
    origin,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
