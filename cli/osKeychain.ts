// The OS keychain of core/identity/keyProtection.ts for the command line and the headless host, on
// the system's credential store through @napi-rs/keyring: the Secret Service on Linux (GNOME
// Keyring, KWallet), the login Keychain on macOS, the Credential Manager on Windows.
//
// The store keeps a random wrapping key per protected profile; identity.json keeps the vault key
// sealed under it, with the name of the store entry. Copying the profile elsewhere thus leaves its
// keys locked, as with the desktop app's safeStorage.
//
// A store that is missing or fails (no D-Bus session, a locked or broken keyring: headless Linux)
// counts as none, quickly: every call is bounded by a timeout, so that a passphrase is asked for
// instead of the command hanging.
import { randomBytes } from 'node:crypto';
import type { AsyncEntry as AsyncEntryClass, EntryOptions } from '@napi-rs/keyring';
import { open, seal } from '../core/crypto/secretBox';
import type { OsKeychain } from '../core/identity/keyProtection';

/** Turns the keychain off: tests and their harness must never write into a developer's keychain. */
export const keychainVariable = 'STARLING_KEYCHAIN';

const service = 'Starling';
const blobVersion = 1;
const entryIdLength = 16;
const wrappingKeyLength = 32;
/** How long the first call may take before the store counts as none. */
const probeTimeoutMs = 3_000;
/** A store that answered the probe may still prompt (macOS asks to allow access): give it longer. */
const operationTimeoutMs = 30_000;

/** The name recorded with a wrapped key; distinct from the desktop app's safeStorage names. */
export function credentialStoreName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the macOS login keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'the Secret Service';
}

/** The credential store entries of one keychain; a seam for tests of the failure paths. */
export interface CredentialStore {
  setSecret(entryName: string, secret: Uint8Array, signal: AbortSignal): Promise<void>;
  /** null when there is no such entry. */
  getSecret(entryName: string, signal: AbortSignal): Promise<Uint8Array | null>;
}

export function keyringCredentialStore(platform: NodeJS.Platform = process.platform): CredentialStore {
  // On Linux the library would fall back to the kernel keyring, which forgets everything at
  // reboot: the profile's keys would be lost. Only the Secret Service persists them.
  const options: EntryOptions | undefined =
    platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  // Loaded on first use, not with every command: a platform without its prebuilt binary then has
  // no keychain (a rejected call), rather than a command line that cannot start.
  const entry = async (entryName: string): Promise<AsyncEntryClass> => {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    return new AsyncEntry(service, entryName, options);
  };
  return {
    setSecret: async (entryName, secret, signal) => (await entry(entryName)).setSecret(secret, signal),
    getSecret: async (entryName, signal) => {
      const secret = await (await entry(entryName)).getSecret(signal);
      return secret === null ? null : new Uint8Array(secret);
    },
  };
}

class KeychainTimeout extends Error {}

/** Runs one store call, abandoned (and aborted) after `timeoutMs`. */
async function bounded<Result>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<Result>,
): Promise<Result> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new KeychainTimeout('the system keychain did not answer in time'));
    }, timeoutMs);
  });
  try {
    // The constructor of an entry may throw synchronously (no D-Bus session): inside the race.
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createCredentialStoreKeychain(
  options: {
    readonly store?: CredentialStore;
    readonly platform?: NodeJS.Platform;
    readonly probeTimeoutMs?: number;
  } = {},
): OsKeychain {
  const platform = options.platform ?? process.platform;
  const store = options.store ?? keyringCredentialStore(platform);
  const probeTimeout = options.probeTimeoutMs ?? probeTimeoutMs;
  let availability: Promise<boolean> | undefined;
  return {
    name: credentialStoreName(platform),
    // Probed once per process: reading an entry that does not exist shows whether the store answers.
    isAvailable: () =>
      (availability ??= bounded(probeTimeout, (signal) => store.getSecret('probe', signal)).then(
        () => true,
        () => false,
      )),
    encrypt: async (secret) => {
      const entryId = randomBytes(entryIdLength);
      const wrappingKey = new Uint8Array(randomBytes(wrappingKeyLength));
      await bounded(operationTimeoutMs, (signal) => store.setSecret(entryName(entryId), wrappingKey, signal));
      const sealed = await seal(secret, wrappingKey);
      return new Uint8Array(Buffer.concat([Buffer.from([blobVersion]), entryId, sealed]));
    },
    decrypt: async (blob) => {
      if (blob[0] !== blobVersion || blob.length <= 1 + entryIdLength) {
        throw new Error('this key was not wrapped by Starling’s credential store entry');
      }
      const entryId = blob.subarray(1, 1 + entryIdLength);
      const wrappingKey = await bounded(operationTimeoutMs, (signal) =>
        store.getSecret(entryName(entryId), signal),
      );
      if (!wrappingKey) throw new Error('the credential store has no entry for this profile');
      const secret = await open(blob.subarray(1 + entryIdLength), wrappingKey);
      if (!secret) throw new Error('the credential store entry does not unlock this profile');
      return secret;
    },
  };
}

function entryName(entryId: Uint8Array): string {
  return `vault-key-${Buffer.from(entryId).toString('hex')}`;
}

/** The keychain the command line uses, or none when STARLING_KEYCHAIN=none (tests, CI, bots). */
export function commandLineKeychain(env: NodeJS.ProcessEnv): OsKeychain | undefined {
  if (env[keychainVariable] === 'none') return undefined;
  return createCredentialStoreKeychain();
}
