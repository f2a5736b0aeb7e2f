// Links in a message's text. Only web addresses become links: text starting "http://", "https://"
// or "www." (read as https). Bare domains ("example.com") do not: without a list of every top-level
// domain, "node.js" or "notes.txt" would become links too, and a link that the sender did not mean
// teaches people to click what they did not check. No other scheme is ever a link: javascript:,
// data:, file: and custom handlers can run code or start programs.
//
// The host is always shown as the URL standard reads it: a name in other alphabets (a lookalike
// such as "аpple.com" with a Cyrillic "а") becomes its punycode ("xn--pple-43d.com"), so the
// confirmation before opening shows where a link really goes.

/** A piece of a message's text: words as written, or a web link. */
export type LinkPiece =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'link';
      /** As written in the message, or the address itself when its host had to be shown as punycode. */
      readonly text: string;
      /** The address that is opened, as the URL standard writes it. */
      readonly href: string;
    };

// Not right after a letter, "@", "." or "/", so "user@www.example.com" and "a.www.b" stay text.
const linkPattern = /(?<![\p{L}\p{N}@./-])(?:https?:\/\/|www\.)[^\s<>"]+/giu;
/** Punctuation that ends a sentence rather than the address: "see https://example.com." */
const trailingPunctuation = /[.,;:!?'"’”…]+$/u;

/** Cuts what follows the address: trailing punctuation and closing brackets it did not open. */
function trimEnd(candidate: string): string {
  let text = candidate;
  for (;;) {
    const trimmed = text.replace(trailingPunctuation, '');
    const close = trimmed.at(-1);
    const open = close === ')' ? '(' : close === ']' ? '[' : null;
    if (open !== null && count(trimmed, close!) > count(trimmed, open)) {
      text = trimmed.slice(0, -1);
      continue;
    }
    if (trimmed === text) return text;
    text = trimmed;
  }
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** The address a written link opens, or null when it is no web address with a host. */
export function webAddress(written: string): URL | null {
  const withScheme = /^www\./iu.test(written) ? `https://${written}` : written;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // A host needs a dot ("https://intranet" is more likely a typo than a site a stranger means).
  if (!url.hostname.includes('.') || url.hostname.startsWith('.') || url.hostname.endsWith('.')) return null;
  return url;
}

/** Whether the host had to be written as punycode: a name that is not plain ASCII letters. */
export function isPunycodeHost(url: URL): boolean {
  return url.hostname.split('.').some((label) => label.startsWith('xn--'));
}

/** The text in order, web links apart. */
export function splitLinks(text: string): LinkPiece[] {
  const pieces: LinkPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(linkPattern)) {
    const written = trimEnd(match[0]);
    const url = webAddress(written);
    if (url === null) continue;
    if (match.index > last) pieces.push({ kind: 'text', text: text.slice(last, match.index) });
    pieces.push({ kind: 'link', text: isPunycodeHost(url) ? url.href : written, href: url.href });
    last = match.index + written.length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

/** What the person is asked before a link is opened, the same in the desktop app and a browser. */
export interface LinkConfirmation {
  readonly question: string;
  readonly href: string;
  /** Where it really goes: the host as the URL standard reads it (punycode for other alphabets). */
  readonly host: string;
  /** Warnings in words: a punycode host, a name before "@", no encryption. */
  readonly warnings: readonly string[];
}

/** The confirmation for a link, or null when `href` is no web address (then nothing is opened). */
export function linkConfirmation(href: string): LinkConfirmation | null {
  const url = webAddress(href);
  if (url === null) return null;
  const warnings: string[] = [];
  if (isPunycodeHost(url)) {
    warnings.push(
      'Its address uses letters of other alphabets, shown here as punycode (xn--…): it may imitate the name of another site.',
    );
  }
  if (url.username !== '' || url.password !== '') {
    warnings.push(`The part before “@” is not the site: this link goes to ${url.hostname}.`);
  }
  if (url.protocol === 'http:')
    warnings.push('It is not encrypted (http): others on the network can see the page.');
  return { question: 'Open this link in your browser?', href: url.href, host: url.hostname, warnings };
}
