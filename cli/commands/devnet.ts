// `starling devnet [--dir DIR] [--nodes N]`: runs a local Session network until interrupted;
// `starling devnet community …` administers its open group server (devnetCommunity.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDevnet } from '../../devnet/network/devnet';
import { DevnetStateError } from '../../devnet/network/devnetState';
import { type CommandIo, type StopSignals, untilStopped, UsageError } from '../io';
import { devnetCommunityCommand, devnetCommunityUsage } from './devnetCommunity';

export const devnetUsage = `  starling devnet [--dir DIR] [--nodes N]   (runs until Ctrl-C; prints "ready <network.json>")
${devnetCommunityUsage}`;

export const defaultDevnetDirectory = '.devnet';

export async function devnetCommand(
  args: readonly string[],
  io: CommandIo,
  signals: StopSignals,
): Promise<void> {
  if (args[0] === 'community') {
    await devnetCommunityCommand(args.slice(1), io, defaultDevnetDirectory);
    return;
  }
  const { values } = parseArgs({
    args: [...args],
    options: { dir: { type: 'string' }, nodes: { type: 'string' } },
    strict: true,
  });
  let nodes: number | undefined;
  if (values.nodes !== undefined) {
    nodes = Number(values.nodes);
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > 200) {
      throw new UsageError('--nodes takes a whole number from 1 to 200.');
    }
  }
  const directory = path.resolve(io.cwd, values.dir ?? defaultDevnetDirectory);
  let devnet;
  try {
    devnet = await startDevnet({ directory, ...(nodes === undefined ? {} : { nodes }) });
  } catch (error) {
    if (error instanceof DevnetStateError) throw new UsageError(error.message);
    throw error;
  }
  io.stderr.write(
    `devnet: ${devnet.nodes.length} service nodes on 127.0.0.1, seed ${devnet.network.seeds[0]!.url}, ` +
      `hardfork ${devnet.hardfork().join('.')}\n`,
  );
  const community = devnet.network.communityServers[0];
  if (community) {
    io.stderr.write(
      `devnet: community server ${community.url} (rooms ${community.rooms.join(', ')}), ` +
        `join ${community.url}/${community.rooms[0] ?? ''}?public_key=${community.publicKey}\n`,
    );
  }
  io.stdout.write(`ready ${devnet.networkFile}\n`);
  await untilStopped(signals);
  await devnet.close();
  io.stderr.write('devnet: stopped\n');
}
