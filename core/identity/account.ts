// Creating, restoring and unlocking the Session account of a profile (protocol-messages.md §1).
import { toHex, utf8Encode } from '../../shared/protocol/bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import { accountSeedLength, decodeMnemonic, encodeMnemonic } from '../../shared/protocol/mnemonic/mnemonic';
import { loadSodium } from '../../shared/protocol/sodium';
import { open, seal } from '../crypto/secretBox';
import type { Logger } from '../logging/logger';
import {
  assertNoIdentity,
  IdentityFileError,
  identityFilePath,
  readIdentityFile,
  replaceIdentityFile,
  writeNewIdentityFile,
} from './identityFile';
import {
  KeyProtectionError,
  type KeySources,
  protectVaultKey,
  recoverVaultKey,
  vaultKeyLength,
} from './keyProtection';

export interface AccountSummary {
  readonly sessionId: string;
  readonly protection: 'keychain' | 'passphrase' | 'plaintext';
  /** The display name last known to this profile; null when none was ever set or synced. */
  readonly displayName: string | null;
}

export interface UnlockedAccount {
  readonly keys: IdentityKeys;
  /** The 13 words; shown only when the person asks for them. */
  readonly recoveryPhrase: string;
  /** Opens the profile's message database (core/store); derived from the vault key, never stored. */
  readonly databaseKey: Uint8Array;
}

interface ProfileOptions {
  readonly profileDirectory: string;
  readonly keySources: KeySources;
  readonly logger: Logger;
}

/** Creates a new account from 16 random bytes and returns its Session ID and recovery phrase. */
export async function createAccount(
  options: ProfileOptions,
): Promise<{ readonly sessionId: string; readonly recoveryPhrase: string }> {
  const sodium = await loadSodium();
  const seed = sodium.randombytes_buf(accountSeedLength);
  const keys = await saveAccount(seed, options);
  return { sessionId: keys.sessionId, recoveryPhrase: encodeMnemonic(seed).join(' ') };
}

/** Restores an account from its recovery phrase; throws a MnemonicError for a bad phrase. */
export async function restoreAccount(
  options: ProfileOptions & { readonly recoveryPhrase: string },
): Promise<{ readonly sessionId: string }> {
  await assertNoIdentity(options.profileDirectory);
  const seed = decodeMnemonic(options.recoveryPhrase);
  const keys = await saveAccount(seed, options);
  return { sessionId: keys.sessionId };
}

/** The public facts of a profile, read without unlocking it. */
export async function readAccountSummary(profileDirectory: string): Promise<AccountSummary> {
  const identity = await readIdentityFile(profileDirectory);
  return {
    sessionId: identity.sessionId,
    protection: identity.protection.kind,
    displayName: identity.displayName ?? null,
  };
}

/** Keeps the account's display name in the identity file, for `account show` (identityFile.ts). */
export async function recordDisplayName(profileDirectory: string, displayName: string | null): Promise<void> {
  const identity = await readIdentityFile(profileDirectory);
  if ((identity.displayName ?? null) === displayName) return;
  await replaceIdentityFile(profileDirectory, { ...identity, displayName });
}

export async function unlockAccount(options: {
  readonly profileDirectory: string;
  readonly keySources: KeySources;
}): Promise<UnlockedAccount> {
  const identity = await readIdentityFile(options.profileDirectory);
  const vaultKey = await recoverVaultKey(identity.protection, options.keySources);
  const seed = await open(
    Buffer.from(identity.secret.sealedSeed, 'base64'),
    vaultKey,
    utf8Encode(identity.sessionId),
  );
  const damaged = (): IdentityFileError =>
    new IdentityFileError(
      'profileDamaged',
      `${identityFilePath(options.profileDirectory)} is damaged: its keys do not match its Session ID.`,
    );
  if (!seed || (seed.length !== 16 && seed.length !== 32)) {
    throw damaged();
  }
  const keys = await deriveIdentityKeys(seed);
  if (keys.sessionId !== identity.sessionId || toHex(keys.ed25519PublicKey) !== identity.ed25519PublicKey) {
    throw damaged();
  }
  return {
    keys,
    recoveryPhrase: encodeMnemonic(seed).join(' '),
    databaseKey: await deriveDatabaseKey(vaultKey),
  };
}

/**
 * Protects the keys of a profile that stores them unprotected (made by an older Starling, or with
 * `--unprotected`): the same vault key is wrapped by the keychain or the passphrase of `keySources`,
 * so nothing encrypted under it (the seed, the database) is re-encrypted, and the file that held it
 * in the clear is overwritten.
 */
export async function protectAccountKeys(options: ProfileOptions): Promise<AccountSummary> {
  const identity = await readIdentityFile(options.profileDirectory);
  if (identity.protection.kind !== 'plaintext') {
    throw new KeyProtectionError('alreadyProtected', 'The keys of this profile are already protected.');
  }
  const vaultKey = await recoverVaultKey(identity.protection, {});
  // Never "protect" with no protection: the explicit unprotected choice does not apply here.
  const protection = await protectVaultKey(
    vaultKey,
    { ...options.keySources, allowUnprotected: false },
    options.logger,
  );
  await replaceIdentityFile(options.profileDirectory, { ...identity, protection });
  options.logger.info(`the keys of account ${abbreviateSessionId(identity.sessionId)} are protected now`);
  return {
    sessionId: identity.sessionId,
    protection: protection.kind,
    displayName: identity.displayName ?? null,
  };
}

/** A key for one purpose from the vault key: BLAKE2b-256 keyed by the vault key over the purpose. */
async function deriveDatabaseKey(vaultKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_generichash(32, utf8Encode('starling message database'), vaultKey);
}

async function saveAccount(seed: Uint8Array, options: ProfileOptions): Promise<IdentityKeys> {
  await assertNoIdentity(options.profileDirectory);
  const sodium = await loadSodium();
  const keys = await deriveIdentityKeys(seed);
  const vaultKey = sodium.randombytes_buf(vaultKeyLength);
  const protection = await protectVaultKey(vaultKey, options.keySources, options.logger);
  const sealedSeed = await seal(seed, vaultKey, utf8Encode(keys.sessionId));
  await writeNewIdentityFile(options.profileDirectory, {
    format: 'starling-identity',
    version: 1,
    sessionId: keys.sessionId,
    ed25519PublicKey: toHex(keys.ed25519PublicKey),
    createdAt: new Date().toISOString(),
    protection,
    secret: { cipher: 'xchacha20poly1305-ietf', sealedSeed: Buffer.from(sealedSeed).toString('base64') },
  });
  options.logger.info(`account ${abbreviateSessionId(keys.sessionId)} saved`);
  return keys;
}
