// The HTTPS servers of the devnet: on 127.0.0.1 only, with timeouts so that a client that opens a
// connection and never finishes cannot hold a server up, and a route failure answered 500.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { TlsIdentity } from '../tls/certificates';
import { sendReply } from './httpBody';

export type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export async function startLoopbackServer(
  tls: TlsIdentity,
  port: number,
  route: Route,
  onConnection?: (socket: Socket) => void,
): Promise<Server> {
  const server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    void route(request, response).catch((error: unknown) => {
      sendReply(response, 500, `Internal error: ${(error as Error).message}`);
    });
  });
  if (onConnection) server.on('connection', onConnection);
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Stops accepting, drops open connections (kept-alive ones included), and resolves once closed. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
