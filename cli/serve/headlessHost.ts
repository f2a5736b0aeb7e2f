// The headless host's web server (design.md "cli/ serve"): the built UI and ClientApi's WebSocket on
// 127.0.0.1 only. The printed link's token is traded once for a session cookie of this host alone
// (hostAccess.ts says who may use the host, and why); every other request needs that cookie and
// this host's exact Host header, and the API socket also this host's own page as its Origin.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ClientApi } from '../../shared/contract/clientApi';
import type { ClientEventSource } from '../../shared/contract/clientEvents';
import { socketPath, tokenParameter } from '../../shared/contract/socketProtocol';
import type { Logger } from '../../core/logging/logger';
import { createHostAccess } from './hostAccess';
import { bridgeSocket } from './socketBridge';
import { refuse, securityHeaders, serveUiFile } from './uiFiles';

export interface HeadlessHost {
  /** http://127.0.0.1:PORT/?token=…: the one URL that opens the UI. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

/** A call may carry an image of a QR code (base64, ≤ 16 MiB); nothing else comes near. */
const maximumFrameBytes = 20 * 1024 * 1024;

const needsLink = 'This Starling host needs the link with its token, as printed when it started.';

/** The request's target on this host; undefined when it is not a URL at all. */
function requestUrl(request: IncomingMessage, origin: string): URL | undefined {
  try {
    return new URL(request.url ?? '/', origin);
  } catch {
    return undefined;
  }
}

/** The subprotocols a WebSocket request offers (Sec-WebSocket-Protocol, comma-separated). */
function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return (typeof header === 'string' ? header : '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

export async function startHeadlessHost(options: {
  readonly host: ClientApi & ClientEventSource;
  /** The built UI: index.html and its assets. */
  readonly rendererDirectory: string;
  readonly port?: number;
  readonly logger: Logger;
}): Promise<HeadlessHost> {
  const rendererDirectory = path.resolve(options.rendererDirectory);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // The port may be the system's choice: the credentials and the origin are known from here on.
  // (No request is handled before the handlers below are attached: that takes no turn of the loop.)
  const access = createHostAccess((server.address() as AddressInfo).port);
  const { origin } = access;

  server.on('request', (request: IncomingMessage, response) => {
    if (!access.isForThisHost(request)) {
      return refuse(response, origin, 421, `This Starling host answers only as ${access.hostHeader}.`);
    }
    const url = requestUrl(request, origin);
    if (!url) return refuse(response, origin, 400, 'This address is malformed.');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(response, origin, 405, 'Only GET is served here.');
    }
    const token = access.tokenIn(url);
    if (token === 'valid') {
      // Trade the token for this host's session cookie, and take it out of the address bar and the
      // history. The token opens nothing else: the redirect is all it is answered with.
      response.writeHead(303, {
        'Set-Cookie': access.sessionCookie(),
        Location: access.sessionRedirect(url),
        ...securityHeaders(origin),
      });
      return response.end();
    }
    if (token === 'wrong' || !access.hasSession(request)) return refuse(response, origin, 401, needsLink);
    serveUiFile({ request, response, url, origin, rendererDirectory }).catch((error: unknown) => {
      options.logger.error(`serving a file failed: ${(error as Error).message}`);
      if (!response.headersSent) refuse(response, origin, 500, 'The UI could not be served.');
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: maximumFrameBytes,
    // The browser accepts the socket only if the host names the subprotocol it chose.
    handleProtocols: (protocols) => access.offeredSocketKey(protocols) ?? false,
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off an upgraded socket: a reset during a refusal would
    // otherwise be thrown, and end the host.
    socket.on('error', () => socket.destroy());
    const refuseUpgrade = (status: number, text: string): void => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`,
      );
    };
    if (!access.isForThisHost(request)) return refuseUpgrade(421, 'Misdirected Request');
    const url = requestUrl(request, origin);
    if (!url || url.pathname !== socketPath) return refuseUpgrade(404, 'Not Found');
    // The token never opens the socket: only the cookie it was traded for does.
    if (!access.hasSession(request)) {
      return refuseUpgrade(401, 'Unauthorized: open the link printed by starling serve');
    }
    if (!access.isFromOwnPage(request)) {
      return refuseUpgrade(403, 'Forbidden: this socket belongs to the Starling page only');
    }
    if (!access.offeredSocketKey(offeredProtocols(request))) {
      return refuseUpgrade(401, 'Unauthorized: the socket key of this page is missing or wrong');
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) =>
      bridgeSocket(webSocket, options.host, options.logger),
    );
  });

  return {
    url: `${origin}/?${tokenParameter}=${access.token}`,
    origin,
    token: access.token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
