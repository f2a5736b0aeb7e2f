// Origins of URLs, for the security checks of the main process.

/**
 * `scheme://host[:port]` of a URL, or undefined when it is not a URL with a host. Node's
 * `URL#origin` is the string "null" for schemes it does not know (such as the app's own protocol,
 * which Chromium treats as a standard scheme), so it cannot be compared with; this is computed the
 * same way for every scheme instead. A URL without a host (data:, about:blank, file:) never matches.
 */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.host === '') return undefined;
  // Node keeps the case of hosts of unknown schemes; Chromium lowercases those of standard schemes.
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
}

/** Whether `url` belongs to the app: same scheme, host and port as `appOrigin`. */
export function isAppUrl(url: string | undefined, appOrigin: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && origin === originOf(appOrigin);
}
