// Where an attachment lives (protocol-messages.md §5.2): `http://<file server>/file/<id>`, and for
// a server other than the default, the fragment `#p=<server Ed25519 key>` so that any client can
// derive the key to reach it by onion request (and `&d` for libsession's deterministic encryption).
import { isHex } from '../bytes';

export interface FileServer {
  /** Scheme, host and port, no path: `http://filev2.getsession.org`. */
  readonly url: string;
  readonly ed25519PublicKey: string;
  readonly x25519PublicKey: string;
}

/** The file server the official clients upload to (desktop ≥ 1.17.2; §5.2's table, ✔ ed→x). */
export const defaultFileServer: FileServer = {
  url: 'http://filev2.getsession.org',
  ed25519PublicKey: 'b8eef9821445ae16e2e97ef8aa6fe782fd11ad5253cd6723b281341dba22e371',
  x25519PublicKey: '09324794aa9c11948189762d198c618148e9136ac9582068180661208927ef34',
};

/**
 * A file ID as servers hand them out: a random 53-bit integer as a decimal string, or the 44
 * base64url characters of a content hash (§5.2). Nothing else can name a file, or reach a path.
 */
export const fileIdPattern = /^(?:[0-9]{1,16}|[A-Za-z0-9_-]{44})$/u;

export function isFileId(id: string): boolean {
  return fileIdPattern.test(id);
}

export interface FileLocation {
  /** The server's origin, as in FileServer.url. */
  readonly serverUrl: string;
  readonly fileId: string;
  /** From `#p=`; absent for a URL of the default server (or an old client's). */
  readonly serverEd25519PublicKey: string | undefined;
  /** `&d`: encrypted with libsession's deterministic scheme (§5.1 "Optional newer scheme"). */
  readonly deterministic: boolean;
}

/** The URL a pointer carries for a file uploaded to `server`. */
export function fileUrl(server: FileServer, fileId: string): string {
  if (!isFileId(fileId)) throw new RangeError('not a file ID');
  const address = `${server.url}/file/${fileId}`;
  return server.url === defaultFileServer.url ? address : `${address}#p=${server.ed25519PublicKey}`;
}

/** A pointer's URL as a plain http(s) address, without credentials or query; else undefined. */
export function plainFileAddress(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '') return undefined;
  return url;
}

/** Reads a pointer's URL; undefined when it names no file of a file server. */
export function parseFileUrl(text: string): FileLocation | undefined {
  const url = plainFileAddress(text);
  if (!url) return undefined;
  const match = /^\/file\/([^/]+)$/u.exec(url.pathname);
  if (!match || !isFileId(match[1]!)) return undefined;
  const fragment = new URLSearchParams(url.hash.slice(1));
  const key = fragment.get('p')?.toLowerCase();
  if (key !== undefined && (key.length !== 64 || !isHex(key))) return undefined;
  return {
    serverUrl: url.origin,
    fileId: match[1]!,
    serverEd25519PublicKey: key,
    deterministic: fragment.has('d'),
  };
}
