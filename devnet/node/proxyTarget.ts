// Where a devnet node may POST for an onion request to an HTTP server (protocol-network.md §5.2
// "host"): `target` must start /loki/ or /oxen/, end /lsrpc, and hold no `?`, else encrypted 400
// "Invalid url". The check must hold for the URL that is really requested, not for the text: an
// URL parser resolves `..` (also written `%2e%2e`), turns `\` into `/`, drops tabs and newlines and
// cuts at `#`, so `/oxen/../admin#/lsrpc` passed a check on the text and reached `/admin`. A target
// is therefore built from plain path segments only — nothing that normalisation could change — and
// the parsed URL's path is compared with it before anything is sent.

/** Segments of letters, digits and `-._~` (RFC 3986 unreserved), none of them `.` or `..`. */
const plainTarget = /^\/(loki|oxen)(\/[A-Za-z0-9_~.-]+)*\/lsrpc$/u;
const dotSegment = /\/\.{1,2}(?=\/|$)/u;

/** A devnet node is no open proxy into other networks: only servers on this machine. */
const loopbackHost = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)$/u;

/**
 * The URL to POST to, or why the routing JSON is refused (the reason follows "Invalid url").
 * `fields` are the `host`, `target`, `port` and `protocol` of the layer's JSON, as sent.
 */
export function proxyUrl(fields: Readonly<Record<string, unknown>>): { url: string } | { refused: string } {
  const { host, target, port, protocol } = fields;
  const scheme = protocol === undefined ? 'https' : protocol;
  if (typeof host !== 'string' || typeof target !== 'string') return { refused: '' };
  if (scheme !== 'http' && scheme !== 'https') return { refused: '' };
  if (
    port !== undefined &&
    (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
  ) {
    return { refused: '' };
  }
  if (!plainTarget.test(target) || dotSegment.test(target)) return { refused: '' };
  if (!loopbackHost.test(host)) return { refused: ': devnet nodes proxy only to servers on this machine' };
  const defaultPort = scheme === 'https' ? 443 : 80;
  const portPart = port === undefined || port === defaultPort ? '' : `:${port}`;
  const url = new URL(`${scheme}://${host}${portPart}${target}`);
  // Normalisation must have changed nothing; if it did, the text and the request would disagree.
  if (url.pathname !== target || url.search !== '' || url.hash !== '' || url.hostname !== host) {
    return { refused: '' };
  }
  return { url: url.href };
}
