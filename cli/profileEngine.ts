// The engine of one profile on one network, as the commands that message (`send`, `listen`) open it
// from their flags: --profile DIR, --network FILE|mainnet|testnet and --passphrase-file FILE.
import path from 'node:path';
import { type Engine, openEngine } from '../core/engine/engine';
import type { Logger } from '../core/logging/logger';
import type { KeySources } from '../core/identity/keyProtection';
import { loadNetwork } from '../core/network/networkDescription';
import { type CommandIo, UsageError } from './io';
import { keySourcesFor } from './keySources';

/** The parseArgs options every engine command takes. */
export const engineOptions = {
  profile: { type: 'string' },
  network: { type: 'string' },
  'passphrase-file': { type: 'string' },
} as const;

export interface EngineFlags {
  readonly profile?: string | undefined;
  readonly network?: string | undefined;
  readonly 'passphrase-file'?: string | undefined;
}

/** Which engine to open: the flags, checked before any work so that a usage mistake is told first. */
export interface EngineTarget {
  readonly profileDirectory: string;
  /** A network file, `mainnet` or `testnet` (loadNetwork). */
  readonly network: string;
  readonly passphraseFile?: string | undefined;
  /** The key sources already chosen (a restore that goes on to fetch the account). */
  readonly keySources?: KeySources;
}

export function profileDirectory(io: CommandIo, profile: string | undefined): string {
  if (profile === undefined || profile.trim() === '') {
    throw new UsageError('Name the profile directory with --profile DIR.');
  }
  return path.resolve(io.cwd, profile);
}

export function engineTarget(io: CommandIo, flags: EngineFlags): EngineTarget {
  const directory = profileDirectory(io, flags.profile);
  if (flags.network === undefined) {
    throw new UsageError('Name the network with --network: a network.json file, mainnet or testnet.');
  }
  return { profileDirectory: directory, network: flags.network, passphraseFile: flags['passphrase-file'] };
}

/**
 * Opens the profile's engine, hands it to `use`, and closes it whatever happens, so that the stores
 * and the poll under way finish and the database is closed. `use` starts it: only it knows whether
 * to poll.
 */
export async function withEngine<Result>(
  target: EngineTarget,
  io: CommandIo,
  logger: Logger,
  use: (engine: Engine) => Promise<Result>,
): Promise<Result> {
  const network = await loadNetwork(target.network, io.cwd);
  const engine = await openEngine({
    profileDirectory: target.profileDirectory,
    keySources: target.keySources ?? (await keySourcesFor(io, target.passphraseFile)),
    network,
    logger,
  });
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}
