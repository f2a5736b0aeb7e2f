import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStarlingError } from '../../shared/errors';
import { toHex } from '../../shared/protocol/bytes';
import { MnemonicError } from '../../shared/protocol/mnemonic/mnemonic';
import { createLogger, memorySink } from '../logging/logger';
import {
  createAccount,
  protectAccountKeys,
  readAccountSummary,
  recordDisplayName,
  restoreAccount,
  unlockAccount,
} from './account';
import { identityFilePath } from './identityFile';
import type { KeySources, OsKeychain } from './keyProtection';

const vectorPhrase =
  'python costume hamburger heels amnesty lukewarm antics value picked roped sowed southern amnesty';
const vectorSessionId = '05aa654f00fc39fc69fd0db829410ca38177d7732a8d2f0934ab3872ac56d5aa74';
/** Tests that are not about protection store keys unprotected, as asked explicitly. */
const unprotected: KeySources = { allowUnprotected: true };

/**
 * A keychain of this process: AES-256-GCM under a key held in memory, standing in for the OS
 * keychain (Electron's safeStorage) that this machine does not have.
 */
function processKeychain(options: { available?: boolean } = {}): OsKeychain & { key: Buffer } {
  const key = randomBytes(32);
  return {
    name: 'test keychain',
    key,
    isAvailable: async () => options.available ?? true,
    encrypt: async (secret) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      return Buffer.concat([iv, cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
    },
    decrypt: async (blob) => {
      const data = Buffer.from(blob);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(-16));
      return Buffer.concat([decipher.update(data.subarray(12, -16)), decipher.final()]);
    },
  };
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isStarlingError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('accounts', () => {
  let directory: string;
  let profileDirectory: string;
  const sink = memorySink();
  const logger = createLogger({ sink, level: 'debug' });

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-account-'));
    profileDirectory = path.join(directory, 'profile');
    sink.records.length = 0;
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('creates an account whose phrase restores the same keys elsewhere', async () => {
    const keySources: KeySources = { passphrase: 'a long enough passphrase' };
    const created = await createAccount({ profileDirectory, keySources, logger });
    expect(created.sessionId).toMatch(/^05[0-9a-f]{64}$/u);
    expect(created.recoveryPhrase.split(' ')).toHaveLength(13);

    const otherProfile = path.join(directory, 'second-device');
    const restored = await restoreAccount({
      profileDirectory: otherProfile,
      keySources: unprotected,
      logger,
      recoveryPhrase: created.recoveryPhrase,
    });
    expect(restored.sessionId).toBe(created.sessionId);

    const first = await unlockAccount({ profileDirectory, keySources });
    const second = await unlockAccount({ profileDirectory: otherProfile, keySources: unprotected });
    expect(toHex(first.keys.ed25519SecretKey)).toBe(toHex(second.keys.ed25519SecretKey));
    expect(first.recoveryPhrase).toBe(created.recoveryPhrase);
    // Each device has its own vault key, so its own database key; the same device keeps its key.
    expect(first.databaseKey).toHaveLength(32);
    expect(toHex(first.databaseKey)).not.toBe(toHex(second.databaseKey));
    expect(toHex((await unlockAccount({ profileDirectory, keySources })).databaseKey)).toBe(
      toHex(first.databaseKey),
    );
  });

  it('restores the official vector account and shows it without unlocking', async () => {
    await restoreAccount({
      profileDirectory,
      keySources: unprotected,
      logger,
      recoveryPhrase: `  ${vectorPhrase.toUpperCase()} `,
    });
    expect(await readAccountSummary(profileDirectory)).toEqual({
      sessionId: vectorSessionId,
      protection: 'plaintext',
      displayName: null,
    });
  });

  it('keeps the display name last known in the identity file, for showing without unlocking', async () => {
    await restoreAccount({ profileDirectory, keySources: unprotected, logger, recoveryPhrase: vectorPhrase });
    await recordDisplayName(profileDirectory, 'Ada Lovelace');
    expect((await readAccountSummary(profileDirectory)).displayName).toBe('Ada Lovelace');
    await recordDisplayName(profileDirectory, null);
    expect((await readAccountSummary(profileDirectory)).displayName).toBeNull();
    // The keys still open after the file was replaced.
    await expect(unlockAccount({ profileDirectory, keySources: unprotected })).resolves.toBeDefined();
  });

  it('keeps no secret in the clear when a passphrase protects the keys', async () => {
    await restoreAccount({
      profileDirectory,
      keySources: { passphrase: 'correct horse battery' },
      logger,
      recoveryPhrase: vectorPhrase,
    });
    const text = await readFile(identityFilePath(profileDirectory), 'utf8');
    const unlocked = await unlockAccount({
      profileDirectory,
      keySources: { passphrase: 'correct horse battery' },
    });
    expect(text).not.toContain(toHex(unlocked.keys.seed).slice(0, 32));
    expect(text).not.toContain(
      Buffer.from(unlocked.keys.seed.subarray(0, 16)).toString('base64').slice(0, 20),
    );
    expect(text).not.toContain('python');
    expect((await stat(identityFilePath(profileDirectory))).mode & 0o777).toBe(0o600);
    expect((await stat(profileDirectory)).mode & 0o777).toBe(0o700);
  });

  it('asks for the passphrase, and refuses a wrong or short one', async () => {
    await expect(
      errorOf(createAccount({ profileDirectory, keySources: { passphrase: 'short' }, logger })),
    ).resolves.toMatchObject({ code: 'weakPassphrase' });
    await createAccount({ profileDirectory, keySources: { passphrase: 'the right passphrase' }, logger });
    expect(await errorOf(unlockAccount({ profileDirectory, keySources: {} }))).toMatchObject({
      code: 'passphraseRequired',
    });
    expect(
      await errorOf(unlockAccount({ profileDirectory, keySources: { passphrase: 'the wrong passphrase' } })),
    ).toMatchObject({
      code: 'wrongPassphrase',
      message: 'That passphrase does not unlock this profile.',
    });
  });

  it('prefers the OS keychain, and says so when it is missing or refuses', async () => {
    const keychain = processKeychain();
    await createAccount({
      profileDirectory,
      keySources: { keychain, passphrase: 'ignored passphrase' },
      logger,
    });
    expect((await readAccountSummary(profileDirectory)).protection).toBe('keychain');
    await expect(unlockAccount({ profileDirectory, keySources: { keychain } })).resolves.toBeDefined();

    expect(await errorOf(unlockAccount({ profileDirectory, keySources: {} }))).toMatchObject({
      code: 'keychainUnavailable',
    });
    expect(
      await errorOf(unlockAccount({ profileDirectory, keySources: { keychain: processKeychain() } })),
    ).toMatchObject({
      code: 'keychainFailed',
    });
  });

  it('falls back to a passphrase when the keychain is unavailable', async () => {
    const keychain = processKeychain({ available: false });
    await createAccount({
      profileDirectory,
      keySources: { keychain, passphrase: 'fallback passphrase' },
      logger,
    });
    expect((await readAccountSummary(profileDirectory)).protection).toBe('passphrase');
  });

  it('refuses to store keys unprotected unless asked explicitly, and writes nothing', async () => {
    expect(await errorOf(createAccount({ profileDirectory, keySources: {}, logger }))).toMatchObject({
      code: 'protectionRequired',
    });
    expect(
      await errorOf(
        restoreAccount({
          profileDirectory,
          keySources: { keychain: processKeychain({ available: false }) },
          logger,
          recoveryPhrase: vectorPhrase,
        }),
      ),
    ).toMatchObject({ code: 'protectionRequired' });
    expect(await errorOf(readAccountSummary(profileDirectory))).toMatchObject({ code: 'profileMissing' });
  });

  it('counts a keychain whose probe fails as none', async () => {
    const broken: OsKeychain = {
      ...processKeychain(),
      isAvailable: () => Promise.reject(new Error('no D-Bus session')),
    };
    await createAccount({
      profileDirectory,
      keySources: { keychain: broken, passphrase: 'a long passphrase' },
      logger,
    });
    expect((await readAccountSummary(profileDirectory)).protection).toBe('passphrase');
  });

  it('protects an unprotected profile with a passphrase, keeping its vault key and overwriting the old file', async () => {
    await restoreAccount({ profileDirectory, keySources: unprotected, logger, recoveryPhrase: vectorPhrase });
    const before = await unlockAccount({ profileDirectory, keySources: {} });
    const plaintextKey = (
      JSON.parse(await readFile(identityFilePath(profileDirectory), 'utf8')) as {
        protection: { key: string };
      }
    ).protection.key;

    expect(
      await errorOf(protectAccountKeys({ profileDirectory, keySources: unprotected, logger })),
    ).toMatchObject({
      code: 'protectionRequired',
    });
    await expect(
      protectAccountKeys({ profileDirectory, keySources: { passphrase: 'a new passphrase' }, logger }),
    ).resolves.toEqual({ sessionId: vectorSessionId, protection: 'passphrase', displayName: null });

    const text = await readFile(identityFilePath(profileDirectory), 'utf8');
    expect(text).not.toContain(plaintextKey);
    expect((await stat(identityFilePath(profileDirectory))).mode & 0o777).toBe(0o600);
    expect(await readdir(profileDirectory)).toEqual(['identity.json']);
    expect(await errorOf(unlockAccount({ profileDirectory, keySources: {} }))).toMatchObject({
      code: 'passphraseRequired',
    });
    const after = await unlockAccount({ profileDirectory, keySources: { passphrase: 'a new passphrase' } });
    // The same vault key: the database opens with the same key, nothing was re-encrypted.
    expect(toHex(after.databaseKey)).toBe(toHex(before.databaseKey));
    expect(
      await errorOf(
        protectAccountKeys({ profileDirectory, keySources: { passphrase: 'another one!' }, logger }),
      ),
    ).toMatchObject({ code: 'alreadyProtected' });
  });

  it('warns, once, when the keys end up unprotected', async () => {
    await createAccount({ profileDirectory, keySources: unprotected, logger });
    const warnings = sink.records.filter((record) => record.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/unprotected key.*tests and bots only/u);
  });

  it('never logs the Session ID in full or the recovery phrase', async () => {
    const created = await createAccount({ profileDirectory, keySources: unprotected, logger });
    const logged = sink.records.map((record) => record.message).join('\n');
    expect(logged).toContain(created.sessionId.slice(0, 6));
    expect(logged).not.toContain(created.sessionId);
    // The unprotected-keys warning is fixed English text, which a phrase word may happen to be
    // (e.g. "meant"): the words are looked for in everything else.
    const variable = sink.records
      .map((record) => record.message)
      .filter((message) => !/unprotected key.*tests and bots only/u.test(message))
      .join('\n');
    for (const word of new Set(created.recoveryPhrase.split(' '))) {
      expect(variable).not.toMatch(new RegExp(`\\b${word}\\b`, 'u'));
    }
  });

  it('refuses to overwrite an existing account', async () => {
    await createAccount({ profileDirectory, keySources: unprotected, logger });
    const before = await readFile(identityFilePath(profileDirectory), 'utf8');
    expect(await errorOf(createAccount({ profileDirectory, keySources: unprotected, logger }))).toMatchObject(
      {
        code: 'profileExists',
      },
    );
    expect(
      await errorOf(
        restoreAccount({ profileDirectory, keySources: unprotected, logger, recoveryPhrase: vectorPhrase }),
      ),
    ).toMatchObject({ code: 'profileExists' });
    expect(await readFile(identityFilePath(profileDirectory), 'utf8')).toBe(before);
  });

  it('writes nothing when the phrase is wrong', async () => {
    await expect(
      restoreAccount({ profileDirectory, keySources: unprotected, logger, recoveryPhrase: 'python costume' }),
    ).rejects.toBeInstanceOf(MnemonicError);
    expect(await errorOf(readAccountSummary(profileDirectory))).toMatchObject({ code: 'profileMissing' });
  });

  it('reports a damaged identity file instead of crashing', async () => {
    await restoreAccount({ profileDirectory, keySources: unprotected, logger, recoveryPhrase: vectorPhrase });
    const filePath = identityFilePath(profileDirectory);
    const original = JSON.parse(await readFile(filePath, 'utf8')) as Record<string, unknown>;

    await writeFile(filePath, '{"format": "starling-identity", ');
    expect(await errorOf(readAccountSummary(profileDirectory))).toMatchObject({ code: 'profileDamaged' });

    await writeFile(filePath, JSON.stringify({ ...original, version: 99 }));
    expect((await errorOf(readAccountSummary(profileDirectory))).message).toMatch(
      /unknown version \(version\)/u,
    );

    // Another account's ID pasted into the file must not unlock with these keys.
    const edited = { ...original, sessionId: `05${'11'.repeat(32)}` };
    await writeFile(filePath, JSON.stringify(edited));
    expect(await errorOf(unlockAccount({ profileDirectory, keySources: unprotected }))).toMatchObject({
      code: 'profileDamaged',
    });
  });
});
