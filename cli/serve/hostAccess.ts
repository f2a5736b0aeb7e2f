// Who may use one headless host (design.md "Security rules"), decided per request:
// - The token of the printed link only buys a session credential: the host answers it with a
//   cookie and a redirect, never with a file or an API call.
// - The credential is a second random value, in a cookie named after the port (`starling_PORT`).
//   Browsers do not scope cookies by port, so every host (and any server) on 127.0.0.1 receives the
//   cookies of all the others: a shared name let a second host overwrite the first one's cookie,
//   and a value equal to the token let whoever received it act as the printed link.
// - The Host header must name this host exactly (127.0.0.1:PORT), so that a page of another name
//   that resolves to 127.0.0.1 (DNS rebinding) is refused even though the browser thinks it is its
//   own origin.
// - The API socket must come from this host's own page: a browser always sends Origin on a
//   WebSocket, so a missing or different one is another page or not a browser at all.
// - The API socket also needs the socket key (shared/contract/socketProtocol.ts), which only this
//   host's page holds: a server on another port that received the cookie cannot replay it alone.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  socketKeyFragment,
  socketKeyProtocolPrefix,
  tokenParameter,
} from '../../shared/contract/socketProtocol';

export interface HostAccess {
  /** The printed link's token, good only for the exchange. */
  readonly token: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The exact Host header of a request meant for this host. */
  readonly hostHeader: string;
  readonly cookieName: string;
  isForThisHost(request: IncomingMessage): boolean;
  isFromOwnPage(request: IncomingMessage): boolean;
  hasSession(request: IncomingMessage): boolean;
  /** The subprotocol that carries this host's socket key, if the request offers it. */
  offeredSocketKey(protocols: Iterable<string>): string | undefined;
  /** Whether the address carries the token, and whether it is this host's. */
  tokenIn(url: URL): 'none' | 'valid' | 'wrong';
  /** The Set-Cookie header that hands out the session credential. */
  sessionCookie(): string;
  /** Where the exchange sends the browser: `redirectTarget`, with the socket key in the fragment. */
  sessionRedirect(url: URL): string;
}

function sameSecret(given: string | undefined | null, secret: string): boolean {
  if (!given) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(secret);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Every value of a cookie named `name` (a browser may send several with one name). */
function cookieValues(request: IncomingMessage, name: string): string[] {
  const values: string[] = [];
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [cookie, ...value] = part.trim().split('=');
    if (cookie === name) values.push(value.join('='));
  }
  return values;
}

export function createHostAccess(port: number): HostAccess {
  const token = randomBytes(32).toString('base64url');
  const credential = randomBytes(32).toString('base64url');
  const socketKey = randomBytes(32).toString('base64url');
  const hostHeader = `127.0.0.1:${port}`;
  const origin = `http://${hostHeader}`;
  const cookieName = `starling_${port}`;
  return {
    token,
    origin,
    hostHeader,
    cookieName,
    isForThisHost: (request) => request.headers.host === hostHeader,
    isFromOwnPage: (request) => request.headers.origin === origin,
    hasSession: (request) => cookieValues(request, cookieName).some((value) => sameSecret(value, credential)),
    tokenIn: (url) => {
      if (!url.searchParams.has(tokenParameter)) return 'none';
      return sameSecret(url.searchParams.get(tokenParameter), token) ? 'valid' : 'wrong';
    },
    offeredSocketKey: (protocols) => {
      for (const protocol of protocols) {
        if (sameSecret(protocol, `${socketKeyProtocolPrefix}${socketKey}`)) return protocol;
      }
      return undefined;
    },
    sessionCookie: () => `${cookieName}=${credential}; HttpOnly; SameSite=Strict; Path=/`,
    sessionRedirect: (url) => `${redirectTarget(url)}#${socketKeyFragment}=${socketKey}`,
  };
}

/**
 * Where the exchange sends the browser on: the same path on this host, without the token. A path
 * that a browser would read as another host (`//evil.example/`, `/\evil.example`) becomes `/`.
 */
export function redirectTarget(url: URL): string {
  const { pathname } = url;
  return pathname.startsWith('/') && !/^\/[/\\]/u.test(pathname) ? pathname : '/';
}
