// A real update feed for tests: an HTTP server on 127.0.0.1 serving what electron-builder publishes
// (latest*.yml and the installers) from a table the test changes as it goes.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedFile {
  readonly status?: number;
  readonly body: string | Buffer;
}

export interface UpdateFeedServer {
  /** `http://127.0.0.1:<port>/starling`: the feed URL the app is configured with. */
  readonly url: string;
  /** Files by name under the feed URL; what is missing answers 404. */
  readonly files: Map<string, FeedFile>;
  /** The names requested so far, in order. */
  readonly requested: string[];
  close(): Promise<void>;
}

export async function startUpdateFeedServer(): Promise<UpdateFeedServer> {
  const files = new Map<string, FeedFile>();
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const name = decodeURIComponent((request.url ?? '').split('?')[0]!.replace(/^\/starling\//, ''));
    requested.push(name);
    const file = files.get(name);
    if (!file) return void response.writeHead(404).end();
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    response.writeHead(file.status ?? 200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/starling`,
    files,
    requested,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const sha512Base64 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('base64');

/** A feed document as electron-builder writes it, with Starling's hardfork fields when given. */
export function feedDocument(options: {
  readonly version: string;
  readonly file: string;
  readonly bytes: Buffer;
  readonly extra?: readonly string[];
}): string {
  const digest = sha512Base64(options.bytes);
  return [
    `version: ${options.version}`,
    'files:',
    `  - url: ${options.file}`,
    `    sha512: ${digest}`,
    `    size: ${options.bytes.length}`,
    `path: ${options.file}`,
    `sha512: ${digest}`,
    "releaseDate: '2026-11-20T10:00:00.000Z'",
    ...(options.extra ?? []),
    '',
  ].join('\n');
}
