// The HTTP(S) servers of the devnet: on 127.0.0.1 only, with timeouts so that a client that opens a
// connection and never finishes cannot hold a server up, and a route failure answered 500. Most are
// HTTPS; the file server is plain HTTP, as official clients reach it (protocol-messages.md §5.2).
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Server as HttpServer } from 'node:http';
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
  const server = createServer({ key: tls.key, cert: tls.cert }, answer(route));
  if (onConnection) server.on('connection', onConnection);
  return listen(server, port);
}

/** The same server in plain HTTP, for a destination that official clients reach with `http`. */
export async function startPlainLoopbackServer(port: number, route: Route): Promise<HttpServer> {
  return listen(createHttpServer(answer(route)), port);
}

function answer(route: Route): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void route(request, response).catch((error: unknown) => {
      sendReply(response, 500, `Internal error: ${(error as Error).message}`);
    });
  };
}

async function listen<T extends HttpServer | Server>(server: T, port: number): Promise<T> {
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
export async function closeServer(server: HttpServer | Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
