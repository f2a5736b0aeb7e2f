// HTTPS requests from the engine. Service nodes present self-signed certificates that are not
// verified (protocol-network.md §1): onion encryption to the node's X25519 key protects the
// content. Seeds are different: their certificates are pinned, and a mismatch is refused before the
// reply is read.
import { createHash, X509Certificate } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { StarlingError } from '../../shared/errors';
import type { SeedPins } from './networkDescription';

export type TransportErrorCode =
  'connectionRefused' | 'connectionFailed' | 'timedOut' | 'pinMismatch' | 'replyTooLarge' | 'aborted';

export class TransportError extends StarlingError<TransportErrorCode> {}

export interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface PostOptions {
  readonly contentType: string;
  readonly timeoutMs: number;
  readonly pins?: SeedPins | undefined;
  readonly maximumReplyBytes?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
  /** Bytes moved so far, of how many (a large upload or download reports as it goes). */
  readonly onProgress?: ((direction: 'sent' | 'received', done: number, total: number) => void) | undefined;
}

/** Large bodies are written in pieces of this size: progress is told, and TLS buffered, per piece. */
const writeChunkBytes = 256 * 1024;

// Kept-alive connections to nodes: a TLS handshake per request would double an onion round trip.
const httpsAgent = new HttpsAgent({
  keepAlive: true,
  maxSockets: 16,
  timeout: 15_000,
  rejectUnauthorized: false,
});
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16, timeout: 15_000 });

export function pinsOf(certificate: X509Certificate): SeedPins {
  return {
    publicKeySha256: createHash('sha256')
      .update(certificate.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64'),
    certificateSha256: certificate.fingerprint256,
  };
}

/**
 * The bytes of a reply. Node's parser never delivers more than a Content-Length announces, nor ends
 * a reply with fewer; a preallocated reply that somehow does is joined from its parts instead.
 */
function replyBody(
  preallocated: Buffer | undefined,
  preallocatedLength: number,
  chunks: readonly Buffer[],
): Buffer {
  if (!preallocated) return Buffer.concat(chunks);
  if (chunks.length === 0 && preallocatedLength === preallocated.length) return preallocated;
  return Buffer.concat([preallocated.subarray(0, preallocatedLength), ...chunks]);
}

/**
 * A kept-alive connection that the server had closed while it waited in the pool: the request did
 * not reach the server, so it is sent once more on a new connection (what Node's documentation
 * advises for `reusedSocket`). A node that has died then refuses the new connection, and is seen
 * as down rather than as a path that failed.
 */
class StaleConnectionError extends TransportError {}

/**
 * POSTs `body`, which may come in parts (an onion request does): they are written one after the
 * other, as one body of their summed length, without being joined first.
 */
export async function post(
  url: string,
  body: Uint8Array | readonly Uint8Array[],
  options: PostOptions,
): Promise<HttpReply> {
  const parts: readonly Uint8Array[] = body instanceof Uint8Array ? [body] : body;
  try {
    return await postOnce(url, parts, options, false);
  } catch (error) {
    if (!(error instanceof StaleConnectionError)) throw error;
    return postOnce(url, parts, options, true);
  }
}

function postOnce(
  url: string,
  parts: readonly Uint8Array[],
  options: PostOptions,
  newConnection: boolean,
): Promise<HttpReply> {
  const bodyLength = parts.reduce((total, part) => total + part.length, 0);
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const limit = options.maximumReplyBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const fail = (error: TransportError): void => {
      outgoing.destroy();
      reject(error);
    };
    const outgoing = (secure ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      // A pinned connection is checked once and never pooled with unchecked ones.
      agent: options.pins || newConnection ? false : secure ? httpsAgent : httpAgent,
      rejectUnauthorized: false,
      timeout: options.timeoutMs,
      headers: { 'Content-Type': options.contentType, 'Content-Length': bodyLength, ...options.headers },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (options.pins) {
      const pins = options.pins;
      outgoing.on('socket', (socket) => {
        socket.once('secureConnect', () => {
          const certificate = (socket as TLSSocket).getPeerX509Certificate();
          const served = certificate ? pinsOf(certificate) : undefined;
          if (
            !served ||
            served.publicKeySha256 !== pins.publicKeySha256 ||
            served.certificateSha256 !== pins.certificateSha256
          ) {
            fail(
              new TransportError(
                'pinMismatch',
                `${target.host} presented a certificate that does not match its pin: refusing to trust it.`,
              ),
            );
          }
        });
      });
    }
    let answered = false;
    outgoing.on('response', (incoming) => {
      answered = true;
      const announced = Number(incoming.headers['content-length'] ?? 0);
      // A reply that announces its length (a download does) is written into one buffer of that size
      // as it arrives, so the chunks can go as soon as they are copied: no list of them joined at the
      // end into a second whole copy. Buffer.alloc is never taken from Node's shared pool, so the
      // buffer owns its memory and the caller may view it whole. Without a length, chunks are joined.
      const preallocated =
        Number.isSafeInteger(announced) && announced > 0 && announced <= limit
          ? Buffer.alloc(announced)
          : undefined;
      const chunks: Buffer[] = [];
      let length = 0;
      let preallocatedLength = 0;
      incoming.on('data', (chunk: Buffer) => {
        length += chunk.length;
        options.onProgress?.('received', length, Math.max(announced, length));
        if (length > limit) {
          fail(
            new TransportError('replyTooLarge', `${target.host} sent a reply larger than ${limit} bytes.`),
          );
          return;
        }
        if (preallocated && chunks.length === 0 && length <= preallocated.length) {
          preallocated.set(chunk, preallocatedLength);
          preallocatedLength = length;
        } else {
          chunks.push(chunk);
        }
      });
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          contentType: String(incoming.headers['content-type'] ?? ''),
          body: replyBody(preallocated, preallocatedLength, chunks),
        }),
      );
      incoming.on('error', () =>
        fail(new TransportError('connectionFailed', `${target.host} closed the connection.`)),
      );
    });
    outgoing.on('timeout', () =>
      fail(
        new TransportError('timedOut', `${target.host} did not answer within ${options.timeoutMs / 1000} s.`),
      ),
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof TransportError) return reject(error);
      if (error.name === 'AbortError')
        return reject(new TransportError('aborted', 'The request was cancelled.'));
      if (outgoing.reusedSocket && !answered && error.code === 'ECONNRESET') {
        return reject(
          new StaleConnectionError('connectionFailed', `${target.host} closed a kept connection.`),
        );
      }
      // A refused connection means nothing listens there: the node is down or gone.
      const code = error.code === 'ECONNREFUSED' ? 'connectionRefused' : 'connectionFailed';
      reject(new TransportError(code, `Cannot reach ${target.host}: ${error.code ?? error.message}.`));
    });
    if (bodyLength <= writeChunkBytes) {
      // Small enough that joining the parts costs less than writing them one by one.
      outgoing.end(parts.length === 1 ? parts[0] : Buffer.concat(parts));
      return;
    }
    // Written piece by piece as the socket drains, with or without progress to tell: TLS encrypts a
    // whole write into its own buffer before sending any, so one write of a file would hold a second
    // copy of it outside the JS heap until the last byte has left.
    const report = options.onProgress;
    let written = 0;
    let partIndex = 0;
    let partOffset = 0;
    const writeMore = (): void => {
      while (partIndex < parts.length) {
        const part = parts[partIndex]!;
        const piece = part.subarray(partOffset, partOffset + writeChunkBytes);
        partOffset += piece.length;
        if (partOffset >= part.length) {
          partIndex += 1;
          partOffset = 0;
        }
        if (piece.length === 0) continue;
        written += piece.length;
        const more = outgoing.write(piece);
        report?.('sent', written, bodyLength);
        if (!more) {
          outgoing.once('drain', writeMore);
          return;
        }
      }
      outgoing.end();
    };
    writeMore();
  });
}
