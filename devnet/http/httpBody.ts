// Reading request bodies and writing replies for the devnet's HTTPS servers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyJson } from './json';

// protocol-network.md §4.1: a storage server refuses bodies over 10 MiB with 413.
export const maximumBodyBytes = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** Reads a whole request body, refusing (and discarding) one larger than `limit`. */
export function readBody(request: IncomingMessage, limit = maximumBodyBytes): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      request.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        request.destroy();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Reads the body, or answers 413 (too large) or 400 (unreadable) itself and returns undefined, so a
 * route handles only bodies it can use.
 */
export async function readBodyOrReply(
  request: IncomingMessage,
  response: ServerResponse,
  limit = maximumBodyBytes,
): Promise<Buffer | undefined> {
  try {
    return await readBody(request, limit);
  } catch (error) {
    sendReply(
      response,
      error instanceof BodyTooLargeError ? 413 : 400,
      'Request body too large or unreadable',
    );
    return undefined;
  }
}

/** Sends a reply: an object as JSON (Content-Type exactly application/json, §1), text as text/plain. */
export function sendReply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  if (body instanceof Uint8Array) {
    response.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    response.end(body);
    return;
  }
  const isText = typeof body === 'string';
  const payload = Buffer.from(isText ? body : stringifyJson(body), 'utf8');
  response.writeHead(status, {
    'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': payload.length,
  });
  response.end(payload);
}
