import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStarling } from '../../test/starlingProcess';
import { decodeSessionIdFromImage } from '../../core/identity/qrImage';
import { exitCodes } from '../exitCodes';

const vectorPhrase =
  'python costume hamburger heels amnesty lukewarm antics value picked roped sowed southern amnesty';
const vectorSessionId = '05aa654f00fc39fc69fd0db829410ca38177d7732a8d2f0934ab3872ac56d5aa74';

describe('starling account', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-cli-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('creates an account, prints it as JSON, and shows it again', async () => {
    const created = await runStarling(['account', 'create', '--profile', 'alice', '--unprotected'], { cwd });
    expect(created.code).toBe(exitCodes.success);
    const account = JSON.parse(created.stdout) as { sessionId: string; recoveryPhrase: string };
    expect(Object.keys(account)).toEqual(['sessionId', 'recoveryPhrase']);
    expect(account.sessionId).toMatch(/^05[0-9a-f]{64}$/u);
    expect(account.recoveryPhrase.split(' ')).toHaveLength(13);
    expect(created.stderr).toMatch(/unprotected key/u);
    expect(created.stderr).not.toContain(account.sessionId);

    const shown = await runStarling(['account', 'show', '--profile', 'alice'], { cwd });
    expect(shown.code).toBe(exitCodes.success);
    expect(JSON.parse(shown.stdout)).toEqual({ sessionId: account.sessionId, displayName: null });

    const restored = await runStarling(['account', 'restore', '--profile', 'alice-laptop', '--unprotected'], {
      cwd,
      input: `${account.recoveryPhrase}\n`,
    });
    expect(JSON.parse(restored.stdout)).toEqual({ sessionId: account.sessionId });
  });

  it('restores the official vector account from standard input with a passphrase', async () => {
    const restored = await runStarling(['account', 'restore', '--profile', 'vector'], {
      cwd,
      input: `  ${vectorPhrase.replace(/ /gu, '   ')}\n`,
      env: { STARLING_PASSPHRASE: 'a passphrase for tests' },
    });
    expect(restored).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(JSON.parse(restored.stdout)).toEqual({ sessionId: vectorSessionId });
    const identity = JSON.parse(await readFile(path.join(cwd, 'vector', 'identity.json'), 'utf8')) as {
      protection: { kind: string };
    };
    expect(identity.protection.kind).toBe('passphrase');
  });

  it('reads the passphrase from a file when asked to', async () => {
    await writeFile(path.join(cwd, 'passphrase.txt'), 'from a file, not the environment\n');
    const created = await runStarling(
      ['account', 'create', '--profile', 'filed', '--passphrase-file', 'passphrase.txt'],
      { cwd },
    );
    expect(created.code).toBe(exitCodes.success);
    expect(created.stderr).toBe('');
    const missing = await runStarling(
      ['account', 'create', '--profile', 'nofile', '--passphrase-file', 'nope.txt'],
      {
        cwd,
      },
    );
    expect(missing).toMatchObject({
      code: exitCodes.usage,
      stderr: 'starling: Cannot read the passphrase file nope.txt.\n',
    });
  });

  it('writes the Session ID as a QR code PNG that scans back', async () => {
    await runStarling(['account', 'restore', '--profile', 'qr', '--unprotected'], {
      cwd,
      input: vectorPhrase,
    });
    const shown = await runStarling(['account', 'show', '--profile', 'qr', '--qr', 'id.png'], { cwd });
    expect(shown.code).toBe(exitCodes.success);
    expect(JSON.parse(shown.stdout)).toEqual({
      sessionId: vectorSessionId,
      displayName: null,
      qr: path.join(cwd, 'id.png'),
    });
    expect(decodeSessionIdFromImage(await readFile(path.join(cwd, 'id.png')))).toBe(vectorSessionId);

    const unwritable = await runStarling(
      ['account', 'show', '--profile', 'qr', '--qr', 'no/such/dir/id.png'],
      { cwd },
    );
    expect(unwritable.code).toBe(exitCodes.usage);
  });

  it('gives a clear message and exit code for each failure', async () => {
    const missing = await runStarling(['account', 'show', '--profile', 'nobody'], { cwd });
    expect(missing).toMatchObject({ code: exitCodes.profileMissing, stdout: '' });
    expect(missing.stderr).toBe(`starling: There is no Starling account in ${path.join(cwd, 'nobody')}.\n`);

    await runStarling(['account', 'create', '--profile', 'taken', '--unprotected'], { cwd });
    const again = await runStarling(['account', 'create', '--profile', 'taken', '--unprotected'], { cwd });
    expect(again.code).toBe(exitCodes.profileExists);
    expect(again.stderr).toContain('already holds a Starling account');
    const restoreOver = await runStarling(['account', 'restore', '--profile', 'taken', '--unprotected'], {
      cwd,
      input: vectorPhrase,
    });
    expect(restoreOver.code).toBe(exitCodes.profileExists);

    const typo = await runStarling(['account', 'restore', '--profile', 'typo', '--unprotected'], {
      cwd,
      input: vectorPhrase.replace('costume', 'costome').replace('python', 'pyhton'),
    });
    expect(typo.code).toBe(exitCodes.badRecoveryPhrase);
    expect(typo.stderr).toContain('Word 1, “pyhton”, is not a recovery-phrase word. Did you mean “python”');

    const short = await runStarling(['account', 'restore', '--profile', 'short', '--unprotected'], {
      cwd,
      input: 'python costume',
    });
    expect(short).toMatchObject({ code: exitCodes.badRecoveryPhrase });
    expect(short.stderr).toContain('this one has 2 words');

    const checksum = await runStarling(['account', 'restore', '--profile', 'checksum', '--unprotected'], {
      cwd,
      input: vectorPhrase.replace(/amnesty$/u, 'python'),
    });
    expect(checksum.code).toBe(exitCodes.badRecoveryPhrase);

    const weak = await runStarling(['account', 'create', '--profile', 'weak'], {
      cwd,
      env: { STARLING_PASSPHRASE: 'abc' },
    });
    expect(weak).toMatchObject({
      code: exitCodes.badInput,
      stderr: 'starling: Choose a passphrase of at least 8 characters.\n',
    });
  });

  it('refuses to store keys unprotected unless asked with --unprotected, in one line, exit 6', async () => {
    const refusal =
      'starling: No keychain here to protect the keys: set STARLING_PASSPHRASE or pass --passphrase-file FILE ' +
      '(or --unprotected to store them without protection, for tests and bots only).\n';
    const created = await runStarling(['account', 'create', '--profile', 'bare'], { cwd });
    expect(created).toEqual({ code: exitCodes.locked, stdout: '', stderr: refusal });
    const restored = await runStarling(['account', 'restore', '--profile', 'bare'], {
      cwd,
      input: vectorPhrase,
    });
    expect(restored).toEqual({ code: exitCodes.locked, stdout: '', stderr: refusal });
    expect(existsSync(path.join(cwd, 'bare'))).toBe(false);
  });

  it('protects an unprotected profile with account protect, and keeps it working', async () => {
    await runStarling(['account', 'restore', '--profile', 'old', '--unprotected'], {
      cwd,
      input: vectorPhrase,
    });
    const identityPath = path.join(cwd, 'old', 'identity.json');
    const before = await readFile(identityPath, 'utf8');

    const withoutPassphrase = await runStarling(['account', 'protect', '--profile', 'old'], { cwd });
    expect(withoutPassphrase.code).toBe(exitCodes.locked);
    expect(withoutPassphrase.stderr).toMatch(/^starling: No keychain here to protect the keys/u);
    expect(await readFile(identityPath, 'utf8')).toBe(before);

    const protectedNow = await runStarling(['account', 'protect', '--profile', 'old'], {
      cwd,
      env: { STARLING_PASSPHRASE: 'protect me please' },
    });
    expect(protectedNow).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(JSON.parse(protectedNow.stdout)).toEqual({ sessionId: vectorSessionId, protection: 'passphrase' });
    const identity = JSON.parse(await readFile(identityPath, 'utf8')) as { protection: { kind: string } };
    expect(identity.protection.kind).toBe('passphrase');
    expect((await stat(identityPath)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(cwd, 'old'))).mode & 0o777).toBe(0o700);

    const again = await runStarling(['account', 'protect', '--profile', 'old'], {
      cwd,
      env: { STARLING_PASSPHRASE: 'protect me please' },
    });
    expect(again).toMatchObject({
      code: exitCodes.badInput,
      stderr: 'starling: The keys of this profile are already protected.\n',
    });
    const missing = await runStarling(['account', 'protect', '--profile', 'nobody'], { cwd });
    expect(missing.code).toBe(exitCodes.profileMissing);
  });

  it('explains usage mistakes', async () => {
    const noProfile = await runStarling(['account', 'create'], { cwd });
    expect(noProfile).toMatchObject({
      code: exitCodes.usage,
      stderr: 'starling: Name the profile directory with --profile DIR.\n',
    });
    const unknownOption = await runStarling(['account', 'show', '--profile', 'x', '--colour'], { cwd });
    expect(unknownOption.code).toBe(exitCodes.usage);
    expect(unknownOption.stderr).toContain("Unknown option '--colour'");
    const unknownCommand = await runStarling(['acount'], { cwd });
    expect(unknownCommand).toMatchObject({ code: exitCodes.usage });
    expect(unknownCommand.stderr).toContain('Unknown command “acount”');
    const help = await runStarling(['help'], { cwd });
    expect(help.code).toBe(exitCodes.success);
    expect(help.stdout).toContain('starling account create');
  });
});
