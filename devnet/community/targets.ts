// A request target split as the open group server reads it (protocol-messages.md §6.2): the path
// URL-decoded (the signature covers the decoded UTF-8 text, emoji in reaction paths included), the
// query kept as sent.
export interface Target {
  /** The decoded path, for the signature. */
  readonly path: string;
  readonly segments: string[];
  /** Without `?`; empty when there is none. */
  readonly query: string;
}

/** Throws URIError for a malformed percent-encoding. */
export function splitTarget(target: string): Target {
  const mark = target.indexOf('?');
  const rawPath = mark === -1 ? target : target.slice(0, mark);
  const query = mark === -1 ? '' : target.slice(mark + 1);
  // Segments are decoded one by one, so that an encoded `/` stays inside its segment.
  const segments = rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment));
  return { path: decodeURIComponent(rawPath), segments, query };
}
