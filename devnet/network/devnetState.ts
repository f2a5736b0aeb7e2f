// What makes a devnet the same devnet across restarts (DIR/devnet.json): its nodes' keys, ports and
// swarms, the seed's port and onion key, the file server's port and Ed25519 key, the community
// server's port, and the hardfork version it reports.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { assignSwarms } from './swarmLayout';

export const defaultNodeCount = 12;
/** Current desktop assumes at least 19.3 (protocol-network.md §6); §9 suggests [19, 4]. */
export const defaultHardfork: readonly [number, number] = [19, 4];

const hex32 = z.string().regex(/^[0-9a-f]{64}$/u);
const port = z.number().int().min(1).max(65535);

const fileServerSchema = z.object({ port, ed25519Seed: hex32 });
// The community server keeps its own key and rooms in DIR/community; the devnet keeps its port.
const communityServerSchema = z.object({ port });

const stateSchema = z.object({
  format: z.literal('starling-devnet'),
  version: z.literal(1),
  createdAt: z.number(),
  seed: z.object({ port, onionKeySeed: hex32 }),
  // Devnets made before the file server have none; loading gives them one (see loadOrCreateState).
  fileServer: fileServerSchema.optional(),
  // Likewise for devnets made before the community server.
  communityServer: communityServerSchema.optional(),
  hardfork: z.tuple([z.number().int(), z.number().int()]),
  nodes: z.array(z.object({ port, ed25519Seed: hex32, swarmId: z.string().regex(/^\d+$/u) })).min(1),
});

export type DevnetState = z.infer<typeof stateSchema> & {
  fileServer: z.infer<typeof fileServerSchema>;
  communityServer: z.infer<typeof communityServerSchema>;
};

export class DevnetStateError extends Error {}

function statePath(directory: string): string {
  return path.join(directory, 'devnet.json');
}

/** Ports the operating system has free now on 127.0.0.1, kept from then on in the state file. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export async function loadOrCreateState(
  directory: string,
  requested: { nodes?: number; hardfork?: readonly [number, number] },
): Promise<DevnetState> {
  let text: string | undefined;
  try {
    text = await readFile(statePath(directory), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let state: z.infer<typeof stateSchema>;
    try {
      state = stateSchema.parse(JSON.parse(text));
    } catch {
      throw new DevnetStateError(
        `${statePath(directory)} is damaged; remove the directory to start a new devnet.`,
      );
    }
    if (requested.nodes !== undefined && requested.nodes !== state.nodes.length) {
      throw new DevnetStateError(
        `${directory} holds a devnet of ${state.nodes.length} nodes, not ${requested.nodes}; ` +
          'use another --dir for a different size.',
      );
    }
    if (state.fileServer && state.communityServer) {
      return { ...state, fileServer: state.fileServer, communityServer: state.communityServer };
    }
    // An older devnet: the same devnet, now with the servers it lacked, whose ports and keys are kept
    // from here on.
    const [filePort, communityPort] = await freePorts(2);
    const upgraded: DevnetState = {
      ...state,
      fileServer: state.fileServer ?? newFileServer(filePort!),
      communityServer: state.communityServer ?? { port: communityPort! },
    };
    await saveState(directory, upgraded);
    return upgraded;
  }

  const nodeCount = requested.nodes ?? defaultNodeCount;
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 200) {
    throw new DevnetStateError('A devnet has between 1 and 200 nodes.');
  }
  const [seedPort, filePort, communityPort, ...nodePorts] = await freePorts(nodeCount + 3);
  const swarms = assignSwarms(nodeCount);
  const state: DevnetState = {
    format: 'starling-devnet',
    version: 1,
    createdAt: Date.now(),
    seed: { port: seedPort!, onionKeySeed: randomBytes(32).toString('hex') },
    fileServer: newFileServer(filePort!),
    communityServer: { port: communityPort! },
    hardfork: [...(requested.hardfork ?? defaultHardfork)] as [number, number],
    nodes: nodePorts.map((nodePort, index) => ({
      port: nodePort,
      ed25519Seed: randomBytes(32).toString('hex'),
      swarmId: swarms[index]!.toString(),
    })),
  };
  await saveState(directory, state);
  return state;
}

function newFileServer(filePort: number): DevnetState['fileServer'] {
  return { port: filePort, ed25519Seed: randomBytes(32).toString('hex') };
}

export async function saveState(directory: string, state: DevnetState): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${statePath(directory)}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, statePath(directory));
}
