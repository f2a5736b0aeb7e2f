// How the key that encrypts a profile's secrets (the vault key) is itself kept at rest, strongest
// first (design.md, security): wrapped by the OS keychain; else wrapped by a key derived from the
// user's passphrase with Argon2id; else, only when asked for explicitly (tests and bots), stored as
// it is, with a warning. Without any of the three, keys are refused rather than kept unprotected.
import { minimumPassphraseLength } from '../../shared/contract/clientApi';
import { StarlingError } from '../../shared/errors';
import { utf8Encode } from '../../shared/protocol/bytes';
import { loadSodium } from '../../shared/protocol/sodium';
import { open, seal } from '../crypto/secretBox';
import type { Logger } from '../logging/logger';

export const vaultKeyLength = 32;

/**
 * An OS keychain, as Electron's `safeStorage` offers one: it encrypts bytes with a key that the
 * operating system keeps for the signed-in user.
 */
export interface OsKeychain {
  /** Shown to the user, e.g. "macOS Keychain". */
  readonly name: string;
  isAvailable(): Promise<boolean>;
  encrypt(secret: Uint8Array): Promise<Uint8Array>;
  decrypt(blob: Uint8Array): Promise<Uint8Array>;
}

/** What may unlock a profile: the OS keychain and/or a passphrase the person typed. */
export interface KeySources {
  readonly keychain?: OsKeychain;
  readonly passphrase?: string;
  /**
   * The person asked explicitly (`--unprotected`) that new keys may be stored without protection
   * when there is neither a keychain nor a passphrase: for tests and bots, never a default.
   */
  readonly allowUnprotected?: boolean;
}

export type ProtectionRecord =
  | { readonly kind: 'keychain'; readonly keychain: string; readonly wrappedKey: string }
  | {
      readonly kind: 'passphrase';
      readonly kdf: 'argon2id13';
      readonly operations: number;
      readonly memoryBytes: number;
      readonly salt: string;
      readonly wrappedKey: string;
    }
  | { readonly kind: 'plaintext'; readonly key: string };

export type KeyProtectionErrorCode =
  | 'keychainUnavailable'
  | 'keychainFailed'
  | 'passphraseRequired'
  | 'wrongPassphrase'
  | 'weakPassphrase'
  | 'protectionRequired'
  | 'alreadyProtected';

export class KeyProtectionError extends StarlingError<KeyProtectionErrorCode> {}

// Argon2id at libsodium's "moderate" time cost with 64 MiB: about half a second here, which an
// attacker pays per guess. The figures are stored so that a later version can raise them.
const passphraseOperations = 3;
const passphraseMemoryBytes = 64 * 1024 * 1024;

/** Refuses a passphrase too short to protect keys: the host as it is chosen, and here as it is used. */
export function assertStrongPassphrase(passphrase: string): void {
  if (passphrase.length < minimumPassphraseLength) {
    throw new KeyProtectionError(
      'weakPassphrase',
      `Choose a passphrase of at least ${minimumPassphraseLength} characters.`,
    );
  }
}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * Whether the keychain can be used now. A keychain whose probe fails (no D-Bus session, a locked or
 * broken store) counts as none, so that a passphrase is asked for instead of an error shown.
 */
export async function isKeychainUsable(keychain: OsKeychain | undefined): Promise<boolean> {
  if (!keychain) return false;
  try {
    return await keychain.isAvailable();
  } catch {
    return false;
  }
}

/** Whether new keys could be protected now: by a keychain that answers, or by a passphrase. */
export async function canProtectNewKeys(sources: KeySources): Promise<boolean> {
  return sources.passphrase !== undefined || (await isKeychainUsable(sources.keychain));
}

export async function protectVaultKey(
  vaultKey: Uint8Array,
  sources: KeySources,
  logger: Logger,
): Promise<ProtectionRecord> {
  if (await isKeychainUsable(sources.keychain)) {
    const keychain = sources.keychain!;
    const wrapped = await keychain.encrypt(vaultKey);
    logger.info(`keys are protected by ${keychain.name}`);
    return { kind: 'keychain', keychain: keychain.name, wrappedKey: toBase64(wrapped) };
  }
  if (sources.passphrase !== undefined) {
    assertStrongPassphrase(sources.passphrase);
    const sodium = await loadSodium();
    const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
    const wrappingKey = await derivePassphraseKey(
      sources.passphrase,
      salt,
      passphraseOperations,
      passphraseMemoryBytes,
    );
    logger.info('keys are protected by a passphrase');
    return {
      kind: 'passphrase',
      kdf: 'argon2id13',
      operations: passphraseOperations,
      memoryBytes: passphraseMemoryBytes,
      salt: toBase64(salt),
      wrappedKey: toBase64(await seal(vaultKey, wrappingKey)),
    };
  }
  if (!sources.allowUnprotected) {
    throw new KeyProtectionError(
      'protectionRequired',
      'There is no OS keychain here and no passphrase was given: choose a passphrase to protect the keys.',
    );
  }
  logger.warn(
    'No OS keychain and no passphrase: the keys of this profile are stored with an unprotected key, ' +
      'as asked. This is meant for tests and bots only; set STARLING_PASSPHRASE to protect them.',
  );
  return { kind: 'plaintext', key: toBase64(vaultKey) };
}

export async function recoverVaultKey(record: ProtectionRecord, sources: KeySources): Promise<Uint8Array> {
  switch (record.kind) {
    case 'keychain': {
      // A key wrapped by another keychain (the desktop app's safeStorage, the CLI's credential
      // store) cannot be unwrapped by this one: say which one keeps it.
      const keychain = sources.keychain;
      if (!keychain || keychain.name !== record.keychain || !(await isKeychainUsable(keychain))) {
        throw new KeyProtectionError(
          'keychainUnavailable',
          `This profile's keys are kept by ${record.keychain}, which is not available here.`,
        );
      }
      try {
        return await keychain.decrypt(fromBase64(record.wrappedKey));
      } catch {
        throw new KeyProtectionError(
          'keychainFailed',
          `${record.keychain} could not unlock this profile: it may belong to another user or computer.`,
        );
      }
    }
    case 'passphrase': {
      if (sources.passphrase === undefined) {
        throw new KeyProtectionError(
          'passphraseRequired',
          'This profile is protected by a passphrase: enter it.',
        );
      }
      const wrappingKey = await derivePassphraseKey(
        sources.passphrase,
        fromBase64(record.salt),
        record.operations,
        record.memoryBytes,
      );
      const vaultKey = await open(fromBase64(record.wrappedKey), wrappingKey);
      if (!vaultKey) {
        throw new KeyProtectionError('wrongPassphrase', 'That passphrase does not unlock this profile.');
      }
      return vaultKey;
    }
    case 'plaintext':
      return fromBase64(record.key);
  }
}

async function derivePassphraseKey(
  passphrase: string,
  salt: Uint8Array,
  operations: number,
  memoryBytes: number,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_pwhash(
    vaultKeyLength,
    // UTF-8, as libsodium-wrappers encoded a string password.
    utf8Encode(passphrase.normalize('NFKC')),
    salt,
    operations,
    memoryBytes,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
}
