// Where the command line finds what protects a profile's keys: the system's credential store
// (osKeychain.ts) when it answers, a passphrase from STARLING_PASSPHRASE or --passphrase-file, and,
// only when asked with --unprotected (tests and bots), no protection at all.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canProtectNewKeys, KeyProtectionError, type KeySources } from '../core/identity/keyProtection';
import { type CommandIo, UsageError } from './io';
import { commandLineKeychain } from './osKeychain';

export const passphraseVariable = 'STARLING_PASSPHRASE';

export async function keySourcesFor(
  io: CommandIo,
  passphraseFile: string | undefined,
  options: { readonly unprotected?: boolean | undefined } = {},
): Promise<KeySources> {
  const keychain = commandLineKeychain(io.env);
  const passphrase = await passphraseFor(io, passphraseFile);
  return {
    ...(keychain && { keychain }),
    ...(passphrase !== undefined && { passphrase }),
    ...(options.unprotected && { allowUnprotected: true }),
  };
}

async function passphraseFor(io: CommandIo, passphraseFile: string | undefined): Promise<string | undefined> {
  if (passphraseFile !== undefined) {
    try {
      const text = await readFile(path.resolve(io.cwd, passphraseFile), 'utf8');
      return text.replace(/\r?\n$/u, '');
    } catch {
      throw new UsageError(`Cannot read the passphrase file ${passphraseFile}.`);
    }
  }
  const passphrase = io.env[passphraseVariable];
  return passphrase === undefined || passphrase === '' ? undefined : passphrase;
}

/**
 * Refuses, before any work, to make keys that nothing would protect: one line saying what to do
 * (exit 6, locked). With --unprotected the person chose so explicitly.
 */
export async function assertNewKeysProtectable(sources: KeySources): Promise<void> {
  if (sources.allowUnprotected || (await canProtectNewKeys(sources))) return;
  throw new KeyProtectionError(
    'protectionRequired',
    'No keychain here to protect the keys: set STARLING_PASSPHRASE or pass --passphrase-file FILE ' +
      '(or --unprotected to store them without protection, for tests and bots only).',
  );
}
