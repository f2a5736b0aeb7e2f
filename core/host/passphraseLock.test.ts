// The passphrase lock on a real profile and a devnet: without a keychain, the desktop host asks
// for a passphrase before the account is made, and for the same passphrase every time after.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import type { ClientEvents } from '../../shared/contract/clientEvents';
import { readAccountSummary } from '../identity/account';
import type { KeySources, OsKeychain } from '../identity/keyProtection';
import { createLogger, memorySink } from '../logging/logger';
import { loadNetwork, type NetworkDescription } from '../network/networkDescription';
import { ClientHost } from './clientHost';
import { unlockDelayMs } from './passphraseLock';

/** A keychain that is there but unusable, as safeStorage on Linux without a keyring. */
const unavailableKeychain: OsKeychain = {
  name: 'the system keyring',
  isAvailable: async () => false,
  encrypt: async () => {
    throw new Error('no keychain');
  },
  decrypt: async () => {
    throw new Error('no keychain');
  },
};

/** A keychain that works (a reversible transformation), for the cases where nothing is locked. */
const workingKeychain: OsKeychain = {
  name: 'a test keychain',
  isAvailable: async () => true,
  encrypt: async (secret) => secret.map((byte) => byte ^ 0x5a),
  decrypt: async (blob) => blob.map((byte) => byte ^ 0x5a),
};

const passphrase = 'correct horse battery staple';

describe('the passphrase lock of ClientHost', () => {
  let directory: string;
  let devnet: Devnet;
  let network: NetworkDescription;
  const sink = memorySink();
  const logger = createLogger({ sink, level: 'debug' });
  let profiles = 0;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-lock-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet') });
    network = await loadNetwork(devnet.networkFile);
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    // An engine closed while it was joining the network may still be writing its caches.
    await rm(directory, { recursive: true, force: true, maxRetries: 10 });
  });

  function newProfile(): string {
    profiles += 1;
    return path.join(directory, `profile-${profiles}`);
  }

  function openHost(
    profileDirectory: string,
    keySources: KeySources,
    requireKeyProtection = true,
  ): Promise<ClientHost> {
    return ClientHost.open({ profileDirectory, network, keySources, logger, requireKeyProtection });
  }

  it('has a passphrase chosen, then asks for it after a restart and opens only with it', async () => {
    const profileDirectory = newProfile();
    const first = await openHost(profileDirectory, { keychain: unavailableKeychain });
    expect(await first.getStartup({})).toEqual({
      state: 'needsPassphrase',
      passphrase: 'choose',
      account: null,
      network: 'devnet',
    });
    // Nothing that would store keys works before the passphrase is chosen.
    await expect(first.createAccount({ displayName: 'Alice' })).rejects.toMatchObject({
      code: 'locked',
      message: 'Choose a passphrase first.',
    });

    expect(await first.unlock({ passphrase })).toEqual({
      state: 'needsAccount',
      account: null,
      network: 'devnet',
    });
    const { account } = await first.createAccount({ displayName: 'Alice' });
    expect((await readAccountSummary(profileDirectory)).protection).toBe('passphrase');
    await first.close();

    // A restart without the passphrase: the host opens, locked, instead of failing.
    const second = await openHost(profileDirectory, { keychain: unavailableKeychain });
    const ready: ClientEvents['account.ready'][] = [];
    second.on('account.ready', (event) => ready.push(event));
    try {
      expect(await second.getStartup({})).toEqual({
        state: 'needsPassphrase',
        passphrase: 'enter',
        account: null,
        network: 'devnet',
      });
      for (const call of [
        () => second.getAccount({}),
        () => second.listConversations({ list: 'chats' }),
        () => second.createAccount({}),
      ]) {
        await expect(call()).rejects.toMatchObject({
          code: 'locked',
          message: 'Enter your passphrase first.',
        });
      }

      await expect(second.unlock({ passphrase: 'not the passphrase' })).rejects.toMatchObject({
        code: 'wrongPassphrase',
        message: 'That passphrase does not unlock this profile.',
      });
      expect((await second.getStartup({})).state).toBe('needsPassphrase');
      expect(ready).toEqual([]);

      const startup = await second.unlock({ passphrase });
      expect(startup).toEqual({ state: 'ready', account, network: 'devnet' });
      expect(startup.account?.sessionId).toBe(account.sessionId);
      expect(ready).toEqual([{ account }]);
      expect(await second.getAccount({})).toEqual(account);

      await expect(second.unlock({ passphrase })).rejects.toMatchObject({ code: 'notLocked' });
    } finally {
      await second.close();
    }
    // The passphrase is a secret: no log line carries it.
    expect(sink.records.some((record) => record.message.includes(passphrase))).toBe(false);
  });

  it('refuses a weak passphrase and stays locked', async () => {
    const host = await openHost(newProfile(), {});
    try {
      await expect(host.unlock({ passphrase: 'short' })).rejects.toMatchObject({
        code: 'weakPassphrase',
        message: 'Choose a passphrase of at least 8 characters.',
      });
      expect(await host.getStartup({})).toMatchObject({ state: 'needsPassphrase', passphrase: 'choose' });
    } finally {
      await host.close();
    }
  });

  it('opens a passphrase-protected profile locked even without requireKeyProtection', async () => {
    const profileDirectory = newProfile();
    const first = await openHost(profileDirectory, { passphrase }, false);
    const { account } = await first.createAccount({});
    await first.close();

    const second = await openHost(profileDirectory, {}, false);
    try {
      expect(await second.getStartup({})).toMatchObject({ state: 'needsPassphrase', passphrase: 'enter' });
      expect((await second.unlock({ passphrase })).account?.sessionId).toBe(account.sessionId);
    } finally {
      await second.close();
    }
  });

  it('asks for nothing when the keychain works or a passphrase was given, and says so on unlock', async () => {
    for (const keySources of [{ keychain: workingKeychain }, { keychain: unavailableKeychain, passphrase }]) {
      const host = await openHost(newProfile(), keySources);
      try {
        expect((await host.getStartup({})).state).toBe('needsAccount');
        await expect(host.unlock({ passphrase })).rejects.toMatchObject({
          code: 'notLocked',
          message: 'Starling is not waiting for a passphrase.',
        });
      } finally {
        await host.close();
      }
    }
  });

  it('opens locked, not failing, when the passphrase given at start is wrong', async () => {
    const profileDirectory = newProfile();
    const first = await openHost(profileDirectory, { passphrase });
    const { account } = await first.createAccount({});
    await first.close();

    const second = await openHost(profileDirectory, { passphrase: 'a mistyped passphrase' });
    try {
      expect(await second.getStartup({})).toMatchObject({ state: 'needsPassphrase', passphrase: 'enter' });
      await expect(second.getAccount({})).rejects.toMatchObject({ code: 'locked' });
      await expect(second.unlock({ passphrase: 'still not it' })).rejects.toMatchObject({
        code: 'wrongPassphrase',
      });
      expect((await second.unlock({ passphrase })).account?.sessionId).toBe(account.sessionId);
    } finally {
      await second.close();
    }
  });

  it('refuses to make an unprotected account without the explicit choice, even unrequired', async () => {
    const host = await openHost(newProfile(), {}, false);
    try {
      expect((await host.getStartup({})).state).toBe('needsAccount');
      await expect(host.createAccount({})).rejects.toMatchObject({ code: 'protectionRequired' });
    } finally {
      await host.close();
    }
  });

  it('offers to protect an unprotected profile, and protects it with a chosen passphrase', async () => {
    const profileDirectory = newProfile();
    const first = await openHost(profileDirectory, { allowUnprotected: true }, false);
    try {
      const { account } = await first.createAccount({});
      expect(await first.getStartup({})).toEqual({
        state: 'ready',
        account,
        network: 'devnet',
        keysUnprotected: true,
      });
      // On disk, the profile is its owner's only: directories 0700, the identity and database 0600.
      const modes: Record<string, number> = {};
      for (const entry of await readdir(profileDirectory, { recursive: true })) {
        // The engine keeps working meanwhile: a temporary file (the network cache's, written then
        // renamed) may be gone by the time it is looked at.
        const found = await stat(path.join(profileDirectory, entry)).catch(() => undefined);
        if (found) modes[entry] = found.mode & 0o777;
      }
      modes['.'] = (await stat(profileDirectory)).mode & 0o777;
      expect(modes).toMatchObject({
        '.': 0o700,
        'identity.json': 0o600,
        data: 0o700,
        'data/devnet.sqlite': 0o600,
      });
      for (const [entry, mode] of Object.entries(modes))
        expect({ entry, mode: mode & 0o077 }).toEqual({ entry, mode: 0 });
      await expect(first.protectKeys({ passphrase: 'short' })).rejects.toMatchObject({
        code: 'invalidRequest',
        message: 'Choose a passphrase of at least 8 characters. (passphrase)',
      });
      // The engine keeps working: its vault key is the same, only wrapped.
      expect(await first.protectKeys({ passphrase })).toEqual({ state: 'ready', account, network: 'devnet' });
      expect(await first.getAccount({})).toEqual(account);
      expect((await readAccountSummary(profileDirectory)).protection).toBe('passphrase');
      await expect(first.protectKeys({ passphrase })).rejects.toMatchObject({ code: 'alreadyProtected' });
    } finally {
      await first.close();
    }
    const second = await openHost(profileDirectory, {});
    try {
      expect(await second.getStartup({})).toMatchObject({ state: 'needsPassphrase', passphrase: 'enter' });
      await expect(second.protectKeys({ passphrase })).rejects.toMatchObject({ code: 'locked' });
      expect((await second.unlock({ passphrase })).state).toBe('ready');
    } finally {
      await second.close();
    }
    expect(sink.records.some((record) => record.message.includes(passphrase))).toBe(false);
  });

  it('validates the unlock request', async () => {
    const host = await openHost(newProfile(), {});
    try {
      await expect(host.unlock({ passphrase: '' })).rejects.toMatchObject({
        code: 'invalidRequest',
        message: 'Enter your passphrase. (passphrase)',
      });
      await expect(host.unlock({ passphrase: 'x'.repeat(1_025) })).rejects.toMatchObject({
        code: 'invalidRequest',
        message: 'A passphrase has at most 1,024 characters. (passphrase)',
      });
      await expect(host.unlock({} as never)).rejects.toMatchObject({ code: 'invalidRequest' });
      expect((await host.getStartup({})).state).toBe('needsPassphrase');
    } finally {
      await host.close();
    }
  });
});

describe('unlockDelayMs', () => {
  it('lets a few attempts through, then doubles the wait up to half a minute', () => {
    expect([0, 1, 2].map(unlockDelayMs)).toEqual([0, 0, 0]);
    expect([3, 4, 5].map(unlockDelayMs)).toEqual([1_000, 2_000, 4_000]);
    expect(unlockDelayMs(50)).toBe(30_000);
  });
});
