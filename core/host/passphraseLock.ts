// The passphrase lock of a profile whose keys no OS keychain keeps (design.md, security: the key
// "derived from the user's password with a real KDF"). Before an account exists, the person chooses
// a passphrase, which then protects the keys that createAccount/restoreAccount make; once the
// account exists, they enter it, and the engine opens only with the right one. The passphrase stays
// in this process's memory: it is never logged and never sent back over the contract.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountSummary } from '../identity/account';
import {
  assertStrongPassphrase,
  isKeychainUsable,
  KeyProtectionError,
  type KeySources,
} from '../identity/keyProtection';
import type { Logger } from '../logging/logger';
import { HostError } from './hostError';

export type PassphraseNeed = 'choose' | 'enter';

/**
 * Argon2id's half second is the natural limit on guesses; after a few wrong ones in a row, each
 * further attempt also waits, doubling up to half a minute, so a script gains little by retrying.
 */
export function unlockDelayMs(failedAttempts: number): number {
  const freeAttempts = 3;
  if (failedAttempts < freeAttempts) return 0;
  return Math.min(1_000 * 2 ** (failedAttempts - freeAttempts), 30_000);
}

export class PassphraseLock {
  private chosenPassphrase: string | undefined;
  private failedAttempts = 0;
  /** Attempts run one after the other, so that guesses made in parallel still wait their turn. */
  private attempts: Promise<unknown> = Promise.resolve();

  private constructor(
    private current: PassphraseNeed | null,
    private readonly keySources: KeySources,
    private readonly requireKeyProtection: boolean,
    private readonly logger: Logger,
  ) {}

  /**
   * Locked ('enter') when the account's key is passphrase-protected and no passphrase was given;
   * locked ('choose') when protection is required, there is no account yet, and neither a keychain
   * nor a passphrase is there to protect the keys it will make.
   */
  static async forProfile(options: {
    readonly account: AccountSummary | undefined;
    readonly keySources: KeySources;
    readonly requireKeyProtection: boolean;
    readonly logger: Logger;
  }): Promise<PassphraseLock> {
    const { account, keySources } = options;
    const passphraseGiven = keySources.passphrase !== undefined;
    let need: PassphraseNeed | null = null;
    if (account?.protection === 'passphrase' && !passphraseGiven) need = 'enter';
    else if (
      !account &&
      options.requireKeyProtection &&
      !passphraseGiven &&
      !(await isKeychainUsable(keySources.keychain))
    )
      need = 'choose';
    return new PassphraseLock(need, keySources, options.requireKeyProtection, options.logger);
  }

  /** What the person must do before the profile can be used, if anything. */
  get need(): PassphraseNeed | null {
    return this.current;
  }

  /** Refuses calls that need the profile's keys while it is locked. */
  assertUnlocked(): void {
    if (this.current === 'enter') throw new HostError('locked', 'Enter your passphrase first.');
    if (this.current === 'choose') throw new HostError('locked', 'Choose a passphrase first.');
  }

  /**
   * The passphrase given at start (STARLING_PASSPHRASE, --passphrase-file) does not unlock the
   * profile: rather than fail, the host waits for the person to enter the right one.
   */
  passphraseRefused(): void {
    this.current = 'enter';
    this.logger.warn('the passphrase given at start does not unlock this profile: waiting for the right one');
  }

  /** Keeps a newly chosen passphrase for the account about to be created or restored. */
  choose(passphrase: string): void {
    if (this.current !== 'choose') throw notLocked();
    assertStrongPassphrase(passphrase);
    this.chosenPassphrase = passphrase;
    this.current = null;
    this.logger.info('a passphrase was chosen to protect the keys of this profile');
  }

  /**
   * What protects the keys of a new account. With protection required, refuses to let them be
   * stored unprotected: when the keychain has gone away since start, a passphrase is asked for.
   */
  async keySourcesForNewAccount(): Promise<KeySources> {
    this.assertUnlocked();
    const keySources =
      this.chosenPassphrase === undefined
        ? this.keySources
        : { ...this.keySources, passphrase: this.chosenPassphrase };
    if (
      this.requireKeyProtection &&
      keySources.passphrase === undefined &&
      !(await isKeychainUsable(keySources.keychain))
    ) {
      this.current = 'choose';
      this.assertUnlocked();
    }
    return keySources;
  }

  /** The account exists and its engine is open: the chosen passphrase is needed no more. */
  accountCreated(): void {
    this.chosenPassphrase = undefined;
  }

  /**
   * Tries the passphrase by opening the profile with it (`open` rejects with a KeyProtectionError
   * 'wrongPassphrase' when it does not unlock the vault key). Unlocked once `open` succeeds.
   */
  enter(passphrase: string, open: (keySources: KeySources) => Promise<void>): Promise<void> {
    const attempt = this.attempts.then(async () => {
      if (this.current !== 'enter') throw notLocked();
      await sleep(unlockDelayMs(this.failedAttempts));
      try {
        await open({ ...this.keySources, passphrase });
      } catch (error) {
        if (error instanceof KeyProtectionError && error.code === 'wrongPassphrase') {
          this.failedAttempts += 1;
          this.logger.warn(`a wrong passphrase was entered (${this.failedAttempts} in a row)`);
        }
        throw error;
      }
      this.failedAttempts = 0;
      this.current = null;
      this.logger.info('the profile was unlocked with its passphrase');
    });
    this.attempts = attempt.catch(() => undefined);
    return attempt;
  }
}

function notLocked(): HostError {
  return new HostError('notLocked', 'Starling is not waiting for a passphrase.');
}
