// `starling community …`: communities (open groups, protocol-messages.md §6) from the command line.
// `rooms` lists a server's rooms through an onion path, signed with a key made for the occasion
// (listing needs no account: the server learns nothing of who asked). `join` and `leave` act for a
// profile, and print once the account's UserGroups holds the change (so its other devices follow).
import { parseArgs } from 'node:util';
import { joinUrl } from '../../core/community/communityViews';
import { CommunityClient, type CommunityServer } from '../../core/community/communityClient';
import type { Logger } from '../../core/logging/logger';
import { loadNetwork } from '../../core/network/networkDescription';
import { SessionNetwork } from '../../core/network/sessionNetwork';
import { parseCommunityServerUrl } from '../../shared/protocol/config/types/communityUrl';
import { loadSodium } from '../../shared/protocol/sodium';
import { type CommandIo, printJson, UsageError } from '../io';
import { engineOptions, engineTarget, withEngine } from '../profileEngine';
import { checkedRequest, withTimeout } from '../requests';

/** How long a join or leave waits for the account's swarm to take its UserGroups. */
const settleTimeoutMs = 30_000;

export const communityUsage = `  starling community rooms --network FILE|mainnet|testnet --server URL?public_key=HEX
  starling community join --profile DIR --network FILE --url URL/ROOM?public_key=HEX
  starling community leave --profile DIR --network FILE --room URL/ROOM`;

/** What `rooms` prints of each room: enough to show it and to join it. */
interface RoomLine {
  readonly token: string;
  readonly name: string;
  readonly description: string | null;
  readonly activeUsers: number | null;
  readonly url: string;
}

function roomLines(body: unknown, server: CommunityServer): RoomLine[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((room: unknown) => {
    const { token, name, description, active_users: activeUsers } = (room ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || !/^[0-9a-zA-Z_-]{1,64}$/u.test(token)) return [];
    return [
      {
        token,
        name: typeof name === 'string' ? name : token,
        description: typeof description === 'string' ? description : null,
        activeUsers: typeof activeUsers === 'number' ? activeUsers : null,
        url: joinUrl(server.baseUrl, token, server.publicKey),
      },
    ];
  });
}

export async function communityCommand(
  args: readonly string[],
  io: CommandIo,
  logger: Logger,
): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'join' || subcommand === 'leave') {
    await membershipCommand(subcommand, rest, io, logger);
    return;
  }
  if (subcommand !== 'rooms') throw new UsageError(`Usage:\n${communityUsage}`);
  const { values } = parseArgs({
    args: rest,
    options: { network: { type: 'string' }, server: { type: 'string' } },
    strict: true,
  });
  if (values.network === undefined) {
    throw new UsageError('Name the network with --network: a network.json file, mainnet or testnet.');
  }
  if (values.server === undefined) {
    throw new UsageError('Name the community server with --server URL?public_key=<64 hex digits>.');
  }
  const address = parseCommunityServerUrl(values.server);
  const server: CommunityServer = { baseUrl: address.baseUrl, publicKey: address.pubkey };
  const network = new SessionNetwork({ network: await loadNetwork(values.network, io.cwd), logger });
  try {
    await network.start();
    const sodium = await loadSodium();
    const client = new CommunityClient({
      onion: network.client,
      ed25519SecretKey: sodium.crypto_sign_keypair().privateKey,
      now: () => network.clock.now(),
    });
    const reply = await client.send(server, { method: 'GET', path: '/rooms' }, 'the list of rooms');
    printJson(io, roomLines(reply.body, server));
  } finally {
    network.close();
  }
}

/** `join` prints `{"conversation", "room": {token, name}}`; `leave` prints `{"left": true}`. */
async function membershipCommand(
  subcommand: 'join' | 'leave',
  args: readonly string[],
  io: CommandIo,
  logger: Logger,
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { ...engineOptions, url: { type: 'string' }, room: { type: 'string' } },
    strict: true,
  });
  const target = engineTarget(io, values);
  if (subcommand === 'join') {
    if (values.url === undefined) {
      throw new UsageError('Name the room with --url http(s)://host/<room>?public_key=<64 hex digits>.');
    }
    const request = checkedRequest('joinCommunity', { url: values.url });
    const joined = await withEngine(target, io, logger, async (engine) => {
      await engine.start({ poll: false });
      const result = await engine.communityOperations.joinCommunity(request);
      await withTimeout(
        engine.configsConfirmed(),
        settleTimeoutMs,
        'The swarm did not take the change',
      ).catch((error: unknown) => logger.warn((error as Error).message));
      return result;
    });
    printJson(io, { conversation: joined.conversation.id, room: joined.room });
    return;
  }
  if (values.room === undefined) throw new UsageError('Name the room with --room and its link or ID.');
  const request = checkedRequest('leaveCommunity', { conversationId: values.room });
  const left = await withEngine(target, io, logger, async (engine) => {
    await engine.start({ poll: false });
    const result = await engine.communityOperations.leaveCommunity(request);
    await withTimeout(engine.configsConfirmed(), settleTimeoutMs, 'The swarm did not take the change').catch(
      (error: unknown) => logger.warn((error as Error).message),
    );
    return result;
  });
  printJson(io, left);
}
