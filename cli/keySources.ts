// Where the command line finds what protects a profile's keys. There is no OS keychain bridge for
// the command line yet (the desktop app uses Electron's safeStorage), so a passphrase from
// STARLING_PASSPHRASE or --passphrase-file protects them, and without one the keys are stored
// unprotected with a warning (core/identity/keyProtection.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeySources } from '../core/identity/keyProtection';
import { type CommandIo, UsageError } from './io';

export const passphraseVariable = 'STARLING_PASSPHRASE';

export async function keySourcesFor(io: CommandIo, passphraseFile: string | undefined): Promise<KeySources> {
  if (passphraseFile !== undefined) {
    try {
      const text = await readFile(path.resolve(io.cwd, passphraseFile), 'utf8');
      return { passphrase: text.replace(/\r?\n$/u, '') };
    } catch {
      throw new UsageError(`Cannot read the passphrase file ${passphraseFile}.`);
    }
  }
  const passphrase = io.env[passphraseVariable];
  return passphrase === undefined || passphrase === '' ? {} : { passphrase };
}
