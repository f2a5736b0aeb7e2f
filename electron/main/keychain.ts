// The OS keychain of core/identity/keyProtection.ts, on Electron's safeStorage: the vault key is
// encrypted with a key the operating system keeps for the signed-in user (Keychain on macOS, DPAPI
// on Windows, the Secret Service or KWallet on Linux). When there is no such keychain, the keychain
// says it is unavailable and core protects the keys with the person's passphrase (Argon2id).
import type { SafeStorage } from 'electron';
import type { KeySources, OsKeychain } from '../../core/identity/keyProtection';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/** The name core records with a wrapped key and shows to the person. */
export function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Data Protection';
  return 'the system keyring';
}

export function isSafeStorageUsable(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  // On Linux without a keyring, Chromium falls back to 'basic_text': a key hard-coded in Chromium
  // itself, which anyone who copies the profile can undo. That is no protection, so the
  // passphrase is asked for instead.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
  return true;
}

/**
 * safeStorage works on strings: the key's bytes travel as base64, which its decryption gives back
 * exactly. safeStorage is only usable after the app's 'ready' event; core asks no earlier.
 */
export function createSafeStorageKeychain(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): OsKeychain {
  return {
    name: keychainName(platform),
    isAvailable: async () => isSafeStorageUsable(safeStorage, platform),
    encrypt: async (secret) => {
      const encrypted = safeStorage.encryptString(Buffer.from(secret).toString('base64'));
      return new Uint8Array(encrypted);
    },
    decrypt: async (blob) => {
      const text = safeStorage.decryptString(Buffer.from(blob));
      return new Uint8Array(Buffer.from(text, 'base64'));
    },
  };
}

/**
 * What unlocks the profile in the desktop app: the keychain, and the passphrase from
 * STARLING_PASSPHRASE when one is set. Core prefers the keychain when it is usable; without one and
 * without a passphrase, the host (opened with `requireKeyProtection`) asks the person to choose or
 * enter a passphrase, so keys are never stored unprotected.
 */
export function desktopKeySources(keychain: OsKeychain, passphrase: string | undefined): KeySources {
  return passphrase !== undefined && passphrase !== '' ? { keychain, passphrase } : { keychain };
}
