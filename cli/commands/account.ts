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
import { toBase64 } from '../../shared/protocol/base64';
import { readFiles } from './send';

export const accountUsage = `Usage:
  starling account create  --profile DIR [--passphrase-file FILE | --unprotected]
  starling account restore --profile DIR [--network FILE|mainnet|testnet] [--passphrase-file FILE | --unprotected]
                           (the phrase on standard input; with --network, the account's configs are fetched)
  starling account protect --profile DIR [--passphrase-file FILE]   (protects a profile's unprotected keys)
  starling account show    --profile DIR [--qr FILE.png]
  starling account set-name --profile DIR --network FILE|mainnet|testnet --name NAME [--passphrase-file FILE]
  starling account set-picture --profile DIR --network FILE|mainnet|testnet (--picture PATH [--crop LEFT,TOP,SIDE] | --remove)
                           (a JPEG, PNG, WebP or GIF of at most 10 MB; the square kept is scaled to 600 px)`;

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
    case 'set-picture': {
      const { values } = parseArgs({
        args: rest,
        options: {
          ...engineOptions,
          picture: { type: 'string' },
          crop: { type: 'string' },
          remove: { type: 'boolean' },
        },
        strict: true,
      });
      const target = engineTarget(io, values);
      if ((values.picture === undefined) === (values.remove !== true)) {
        throw new UsageError('Give the picture with --picture PATH, or --remove to have none.');
      }
      if (values.remove === true && values.crop !== undefined) {
        throw new UsageError('--crop frames a new picture: it goes with --picture, not --remove.');
      }
      const request =
        values.picture === undefined
          ? undefined
          : checkedRequest('setProfilePicture', {
              dataBase64: toBase64((await readFiles([values.picture], io.cwd))[0]!.data),
              ...(values.crop === undefined ? {} : { crop: cropFlag(values.crop) }),
            });
      const account = await editAccount(
        target,
        io,
        logger,
        (engine) => (request ? engine.setProfilePicture(request) : engine.removeProfilePicture({})),
        'the new picture',
      );
      printJson(io, { picture: account.picture !== undefined });
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

/** `--crop LEFT,TOP,SIDE`: the square to keep, in the upright picture's pixels. */
function cropFlag(text: string): { left: number; top: number; side: number } {
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((part) => !Number.isSafeInteger(part) || part < 0) || parts[2] === 0) {
    throw new UsageError('Give --crop as LEFT,TOP,SIDE in pixels, e.g. --crop 100,0,600.');
  }
  const [left, top, side] = parts as [number, number, number];
  return { left, top, side };
}
