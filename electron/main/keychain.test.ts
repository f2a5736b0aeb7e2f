import { describe, expect, it, vi } from 'vitest';
import { createLogger, memorySink } from '../../core/logging/logger';
import { protectVaultKey, recoverVaultKey } from '../../core/identity/keyProtection';
import { createSafeStorageKeychain, desktopKeySources, type SafeStorageLike } from './keychain';

vi.mock('electron', () => ({}));

type Backend = ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>;

/** safeStorage as it behaves: an opaque, reversible transformation while encryption is available. */
function fakeSafeStorage(options: { available?: boolean; backend?: Backend } = {}) {
  const prefix = Buffer.from('v10');
  return {
    isEncryptionAvailable: vi.fn(() => options.available ?? true),
    getSelectedStorageBackend: vi.fn(() => options.backend ?? 'gnome_libsecret'),
    encryptString: vi.fn((text: string) =>
      Buffer.concat([prefix, Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]),
    ),
    decryptString: vi.fn((encrypted: Buffer) => {
      if (!encrypted.subarray(0, 3).equals(prefix)) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(encrypted.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
    }),
  } satisfies SafeStorageLike;
}

describe('createSafeStorageKeychain', () => {
  it('gives back the exact bytes it encrypted, never storing them in clear', async () => {
    const keychain = createSafeStorageKeychain(fakeSafeStorage(), 'darwin');
    const secret = new Uint8Array(32).map((_, index) => (index * 37 + 255) % 256);
    const wrapped = await keychain.encrypt(secret);
    expect(Buffer.from(wrapped).includes(Buffer.from(secret))).toBe(false);
    expect(await keychain.decrypt(wrapped)).toEqual(secret);
    expect(keychain.name).toBe('macOS Keychain');
    expect(await keychain.isAvailable()).toBe(true);
  });

  it('fails to decrypt what it did not encrypt', async () => {
    const keychain = createSafeStorageKeychain(fakeSafeStorage(), 'win32');
    await expect(keychain.decrypt(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
  });

  it('is unavailable when the OS offers no encryption', async () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const keychain = createSafeStorageKeychain(fakeSafeStorage({ available: false }), platform);
      expect(await keychain.isAvailable()).toBe(false);
    }
  });

  it("treats Linux's basic_text backend, a key built into Chromium, as no keychain", async () => {
    const basic = createSafeStorageKeychain(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(await basic.isAvailable()).toBe(false);
    const keyring = createSafeStorageKeychain(fakeSafeStorage({ backend: 'kwallet6' }), 'linux');
    expect(await keyring.isAvailable()).toBe(true);
  });

  it('only asks for the backend on Linux, where Electron offers it', async () => {
    const safeStorage = fakeSafeStorage();
    await createSafeStorageKeychain(safeStorage, 'darwin').isAvailable();
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });
});

describe('desktopKeySources', () => {
  const logger = createLogger({ sink: memorySink() });
  const vaultKey = new Uint8Array(32).fill(7);

  it('protects the vault key with the keychain when there is one, even with a passphrase set', async () => {
    const keychain = createSafeStorageKeychain(fakeSafeStorage(), 'win32');
    const sources = desktopKeySources(keychain, 'a long passphrase');
    expect(sources).toEqual({ keychain, passphrase: 'a long passphrase' });
    const record = await protectVaultKey(vaultKey, sources, logger);
    expect(record.kind).toBe('keychain');
    expect(await recoverVaultKey(record, sources)).toEqual(vaultKey);
  });

  it("falls back to the passphrase on Linux's basic_text backend", async () => {
    const keychain = createSafeStorageKeychain(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    const sources = desktopKeySources(keychain, 'a long passphrase');
    const record = await protectVaultKey(vaultKey, sources, logger);
    expect(record.kind).toBe('passphrase');
    expect(await recoverVaultKey(record, sources)).toEqual(vaultKey);
  });

  it('gives the keychain alone without a passphrase, so that the host asks the person for one', async () => {
    const keychain = createSafeStorageKeychain(fakeSafeStorage({ available: false }), 'linux');
    expect(desktopKeySources(keychain, undefined)).toEqual({ keychain });
    expect(desktopKeySources(keychain, '')).toEqual({ keychain });
  });
});
