// `starling network status --network FILE|mainnet|testnet [--profile DIR]`: joins the network the
// way the app does (pinned seeds, tested guards, onion paths) and prints what it sees as JSON.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAccountSummary } from '../../core/identity/account';
import type { Logger } from '../../core/logging/logger';
import { fileNetworkCache } from '../../core/network/networkCache';
import { loadNetwork } from '../../core/network/networkDescription';
import { SessionNetwork } from '../../core/network/sessionNetwork';
import { type CommandIo, printJson, UsageError } from '../io';

export const networkUsage = `  starling network status --network FILE|mainnet|testnet [--profile DIR]`;

export async function networkCommand(args: readonly string[], io: CommandIo, logger: Logger): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'status') {
    throw new UsageError(`Usage:\n${networkUsage}`);
  }
  const { values } = parseArgs({
    args: rest,
    options: { network: { type: 'string' }, profile: { type: 'string' } },
    strict: true,
  });
  if (values.network === undefined) {
    throw new UsageError('Name the network with --network: a network.json file, mainnet or testnet.');
  }
  const description = await loadNetwork(values.network, io.cwd);
  const profileDirectory = values.profile === undefined ? undefined : path.resolve(io.cwd, values.profile);
  const ownSessionId = profileDirectory ? (await readAccountSummary(profileDirectory)).sessionId : undefined;
  const network = new SessionNetwork({
    network: description,
    logger,
    ...(profileDirectory ? { cache: fileNetworkCache(profileDirectory, description.name) } : {}),
    ...(ownSessionId ? { ownSessionId } : {}),
  });
  try {
    await network.start();
    printJson(io, await network.status());
  } finally {
    network.close();
  }
}
