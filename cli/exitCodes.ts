// The exit codes of `starling`, stable for scripts (README.md lists them).
import type { IdentityFileErrorCode } from '../core/identity/identityFile';
import type { KeyProtectionErrorCode } from '../core/identity/keyProtection';
import type { InvalidRequestError } from '../shared/contract/validateRequest';
import type { DeliveryErrorCode } from './commands/send';

export const exitCodes = {
  success: 0,
  failure: 1,
  usage: 2,
  profileMissing: 3,
  profileExists: 4,
  badRecoveryPhrase: 5,
  locked: 6,
  profileDamaged: 7,
  badInput: 8,
  networkUnreachable: 9,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

type MappedErrorCode =
  IdentityFileErrorCode | KeyProtectionErrorCode | InvalidRequestError['code'] | DeliveryErrorCode;

const byErrorCode: Readonly<Record<MappedErrorCode, ExitCode>> = {
  profileMissing: exitCodes.profileMissing,
  profileExists: exitCodes.profileExists,
  profileDamaged: exitCodes.profileDamaged,
  keychainUnavailable: exitCodes.locked,
  keychainFailed: exitCodes.locked,
  passphraseRequired: exitCodes.locked,
  wrongPassphrase: exitCodes.locked,
  // No keychain, no passphrase and no --unprotected: nothing to protect new keys with.
  protectionRequired: exitCodes.locked,
  alreadyProtected: exitCodes.badInput,
  weakPassphrase: exitCodes.badInput,
  invalidRequest: exitCodes.badInput,
  // A message the network refused for good, or did not confirm in time: `send` tells which.
  messageFailed: exitCodes.networkUnreachable,
  messageQueued: exitCodes.networkUnreachable,
};

const networkErrorCodes = new Set([
  'seedUnreachable',
  'seedPinMismatch',
  'seedReplyInvalid',
  'noPath',
  'pathsFailed',
  'destinationGone',
  'clockOutOfSync',
  // The picture is refused in words with exit 8 (pictureRefused); not uploading it is the network.
  'pictureNotUploaded',
]);

export function exitCodeForError(code: string, errorName: string): ExitCode {
  if (networkErrorCodes.has(code)) return exitCodes.networkUnreachable;
  if (errorName === 'MnemonicError') return exitCodes.badRecoveryPhrase;
  if (errorName === 'UsageError') return exitCodes.usage;
  return (byErrorCode as Readonly<Record<string, ExitCode>>)[code] ?? exitCodes.badInput;
}
