// Requests between devnet servers (relaying onion layers, replicating writes, proxying to HTTP
// destinations). Service node certificates are self-signed and not verified, as on the public
// network (protocol-network.md §1): privacy comes from the onion encryption.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Connections are kept open between requests: a TLS handshake per relayed layer or replicated write
// would cost more than the work itself. Idle sockets close after a few seconds.
const keepAlive = { keepAlive: true, maxSockets: 64, timeout: 10_000 };
const httpsAgent = new HttpsAgent({ ...keepAlive, rejectUnauthorized: false });
const httpAgent = new HttpAgent(keepAlive);

export interface PostResult {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

export class ConnectionFailedError extends Error {}
export class RequestTimedOutError extends Error {}

export function post(
  url: string,
  body: Uint8Array,
  options: {
    contentType: string;
    timeoutMs: number;
    maximumReplyBytes?: number;
    headers?: Readonly<Record<string, string>>;
  },
): Promise<PostResult> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const limit = options.maximumReplyBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      target,
      {
        method: 'POST',
        agent: secure ? httpsAgent : httpAgent,
        rejectUnauthorized: false,
        headers: { ...options.headers, 'Content-Type': options.contentType, 'Content-Length': body.length },
        timeout: options.timeoutMs,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let length = 0;
        incoming.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > limit) {
            outgoing.destroy(new ConnectionFailedError('reply too large'));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 502,
            contentType: String(incoming.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        incoming.on('error', (error) => reject(new ConnectionFailedError(error.message)));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new RequestTimedOutError('timed out')));
    outgoing.on('error', (error) =>
      reject(error instanceof RequestTimedOutError ? error : new ConnectionFailedError(error.message)),
    );
    outgoing.end(body);
  });
}
