// The command line's keychain: a store that fails or hangs counts as none (so that a passphrase is
// asked for), a key wrapped by it unwraps only with its entry, tests never reach a real keychain
// unless they start one, and — when GNOME Keyring can run here — the real Secret Service keeps a
// profile's keys for `starling account create`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockAccount } from '../core/identity/account';
import { startSecretService, type SecretService } from '../test/secretService';
import { runStarling } from '../test/starlingProcess';
import { exitCodes } from './exitCodes';
import {
  commandLineKeychain,
  type CredentialStore,
  createCredentialStoreKeychain,
  credentialStoreName,
  keychainVariable,
} from './osKeychain';

function memoryStore(): CredentialStore & { readonly entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    setSecret: async (name, secret) => void entries.set(name, new Uint8Array(secret)),
    getSecret: async (name) => entries.get(name) ?? null,
  };
}

describe('the credential store keychain', () => {
  it('wraps a secret under a key kept in the store, and unwraps it only with that entry', async () => {
    const store = memoryStore();
    const keychain = createCredentialStoreKeychain({ store, platform: 'linux' });
    expect(keychain.name).toBe('the Secret Service');
    expect(await keychain.isAvailable()).toBe(true);
    const secret = new Uint8Array(32).fill(9);
    const blob = await keychain.encrypt(secret);
    expect(Buffer.from(blob).includes(Buffer.from(secret))).toBe(false);
    expect(store.entries.size).toBe(1);
    expect(await keychain.decrypt(blob)).toEqual(secret);

    // Another computer's store (no such entry), or an entry that was replaced, does not unlock it.
    const elsewhere = createCredentialStoreKeychain({ store: memoryStore(), platform: 'linux' });
    await expect(elsewhere.decrypt(blob)).rejects.toThrow(/no entry for this profile/u);
    for (const name of store.entries.keys()) store.entries.set(name, new Uint8Array(32));
    await expect(keychain.decrypt(blob)).rejects.toThrow(/does not unlock/u);
  });

  it('counts a store that throws, rejects or never answers as none', async () => {
    const throwing: CredentialStore = {
      setSecret: () => {
        throw new Error('DBus error: set your DBUS_SESSION_BUS_ADDRESS');
      },
      getSecret: () => {
        throw new Error('DBus error: set your DBUS_SESSION_BUS_ADDRESS');
      },
    };
    const rejecting: CredentialStore = {
      setSecret: () => Promise.reject(new Error('the keyring is locked')),
      getSecret: () => Promise.reject(new Error('the keyring is locked')),
    };
    let aborted = false;
    const hanging: CredentialStore = {
      setSecret: () => new Promise(() => undefined),
      getSecret: (_name, signal) =>
        new Promise(() => {
          signal.addEventListener('abort', () => (aborted = true));
        }),
    };
    for (const store of [throwing, rejecting, hanging]) {
      const keychain = createCredentialStoreKeychain({ store, probeTimeoutMs: 50 });
      expect(await keychain.isAvailable()).toBe(false);
    }
    // The call left hanging is told to stop.
    expect(aborted).toBe(true);
  });

  it('names each platform’s store apart from the desktop app’s safeStorage', () => {
    expect(credentialStoreName('darwin')).toBe('the macOS login keychain');
    expect(credentialStoreName('win32')).toBe('Windows Credential Manager');
    expect(credentialStoreName('linux')).toBe('the Secret Service');
  });

  it('is off with STARLING_KEYCHAIN=none, as every test helper sets it', () => {
    expect(commandLineKeychain({ [keychainVariable]: 'none' })).toBeUndefined();
    expect(process.env[keychainVariable]).toBe('none');
    expect(commandLineKeychain({})).toBeDefined();
  });
});

describe('the real Secret Service (GNOME Keyring on a private D-Bus session)', () => {
  let service: SecretService | { readonly unavailable: string };
  let cwd: string;
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-keyring-'));
    service = await startSecretService();
    // This process talks to that bus only, so that nothing reaches a developer's own keyring.
    if ('env' in service) process.env.DBUS_SESSION_BUS_ADDRESS = service.env.DBUS_SESSION_BUS_ADDRESS;
  }, 30_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    if ('stop' in service) await service.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('keeps the keys of a profile made by `starling account create`', async (context) => {
    if (!('env' in service)) {
      context.skip(`no Secret Service can run here: ${service.unavailable}`);
      return;
    }
    const created = await runStarling(['account', 'create', '--profile', 'desk'], {
      cwd,
      env: { ...service.env, [keychainVariable]: 'system' },
    });
    expect(created).toMatchObject({ code: exitCodes.success, stderr: '' });
    const { sessionId } = JSON.parse(created.stdout) as { sessionId: string };
    const identity = JSON.parse(await readFile(path.join(cwd, 'desk', 'identity.json'), 'utf8')) as {
      protection: { kind: string; keychain: string };
    };
    expect(identity.protection).toMatchObject({ kind: 'keychain', keychain: 'the Secret Service' });

    const keychain = createCredentialStoreKeychain();
    expect(await keychain.isAvailable()).toBe(true);
    const unlocked = await unlockAccount({
      profileDirectory: path.join(cwd, 'desk'),
      keySources: { keychain },
    });
    expect(unlocked.keys.sessionId).toBe(sessionId);
    // Without the keychain the profile stays locked: it says which keychain keeps its keys.
    await expect(
      unlockAccount({ profileDirectory: path.join(cwd, 'desk'), keySources: {} }),
    ).rejects.toMatchObject({
      code: 'keychainUnavailable',
    });
  }, 30_000);
});
