// `starling send --file` and `starling listen --save-dir` (issue #16's command-line contracts),
// between two profiles on a devnet with its file server.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../core/identity/account';
import { createLogger, memorySink } from '../../core/logging/logger';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { runStarlingInProcess } from '../../test/starlingInProcess';
import { exitCodes } from '../exitCodes';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('starling send --file and listen --save-dir', () => {
  let cwd: string;
  let devnet: Devnet;
  let alice: string;
  let bob: string;
  const logger = createLogger({ sink: memorySink() });
  const run = (args: readonly string[]) => runStarlingInProcess(args, { cwd });
  const network = () => ['--network', devnet.networkFile];

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-files-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'devnet') });
    const create = async (name: string) =>
      (
        await createAccount({
          profileDirectory: path.join(cwd, name),
          keySources: { allowUnprotected: true },
          logger,
        })
      ).sessionId;
    [alice, bob] = await Promise.all([create('alice'), create('bob')]);
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it('sends files with a caption, prints their IDs, and the recipient saves the same bytes', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(3000),
    ]);
    const text = Buffer.from('plain notes\n'.repeat(100));
    await writeFile(path.join(cwd, 'photo.png'), png);
    await writeFile(path.join(cwd, 'notes.txt'), text);
    const sent = await run([
      'send',
      '--profile',
      'alice',
      ...network(),
      '--to',
      bob,
      '--file',
      'photo.png',
      '--file',
      'notes.txt',
      '--text',
      'two files',
    ]);
    expect(sent).toMatchObject({ code: exitCodes.success, stderr: '' });
    const printed = JSON.parse(sent.stdout) as {
      hash: string;
      timestamp: number;
      attachments: { id: string; size: number }[];
    };
    expect(Object.keys(printed)).toEqual(['hash', 'timestamp', 'attachments']);
    expect(printed.attachments).toEqual([
      { id: expect.stringMatching(/^[0-9]{1,16}$/u) as unknown, size: png.length },
      { id: expect.stringMatching(/^[0-9]{1,16}$/u) as unknown, size: text.length },
    ]);

    const heard = await run([
      'listen',
      '--profile',
      'bob',
      ...network(),
      '--count',
      '1',
      '--save-dir',
      'inbox',
    ]);
    expect(heard.code).toBe(exitCodes.success);
    const line = JSON.parse(heard.stdout) as {
      body: string;
      from: string;
      attachments: {
        fileName: string;
        contentType: string;
        size: number;
        sha256: string;
        path: string;
        voice: boolean;
      }[];
    };
    expect(line).toMatchObject({ from: alice, body: 'two files' });
    expect(line.attachments).toEqual([
      {
        fileName: 'photo.png',
        contentType: 'image/png',
        size: png.length,
        sha256: sha256(png),
        path: path.join(cwd, 'inbox', 'photo.png'),
        voice: false,
      },
      {
        fileName: 'notes.txt',
        contentType: 'application/octet-stream',
        size: text.length,
        sha256: sha256(text),
        path: path.join(cwd, 'inbox', 'notes.txt'),
        voice: false,
      },
    ]);
    expect(sha256(await readFile(line.attachments[0]!.path))).toBe(sha256(png));
    expect(sha256(await readFile(line.attachments[1]!.path))).toBe(sha256(text));
  }, 120_000);

  it('sends a voice message with the flag, and never overwrites a saved file', async () => {
    const mp3 = Buffer.concat([Buffer.from('ID3\u0004\u0000'), randomBytes(4000)]);
    await writeFile(path.join(cwd, 'note.mp3'), mp3);
    await writeFile(path.join(cwd, 'inbox', 'note.mp3'), 'already here');
    const sent = await run([
      'send',
      '--profile',
      'alice',
      ...network(),
      '--to',
      bob,
      '--file',
      'note.mp3',
      '--voice',
    ]);
    expect(sent.code).toBe(exitCodes.success);
    const heard = await run([
      'listen',
      '--profile',
      'bob',
      ...network(),
      '--count',
      '1',
      '--save-dir',
      'inbox',
    ]);
    const line = JSON.parse(heard.stdout) as {
      body: string;
      attachments: { voice: boolean; contentType: string; path: string }[];
    };
    expect(line.body).toBe('');
    expect(line.attachments[0]).toMatchObject({
      voice: true,
      contentType: 'audio/mp3',
      path: path.join(cwd, 'inbox', 'note (2).mp3'),
    });
    expect(await readFile(path.join(cwd, 'inbox', 'note.mp3'), 'utf8')).toBe('already here');
  }, 120_000);

  it('refuses a file over 10,000,000 bytes, or one it cannot read, with exit 8 and nothing uploaded', async () => {
    await writeFile(path.join(cwd, 'huge.bin'), Buffer.alloc(10_000_001));
    const before = devnet.fileServer.fileCount;
    const huge = await run(['send', '--profile', 'alice', ...network(), '--to', bob, '--file', 'huge.bin']);
    expect(huge.code).toBe(exitCodes.badInput);
    expect(huge.stderr).toMatch(/huge\.bin is 10\.0 MB: files can be at most 10 MB/u);
    const missing = await run([
      'send',
      '--profile',
      'alice',
      ...network(),
      '--to',
      bob,
      '--file',
      'nowhere.bin',
    ]);
    expect(missing.code).toBe(exitCodes.badInput);
    expect(missing.stderr).toMatch(/Cannot read the file nowhere\.bin/u);
    const folder = await run(['send', '--profile', 'alice', ...network(), '--to', bob, '--file', 'inbox']);
    expect(folder.code).toBe(exitCodes.badInput);
    expect(devnet.fileServer.fileCount).toBe(before);
  }, 60_000);
});
