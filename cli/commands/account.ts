// `starling account create|restore|protect|show`.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createAccount,
  protectAccountKeys,
  readAccountSummary,
  restoreAccount,
} from '../../core/identity/account';
import { sessionIdQrPng } from '../../core/identity/qrImage';
import type { Logger } from '../../core/logging/logger';
import { loadNetwork } from '../../core/network/networkDescription';
import { type CommandIo, printJson, readInput, UsageError } from '../io';
import { assertNewKeysProtectable, keySourcesFor } from '../keySources';
import { accountFetchTimeoutMs, checkedRequest, editAccount } from '../requests';
import { engineOptions, engineTarget, profileDirectory, withEngine } from '../profileEngine';

export const accountUsage = `Usage:
  starling account create  --profile DIR [--passphrase-file FILE | --unprotected]
  starling account restore --profile DIR [--network FILE|mainnet|testnet] [--passphrase-file FILE | --unprotected]
                           (the phrase on standard input; with --network, the account's configs are fetched)
  starling account protect --profile DIR [--passphrase-file FILE]   (protects a profile's unprotected keys)
  starling account show    --profile DIR [--qr FILE.png]
  starling account set-name --profile DIR --network FILE|mainnet|testnet --name NAME [--passphrase-file FILE]`;

const profileOptions = {
  profile: { type: 'string' },
  'passphrase-file': { type: 'string' },
} as const;

/** create and restore: keys are protected unless --unprotected says explicitly not to. */
const newAccountOptions = { ...profileOptions, unprotected: { type: 'boolean' } } as const;

export async function accountCommand(args: readonly string[], io: CommandIo, logger: Logger): Promise<void> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case 'create': {
      const { values } = parseArgs({ args: rest, options: newAccountOptions, strict: true });
      const directory = profileDirectory(io, values.profile);
      const keySources = await keySourcesFor(io, values['passphrase-file'], {
        unprotected: values.unprotected,
      });
      await assertNewKeysProtectable(keySources);
      const result = await createAccount({ profileDirectory: directory, keySources, logger });
      printJson(io, { sessionId: result.sessionId, recoveryPhrase: result.recoveryPhrase });
      return;
    }
    case 'restore': {
      const { values } = parseArgs({
        args: rest,
        options: { ...newAccountOptions, network: { type: 'string' } },
        strict: true,
      });
      const directory = profileDirectory(io, values.profile);
      const keySources = await keySourcesFor(io, values['passphrase-file'], {
        unprotected: values.unprotected,
      });
      // Refused before the phrase is asked for, so that no one types it in vain.
      await assertNewKeysProtectable(keySources);
      if (values.network !== undefined) await loadNetwork(values.network, io.cwd);
      const recoveryPhrase = await readInput(io, 'Recovery phrase (13 words): ');
      const result = await restoreAccount({
        profileDirectory: directory,
        keySources,
        logger,
        recoveryPhrase,
      });
      if (values.network === undefined) {
        printJson(io, { sessionId: result.sessionId });
        return;
      }
      const target = { profileDirectory: directory, network: values.network, keySources };
      const account = await withEngine(target, io, logger, async (engine) => {
        await engine.start({ poll: false });
        // As desktop, which waits up to 15 s for the profile.
        await engine.fetchAccountNow(accountFetchTimeoutMs);
        return engine.getAccount();
      });
      printJson(io, { sessionId: account.sessionId, displayName: account.displayName });
      return;
    }
    case 'set-name': {
      const { values } = parseArgs({
        args: rest,
        options: { ...engineOptions, name: { type: 'string' } },
        strict: true,
      });
      const target = engineTarget(io, values);
      if (values.name === undefined) throw new UsageError('Give the display name with --name.');
      const request = checkedRequest('updateProfile', { displayName: values.name });
      const account = await editAccount(
        target,
        io,
        logger,
        (engine) => engine.updateProfile(request),
        'the new name',
      );
      printJson(io, { displayName: account.displayName });
      return;
    }
    case 'protect': {
      const { values } = parseArgs({ args: rest, options: profileOptions, strict: true });
      const directory = profileDirectory(io, values.profile);
      const keySources = await keySourcesFor(io, values['passphrase-file']);
      // Keys already protected are told as such (protectAccountKeys) before any missing passphrase.
      if ((await readAccountSummary(directory)).protection === 'plaintext') {
        await assertNewKeysProtectable(keySources);
      }
      const summary = await protectAccountKeys({ profileDirectory: directory, keySources, logger });
      printJson(io, { sessionId: summary.sessionId, protection: summary.protection });
      return;
    }
    case 'show': {
      const { values } = parseArgs({
        args: rest,
        options: { profile: { type: 'string' }, qr: { type: 'string' } },
        strict: true,
      });
      const summary = await readAccountSummary(profileDirectory(io, values.profile));
      if (values.qr === undefined) {
        printJson(io, { sessionId: summary.sessionId, displayName: summary.displayName });
        return;
      }
      const qrPath = path.resolve(io.cwd, values.qr);
      try {
        await writeFile(qrPath, await sessionIdQrPng(summary.sessionId));
      } catch {
        throw new UsageError(`Cannot write the QR code to ${values.qr}.`);
      }
      printJson(io, { sessionId: summary.sessionId, displayName: summary.displayName, qr: qrPath });
      return;
    }
    default:
      throw new UsageError(
        subcommand === undefined ? accountUsage : `Unknown account command “${subcommand}”.\n${accountUsage}`,
      );
  }
}
