import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  feedDocumentUrl,
  feedFileName,
  fetchUpdateFeed,
  maxFeedBytes,
  parseFeedYaml,
  parseUpdateFeed,
} from './updateFeed';

const digest = createHash('sha512').update('installer').digest('base64');

/** A feed as electron-builder writes it, plus Starling's fields. */
function feedText(fields: Record<string, string | undefined> = {}): string {
  const values: Record<string, string | undefined> = {
    version: '1.2.0',
    releaseDate: "'2026-11-20T10:00:00.000Z'",
    ...fields,
  };
  const lines = Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return [
    ...lines.slice(0, 1),
    'files:',
    '  - url: Starling-1.2.0.AppImage',
    `    sha512: ${digest}`,
    '    size: 123456',
    '    blockMapSize: 1234',
    `path: Starling-1.2.0.AppImage`,
    `sha512: ${digest}`,
    ...lines.slice(1),
    '',
  ].join('\n');
}

describe('the feed parser', () => {
  it('reads an electron-builder feed with Starling fields', () => {
    const feed = parseUpdateFeed(
      feedText({
        minimumHardfork: "'19.5'",
        supportedHardfork: '"19.6"',
        requiredBefore: '2026-12-01T00:00:00Z',
        notes: '|\n  Fixes delivery.\n\n  Ready for 19.6.',
      }),
    );
    expect(feed).toEqual({
      version: '1.2.0',
      releaseDate: new Date('2026-11-20T10:00:00.000Z'),
      files: [{ url: 'Starling-1.2.0.AppImage', sha512: digest, size: 123456 }],
      path: 'Starling-1.2.0.AppImage',
      sha512: digest,
      minimumHardfork: [19, 5],
      supportedHardfork: [19, 6],
      requiredBefore: new Date('2026-12-01T00:00:00Z'),
      notes: 'Fixes delivery.\n\nReady for 19.6.\n',
    });
  });

  it('accepts CRLF line ends, comments, a date-only deadline and quoted escapes', () => {
    const text = feedText({ requiredBefore: '2026-12-01 # the 19.6 fork', notes: '"It\'s \\"done\\"\\n"' })
      .replaceAll('\n', '\r\n')
      .replace('files:', '# generated\r\nfiles:');
    const feed = parseUpdateFeed(text);
    expect(feed.requiredBefore).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(feed.notes).toBe('It\'s "done"\n');
    expect(parseUpdateFeed(feedText({ notes: "'it''s'" })).notes).toBe("it's");
  });

  it('ignores fields it does not know and never leaks them', () => {
    const feed = parseUpdateFeed(feedText({ stagingPercentage: '50', releaseName: "'Autumn'" }));
    expect(feed).not.toHaveProperty('stagingPercentage');
    expect(feed).not.toHaveProperty('releaseName');
    expect(feed.files[0]).not.toHaveProperty('blockMapSize');
  });

  it.each([
    ['a missing version', feedText({ version: undefined }).replace(/^files/, 'files'), /version/],
    ['a missing releaseDate', feedText({ releaseDate: undefined }), /releaseDate/],
    ['a version that is not x.y.z', feedText({ version: '1.2' }), /version/],
    ['a version with a leading zero', feedText({ version: '01.2.3' }), /version/],
    ['a bad date', feedText({ releaseDate: "'yesterday'" }), /releaseDate/],
    ['an impossible date', feedText({ releaseDate: '2026-02-30T00:00:00Z' }), /releaseDate/],
    ['a bad hardfork', feedText({ supportedHardfork: "'19'" }), /supportedHardfork/],
    ['a bad deadline', feedText({ requiredBefore: 'soon' }), /requiredBefore/],
  ])('refuses %s', (_name, text, field) => {
    expect(() => parseUpdateFeed(text)).toThrow(
      expect.objectContaining({ code: 'updateFeedInvalid', message: expect.stringMatching(field) }),
    );
  });

  it.each([
    ['a bad digest', (text: string) => text.replace(`    sha512: ${digest}`, '    sha512: abc')],
    ['a negative size', (text: string) => text.replace('size: 123456', 'size: -1')],
    ['a fractional size', (text: string) => text.replace('size: 123456', 'size: 1.5')],
    ['an http file url', (text: string) => text.replace('url: Starling', 'url: http://evil/Starling')],
    ['a file url leaving the folder', (text: string) => text.replace('url: Starling', 'url: ../Starling')],
    [
      'an entry without url',
      (text: string) => text.replace('  - url: Starling-1.2.0.AppImage\n    sha512', '  - sha512'),
    ],
    ['no files', (text: string) => text.replace(/files:\n(?: {2,}.*\n)+/, '')],
  ])('refuses %s', (_name, edit) => {
    expect(() => parseUpdateFeed(edit(feedText()))).toThrow(
      expect.objectContaining({ code: 'updateFeedInvalid' }),
    );
  });

  it.each([
    ['a duplicate key', 'version: 1.0.0\nversion: 2.0.0\n'],
    ['a flow mapping', 'version: {a: 1}\n'],
    ['a flow sequence', 'files: [a, b]\n'],
    ['an anchor', 'version: &a 1.0.0\n'],
    ['an alias', 'version: *a\n'],
    ['a tag', 'version: !!str 1.0.0\n'],
    ['a nested mapping', 'files:\n  url:\n    deep: 1\n'],
    ['tabs', 'version:\t1.0.0\nfiles:\n\t- url: x\n'],
    ['an unterminated quote', "version: '1.0.0\n"],
    ['a stray quote', "notes: 'it's'\n"],
    ['a bad escape', 'notes: "\\x41"\n'],
    ['text after a quote', "notes: 'a' b\n"],
    ['a colon in a plain value', 'notes: a: b\n'],
    ['unexpected indentation', 'version: 1.0.0\n  extra: 1\n'],
    ['a key without value', 'files:\nversion: 1.0.0\n'],
    ['a document marker', '---\nversion: 1.0.0\n'],
    ['control characters', 'version: 1.0.0\u0000\n'],
    ['a key that is not a name', '__proto__: x\n'],
  ])('refuses YAML outside the subset: %s', (_name, text) => {
    expect(() => parseFeedYaml(text)).toThrow(expect.objectContaining({ code: 'updateFeedInvalid' }));
  });

  it('refuses huge input quickly, and too many entries', () => {
    const started = Date.now();
    expect(() => parseFeedYaml(`notes: ${'a'.repeat(maxFeedBytes)}\n`)).toThrow(/1 MiB/);
    const manyFiles = `files:\n${'  - url: a\n'.repeat(100)}`;
    expect(() => parseFeedYaml(manyFiles)).toThrow(/too many/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names the platform feed file and joins it to the feed address', () => {
    expect(feedFileName('win32', 'x64')).toBe('latest.yml');
    expect(feedFileName('darwin', 'arm64')).toBe('latest-mac.yml');
    expect(feedFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(feedFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(feedDocumentUrl('https://updates.example/starling', 'latest.yml').href).toBe(
      'https://updates.example/starling/latest.yml',
    );
    expect(feedDocumentUrl('https://updates.example/starling/', 'latest-mac.yml').href).toBe(
      'https://updates.example/starling/latest-mac.yml',
    );
  });
});

describe('fetching the feed from a real server', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, (response: import('node:http').ServerResponse) => void>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const route = routes.get(request.url ?? '');
      if (route) route(response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    routes.set('/ok/latest.yml', (response) => response.end(feedText()));
    routes.set('/moved/latest.yml', (response) =>
      response.writeHead(302, { location: '/ok/latest.yml' }).end(),
    );
    routes.set('/huge/latest.yml', (response) => {
      response.write('notes: ');
      response.end('a'.repeat(2 * 1024 * 1024));
    });
    routes.set('/slow/latest.yml', (response) => response.write('version: 1.0.0\n'));
    routes.set('/binary/latest.yml', (response) => response.end(Buffer.from([0xff, 0xfe, 0xfd])));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads and parses latest.yml, following a redirect', async () => {
    await expect(fetchUpdateFeed(`${base}/ok`, 'latest.yml')).resolves.toMatchObject({ version: '1.2.0' });
    await expect(fetchUpdateFeed(`${base}/moved/`, 'latest.yml')).resolves.toMatchObject({
      version: '1.2.0',
    });
  });

  it('reports server errors, refused connections and timeouts as unreachable', async () => {
    await expect(fetchUpdateFeed(`${base}/missing`, 'latest.yml')).rejects.toMatchObject({
      code: 'updateFeedUnreachable',
      message: expect.stringContaining('404'),
    });
    await expect(fetchUpdateFeed('http://127.0.0.1:1', 'latest.yml')).rejects.toMatchObject({
      code: 'updateFeedUnreachable',
    });
    await expect(fetchUpdateFeed(`${base}/slow`, 'latest.yml', { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'updateFeedUnreachable',
      message: expect.stringContaining('timed out'),
    });
  });

  it('refuses oversized and non-text bodies', async () => {
    await expect(fetchUpdateFeed(`${base}/huge`, 'latest.yml')).rejects.toMatchObject({
      code: 'updateFeedInvalid',
    });
    await expect(fetchUpdateFeed(`${base}/binary`, 'latest.yml')).rejects.toMatchObject({
      code: 'updateFeedInvalid',
    });
  });

  it('refuses plain http except to 127.0.0.1', async () => {
    await expect(fetchUpdateFeed('http://updates.example/starling', 'latest.yml')).rejects.toMatchObject({
      code: 'updateFeedUnreachable',
      message: expect.stringContaining('https'),
    });
    await expect(fetchUpdateFeed('not a url', 'latest.yml')).rejects.toMatchObject({
      code: 'updateFeedUnreachable',
    });
  });
});
