// The update feed (issue 7, "Updates before a hardfork"): the "generic" provider feed that
// electron-updater reads (`latest.yml`, `latest-mac.yml`, `latest-linux.yml`), plus Starling's own
// optional fields for hardfork awareness. Only the decision is made here: nothing is downloaded or
// installed (the shell does that, with the user's consent).
//
// The feed is a flat YAML document; instead of a general YAML library, a small strict parser reads
// exactly the subset electron-builder writes: top-level `key: scalar`, block scalars (`|`, `|-`) and
// one level of sequences of `key: scalar` maps (`files`). Anything else is refused.
import * as http from 'node:http';
import * as https from 'node:https';
import { z } from 'zod';
import { StarlingError } from '../../shared/errors';
import type { HardforkVersion } from '../network/hardforkTracker';

export class UpdateFeedError extends StarlingError<'updateFeedInvalid' | 'updateFeedUnreachable'> {}

/** The largest feed accepted, in bytes (a real one is well under 2 KiB). */
export const maxFeedBytes = 1024 * 1024;
const maxSequenceItems = 64;
const maxRedirects = 3;

export interface UpdateFile {
  readonly url: string;
  readonly sha512: string;
  readonly size: number;
}

export interface UpdateFeed {
  readonly version: string;
  readonly releaseDate: Date;
  readonly files: readonly UpdateFile[];
  readonly path?: string;
  readonly sha512?: string;
  /** The oldest network hardfork this release works with. */
  readonly minimumHardfork?: HardforkVersion;
  /** The newest network hardfork this release knows. */
  readonly supportedHardfork?: HardforkVersion;
  /** Releases older than this one stop working after this moment. */
  readonly requiredBefore?: Date;
  readonly notes?: string;
}

// ---- The YAML subset -------------------------------------------------------------------------

export type FeedYamlValue = string | readonly Readonly<Record<string, string>>[];

const keyLine = /^([A-Za-z][A-Za-z0-9_]*):(.*)$/;

function invalid(message: string): UpdateFeedError {
  return new UpdateFeedError('updateFeedInvalid', `The update feed is malformed: ${message}`);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isSkippable(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function parseScalar(raw: string, lineNo: number): string {
  const text = raw.trim();
  if (text.startsWith("'")) {
    if (text.length < 2 || !text.endsWith("'")) throw invalid(`line ${lineNo}: unterminated quoted value`);
    const inner = text.slice(1, -1);
    if (/'(?!')/.test(inner.replaceAll("''", ''))) throw invalid(`line ${lineNo}: stray quote in value`);
    return inner.replaceAll("''", "'");
  }
  if (text.startsWith('"')) {
    let out = '';
    for (let index = 1; index < text.length; index++) {
      const char = text[index]!;
      if (char === '"') {
        if (index !== text.length - 1) throw invalid(`line ${lineNo}: text after the closing quote`);
        return out;
      }
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escape = text[++index];
      const simple: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r' };
      if (escape !== undefined && Object.hasOwn(simple, escape)) {
        out += simple[escape];
      } else if (escape === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(index + 1, index + 5))) {
        out += String.fromCharCode(parseInt(text.slice(index + 1, index + 5), 16));
        index += 4;
      } else {
        throw invalid(`line ${lineNo}: unsupported escape in quoted value`);
      }
    }
    throw invalid(`line ${lineNo}: unterminated quoted value`);
  }
  const plain = text.replace(/\s+#.*$/, '');
  if (/^[[\]{}&*!|>%@`,?-]/.test(plain) && plain !== '-' && !/^-\d/.test(plain)) {
    throw invalid(`line ${lineNo}: unsupported YAML syntax "${plain.slice(0, 20)}"`);
  }
  if (/:\s|:$/.test(plain)) throw invalid(`line ${lineNo}: a value may not contain ": " unless quoted`);
  return plain;
}

/** Parses the flat YAML subset of a generic-provider feed; throws `updateFeedInvalid` otherwise. */
export function parseFeedYaml(text: string): Record<string, FeedYamlValue> {
  if (Buffer.byteLength(text, 'utf8') > maxFeedBytes) throw invalid('larger than 1 MiB');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) throw invalid('control characters');
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''));
  const result = new Map<string, FeedYamlValue>();
  let index = 0;
  const skipBlank = () => {
    while (index < lines.length && isSkippable(lines[index]!)) index++;
  };

  while (true) {
    skipBlank();
    if (index >= lines.length) break;
    const lineNo = index + 1;
    const line = lines[index]!;
    if (/^ *\t/.test(line)) throw invalid(`line ${lineNo}: tabs are not allowed`);
    if (indentOf(line) !== 0) throw invalid(`line ${lineNo}: unexpected indentation`);
    const match = keyLine.exec(line);
    if (!match) throw invalid(`line ${lineNo}: expected "key: value"`);
    const [, key, rest] = match as unknown as [string, string, string];
    if (rest !== '' && !/^\s/.test(rest)) throw invalid(`line ${lineNo}: expected a space after "${key}:"`);
    if (result.has(key)) throw invalid(`line ${lineNo}: "${key}" appears twice`);
    index++;
    const value = rest.trim();

    if (value === '|' || value === '|-') {
      const block: string[] = [];
      let blockIndent: number | undefined;
      while (index < lines.length) {
        const blockLine = lines[index]!;
        if (blockLine.trim() === '') {
          block.push('');
          index++;
          continue;
        }
        const indent = indentOf(blockLine);
        if (indent === 0) break;
        if (/^ *\t/.test(blockLine)) throw invalid(`line ${index + 1}: tabs are not allowed`);
        blockIndent ??= indent;
        if (indent < blockIndent) throw invalid(`line ${index + 1}: inconsistent indentation`);
        block.push(blockLine.slice(blockIndent));
        index++;
      }
      while (block.length > 0 && block[block.length - 1] === '') block.pop();
      result.set(key, block.join('\n') + (value === '|' && block.length > 0 ? '\n' : ''));
    } else if (value === '' || value.startsWith('#')) {
      skipBlank();
      const items: Map<string, string>[] = [];
      const dashIndent = index < lines.length ? indentOf(lines[index]!) : 0;
      if (dashIndent === 0) throw invalid(`line ${lineNo}: "${key}" has no value`);
      while (true) {
        skipBlank();
        if (index >= lines.length) break;
        const itemLine = lines[index]!;
        const indent = indentOf(itemLine);
        if (indent === 0) break;
        if (/^ *\t/.test(itemLine)) throw invalid(`line ${index + 1}: tabs are not allowed`);
        const body = itemLine.slice(indent);
        const current = items[items.length - 1];
        if (indent === dashIndent && body.startsWith('- ')) {
          if (items.length >= maxSequenceItems) throw invalid(`"${key}" has too many entries`);
          const item = new Map<string, string>();
          items.push(item);
          readItemField(body.slice(2), item, index + 1);
        } else if (indent === dashIndent + 2 && current) {
          readItemField(body, current, index + 1);
        } else {
          throw invalid(`line ${index + 1}: unexpected indentation`);
        }
        index++;
      }
      result.set(
        key,
        items.map((fields) => Object.fromEntries(fields)),
      );
    } else {
      result.set(key, parseScalar(value, lineNo));
    }
  }
  return Object.fromEntries(result);
}

function readItemField(text: string, item: Map<string, string>, lineNo: number): void {
  const match = keyLine.exec(text);
  if (!match) throw invalid(`line ${lineNo}: expected "key: value" in a list entry`);
  const [, key, rest] = match as unknown as [string, string, string];
  if (!/^\s/.test(rest) || rest.trim() === '') throw invalid(`line ${lineNo}: "${key}" needs a value`);
  if (item.has(key)) throw invalid(`line ${lineNo}: "${key}" appears twice in a list entry`);
  item.set(key, parseScalar(rest, lineNo));
}

// ---- Validation ------------------------------------------------------------------------------

const semver = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
const hardforkText = /^(\d{1,4})\.(\d{1,4})$/;
/** A SHA-512 digest in base64: 64 bytes, 88 characters. */
const sha512Base64 = /^[A-Za-z0-9+/]{86}==$/;

const isoDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((text, context) => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    context.addIssue({ code: 'custom', message: 'not a valid date' });
    return z.NEVER;
  }
  return date;
});

const hardfork = z
  .string()
  .regex(hardforkText, 'expected a hardfork version like "19.6"')
  .transform((text): HardforkVersion => {
    const [major, revision] = text.split('.').map(Number) as [number, number];
    return [major, revision];
  });

/** A download location: a file name relative to the feed, or an absolute https URL. */
const fileUrl = z
  .string()
  .min(1)
  .max(2048)
  .refine(
    (url) =>
      /^https:\/\/[^\s]+$/.test(url) ||
      (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) &&
        !url.startsWith('/') &&
        !url.includes('\\') &&
        !/\s/.test(url) &&
        !url.split('/').includes('..')),
    'expected a file name next to the feed or an https URL',
  );

const sha512 = z.string().regex(sha512Base64, 'expected a base64 SHA-512 digest');

const feedSchema = z.object({
  version: z.string().regex(semver, 'expected a version like 1.2.3'),
  releaseDate: isoDateTime,
  files: z
    .array(
      z.object({
        url: fileUrl,
        sha512,
        size: z
          .string()
          .regex(/^[1-9]\d{0,15}$/, 'expected a size in bytes')
          .transform(Number),
      }),
    )
    .min(1),
  path: fileUrl.optional(),
  sha512: sha512.optional(),
  minimumHardfork: hardfork.optional(),
  supportedHardfork: hardfork.optional(),
  requiredBefore: isoDateTime.optional(),
  notes: z.string().max(20_000).optional(),
});

/** Parses and validates a feed document; fields Starling does not know are ignored. */
export function parseUpdateFeed(text: string): UpdateFeed {
  const parsed = feedSchema.safeParse(parseFeedYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'feed';
    throw invalid(`${where}: ${issue.message}`);
  }
  const {
    path,
    sha512: digest,
    minimumHardfork,
    supportedHardfork,
    requiredBefore,
    notes,
    ...rest
  } = parsed.data;
  return {
    ...rest,
    ...(path !== undefined && { path }),
    ...(digest !== undefined && { sha512: digest }),
    ...(minimumHardfork !== undefined && { minimumHardfork }),
    ...(supportedHardfork !== undefined && { supportedHardfork }),
    ...(requiredBefore !== undefined && { requiredBefore }),
    ...(notes !== undefined && { notes }),
  };
}

// ---- Fetching --------------------------------------------------------------------------------

/** The feed file electron-updater reads on each platform (channel "latest"). */
export function feedFileName(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  if (platform === 'darwin') return 'latest-mac.yml';
  if (platform === 'linux') return arch === 'arm64' ? 'latest-linux-arm64.yml' : 'latest-linux.yml';
  return 'latest.yml';
}

/** The feed document's address: `<feedUrl>/<file name>`. */
export function feedDocumentUrl(feedUrl: string, fileName: string = feedFileName()): URL {
  let base: URL;
  try {
    base = new URL(feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`);
  } catch {
    throw new UpdateFeedError('updateFeedUnreachable', `The update feed address is not a URL: ${feedUrl}`);
  }
  return new URL(fileName, base);
}

function checkScheme(url: URL): void {
  const local = url.protocol === 'http:' && url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !local) {
    throw new UpdateFeedError(
      'updateFeedUnreachable',
      `The update feed must be served over https (got ${url.protocol}//${url.host}).`,
    );
  }
}

export interface FetchFeedOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

function unreachable(url: URL, reason: string): UpdateFeedError {
  return new UpdateFeedError(
    'updateFeedUnreachable',
    `Could not read the update feed ${url.href}: ${reason}`,
  );
}

function download(url: URL, options: FetchFeedOptions, redirects: number): Promise<string> {
  checkScheme(url);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? maxFeedBytes;
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const request = get(url, { headers: { accept: 'text/yaml, */*' } });
    // The whole exchange, not only each idle gap, must finish in time.
    const deadline = setTimeout(() => request.destroy(unreachable(url, 'timed out')), timeoutMs);
    deadline.unref();
    const fail = (error: unknown) => {
      clearTimeout(deadline);
      reject(error instanceof UpdateFeedError ? error : unreachable(url, (error as Error).message));
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        response.resume();
        clearTimeout(deadline);
        if (redirects >= maxRedirects) return reject(unreachable(url, 'too many redirects'));
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return reject(unreachable(url, 'bad redirect'));
        }
        download(next, options, redirects + 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        return fail(unreachable(url, `the server answered ${status}`));
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        request.destroy();
        return fail(invalid(`larger than ${maxBytes} bytes`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          request.destroy();
          fail(invalid(`larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(deadline);
        if (size > maxBytes) return;
        const body = Buffer.concat(chunks);
        try {
          resolve(new TextDecoder('utf-8', { fatal: true }).decode(body));
        } catch {
          reject(invalid('not UTF-8 text'));
        }
      });
    });
  });
}

/** Fetches `<feedUrl>/<fileName>` and parses it. Throws `updateFeedUnreachable` or `updateFeedInvalid`. */
export async function fetchUpdateFeed(
  feedUrl: string,
  fileName: string = feedFileName(),
  options: FetchFeedOptions = {},
): Promise<UpdateFeed> {
  const text = await download(feedDocumentUrl(feedUrl, fileName), options, 0);
  return parseUpdateFeed(text);
}
