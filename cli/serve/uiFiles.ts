// The headless host's answers over plain HTTP: the built UI's files (one page, its assets), each
// with design.md's security headers, and the refusals in words.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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

export function securityHeaders(origin: string): Record<string, string> {
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

/** A refusal in words, with the same headers as any page of the host. */
export function refuse(response: ServerResponse, origin: string, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(origin) });
  response.end(`${text}\n`);
}

/**
 * Serves `url`'s file of the built UI (who may see it was decided before). Unknown paths get the
 * UI itself, which has one page; a missing asset is a 404; nothing outside the directory is read.
 */
export async function serveUiFile(options: {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  readonly origin: string;
  readonly rendererDirectory: string;
}): Promise<void> {
  const { request, response, url, origin, rendererDirectory } = options;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname).replace(/^\/+/u, '');
  } catch {
    refuse(response, origin, 400, 'This address is malformed.');
    return;
  }
  const file = path.resolve(rendererDirectory, relative === '' ? 'index.html' : relative);
  if (file !== rendererDirectory && !file.startsWith(`${rendererDirectory}${path.sep}`)) {
    refuse(response, origin, 404, 'Not found.');
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
      refuse(response, origin, 404, 'Not found.');
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
