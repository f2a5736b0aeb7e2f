// Runs an operator command (communityAdmin.ts) on a devnet's open group server: through the running
// server's loopback admin endpoint when it answers, else directly on its stopped directory, so that
// `starling devnet community …` works whether or not `starling devnet` is running. A new room is
// also added to DIR/network.json, which lists the server's rooms. Seeding a room (roomSeed.ts) runs
// on a stopped directory only.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { type AdminCommand, AdminCommandError, applyAdminCommand } from './communityAdmin';
import { adminPath, adminTokenFile, adminTokenHeader } from './communityAdminEndpoint';
import { loadOrCreateServerKeys } from './communityKeys';
import { CommunityStore } from './communityStore';
import { type SeedResult, seedRoom } from './roomSeed';

export interface AdminOutcome {
  readonly result: Record<string, unknown>;
  /** Whether a running server applied it. */
  readonly online: boolean;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function communityPort(state: Record<string, unknown>): number | undefined {
  const server = state.communityServer as { port?: unknown } | undefined;
  return typeof server?.port === 'number' ? server.port : undefined;
}

type Posted = { status: number; body: Record<string, unknown> } | 'unreachable';

function postCommand(port: number, token: string, command: AdminCommand): Promise<Posted> {
  const body = Buffer.from(JSON.stringify(command), 'utf8');
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: adminPath,
        headers: { 'content-type': 'application/json', [adminTokenHeader]: token },
        timeout: 5_000,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            resolve({ status: incoming.statusCode ?? 0, body: parsed });
          } catch {
            reject(new Error(`The community server on port ${port} answered something other than JSON.`));
          }
        });
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`The community server on port ${port} timed out.`)),
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // Nothing listens: the devnet is stopped, and its directory is changed directly.
      if (error.code === 'ECONNREFUSED') resolve('unreachable');
      else reject(error);
    });
    outgoing.end(body);
  });
}

async function addRoomToNetworkFile(devnetDirectory: string, token: string): Promise<void> {
  const file = path.join(devnetDirectory, 'network.json');
  const network = await readJson(file);
  const servers = network?.communityServers as { rooms?: string[] }[] | undefined;
  const server = servers?.[0];
  if (!network || !server) return;
  server.rooms = [...new Set([...(server.rooms ?? []), token])];
  await writeFile(`${file}.tmp`, `${JSON.stringify(network, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export async function runAdminCommand(devnetDirectory: string, command: AdminCommand): Promise<AdminOutcome> {
  const state = await readJson(path.join(devnetDirectory, 'devnet.json'));
  if (!state) throw new AdminCommandError(`${devnetDirectory} holds no devnet: run “starling devnet” first.`);
  const directory = path.join(devnetDirectory, 'community');
  const port = communityPort(state);
  let token: string | undefined;
  try {
    token = (await readFile(adminTokenFile(directory), 'utf8')).trim();
  } catch {
    token = undefined;
  }
  let outcome: AdminOutcome | undefined;
  if (port !== undefined && token !== undefined) {
    const posted = await postCommand(port, token, command);
    if (posted !== 'unreachable') {
      if (posted.status === 400) throw new AdminCommandError(String(posted.body.error));
      if (posted.status !== 200) {
        throw new Error(
          `The community server refused the command (${posted.status}): ${String(posted.body.error)}`,
        );
      }
      outcome = { result: posted.body, online: true };
    }
  }
  const keys = await loadOrCreateServerKeys(directory);
  if (!outcome) {
    const store = await CommunityStore.open(directory);
    try {
      const result = await applyAdminCommand(store, keys.x25519.publicKey, command, Date.now() / 1000);
      outcome = { result, online: false };
    } finally {
      await store.close();
    }
  }
  if (command.kind === 'add-room') {
    await addRoomToNetworkFile(devnetDirectory, command.token);
    if (port !== undefined) {
      const url = `http://127.0.0.1:${port}/${command.token}?public_key=${keys.publicKeyHex}`;
      return { ...outcome, result: { ...outcome.result, url } };
    }
  }
  return outcome;
}

/** Whether something listens on the loopback port (a running devnet's community server). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Adds `count` signed posts to a room of a stopped devnet. A running server keeps its state in
 * memory and would not see them (or would write over them), and a seeding of 100,000 posts takes
 * longer than an admin request may, so a running devnet is refused.
 */
export async function seedStoppedServer(
  devnetDirectory: string,
  room: string,
  count: number,
): Promise<SeedResult> {
  const state = await readJson(path.join(devnetDirectory, 'devnet.json'));
  if (!state) throw new AdminCommandError(`${devnetDirectory} holds no devnet: run “starling devnet” first.`);
  const port = communityPort(state);
  if (port !== undefined && (await listening(port))) {
    throw new AdminCommandError(
      'The devnet is running: stop it, then seed (a seeding writes its directory).',
    );
  }
  const directory = path.join(devnetDirectory, 'community');
  const keys = await loadOrCreateServerKeys(directory);
  const store = await CommunityStore.open(directory);
  try {
    return await seedRoom(store, keys.x25519.publicKey, { room, count, lastPosted: Date.now() / 1000 });
  } finally {
    await store.close();
  }
}
