// startDevnet: a local Session network of real servers on 127.0.0.1 (design.md, devnet/): a seed
// node and service nodes in swarms (HTTPS), a file server and an open group server (HTTP), with the
// fault controls tests need. Its description, DIR/network.json, is what clients load, as they would
// the public network's.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHex, toHex } from '../../shared/protocol/bytes';
import { loadSodium } from '../../shared/protocol/sodium';
import { formatSwarmId } from '../../shared/protocol/swarm/swarmMapping';
import { post } from '../http/httpsClient';
import type { RateLimitSettings } from '../node/rateLimiter';
import { CommunityServer } from '../community/communityServer';
import { FileServer } from '../files/fileServer';
import { fileServerKeys } from '../files/fileServerKeys';
import { ServiceNode } from '../node/serviceNode';
import { SeedServer } from '../seed/seedServer';
import type { SnodeRecord } from '../storage/rpcTypes';
import { certificatePins, type CertificatePins, loadOrCreateCertificate } from '../tls/certificates';
import { type DevnetState, loadOrCreateState, saveState } from './devnetState';

export interface DevnetOptions {
  /** Where keys, certificates, messages and network.json live; reusing it brings the same devnet back. */
  readonly directory: string;
  /** Only for a new directory: 12 by default, in swarms of 5–7. */
  readonly nodes?: number;
  readonly hardfork?: readonly [number, number];
  /** Per-IP limits of direct client RPC; the public network's by default (§7). */
  readonly rateLimit?: RateLimitSettings;
}

/** DIR/network.json: what a client needs to join this network. */
export interface NetworkDescription {
  readonly name: 'devnet';
  readonly seeds: readonly { readonly url: string; readonly pins: CertificatePins }[];
  /** HTTP servers reachable by onion requests (v4), with the X25519 key to encrypt for. */
  readonly httpServers: readonly {
    readonly name: string;
    readonly url: string;
    readonly x25519PublicKey: string;
  }[];
  /** File servers (protocol-messages.md §5.2): plain `http`, reached by v4 onion requests. */
  readonly fileServers: readonly {
    readonly url: string;
    /** Attachment URLs carry it as `#p=<hex>`. */
    readonly ed25519PublicKey: string;
    readonly x25519PublicKey: string;
  }[];
  /**
   * Open group servers (protocol-messages.md §6.1): plain `http`, reached by v4 onion requests to
   * `publicKey` (X25519, the `public_key` of join URLs); `rooms` are room tokens.
   */
  readonly communityServers: readonly {
    readonly url: string;
    readonly publicKey: string;
    readonly rooms: readonly string[];
  }[];
}

/** A node named by its position in `devnet.nodes` or by its Ed25519 key. */
export type NodeReference = number | string;

export interface Devnet {
  readonly directory: string;
  readonly networkFile: string;
  readonly network: NetworkDescription;
  readonly nodes: readonly SnodeRecord[];
  stopNode(node: NodeReference): Promise<void>;
  startNode(node: NodeReference): Promise<void>;
  isRunning(node: NodeReference): boolean;
  /** A partitioned node is unreachable, and reaches no one, until healed with `false`. */
  partitionNode(node: NodeReference, partitioned?: boolean): void;
  /** Moves a node's clock by `offsetMs` from the real time (0 puts it right). */
  skewClock(node: NodeReference, offsetMs: number): void;
  /** Sets the `hf` every node reports (§6), e.g. to announce a hardfork. */
  setHardfork(version: readonly [number, number]): Promise<void>;
  hardfork(): readonly [number, number];
  /** The file server, e.g. for a test to make a file expire (`fileServer.expire(id)`). */
  readonly fileServer: FileServer;
  /** The open group server, e.g. for a test to add a room or a moderator. */
  readonly communityServer: CommunityServer;
  close(): Promise<void>;
}

/** The room a new devnet's community server starts with. */
export const defaultRoom = { token: 'lobby', name: 'Lobby' } as const;

const blockSeconds = 120;
const firstHeight = 1000;

export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const directory = path.resolve(options.directory);
  const state = await loadOrCreateState(directory, options);
  const sodium = await loadSodium();
  const tlsDirectory = path.join(directory, 'tls');
  await mkdir(path.join(directory, 'nodes'), { recursive: true, mode: 0o700 });

  const keys = state.nodes.map((node) => sodium.crypto_sign_seed_keypair(fromHex(node.ed25519Seed)));
  const records: SnodeRecord[] = state.nodes.map((node, index) => ({
    ed25519PublicKey: toHex(keys[index]!.publicKey),
    x25519PublicKey: toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(keys[index]!.publicKey)),
    ip: '127.0.0.1',
    port: node.port,
    swarmId: BigInt(node.swarmId),
  }));
  let hardfork: readonly [number, number] = state.hardfork;
  const height = (): number =>
    firstHeight + Math.floor((Date.now() - state.createdAt) / (blockSeconds * 1000));
  const networkView = { nodes: () => records, hardfork: () => hardfork, height };

  const nodes = await Promise.all(
    records.map(async (record, index) => {
      const tls = await loadOrCreateCertificate(tlsDirectory, `node-${index}`);
      return new ServiceNode({
        record,
        ed25519SecretKey: keys[index]!.privateKey,
        x25519: {
          publicKey: fromHex(record.x25519PublicKey),
          secretKey: sodium.crypto_sign_ed25519_sk_to_curve25519(keys[index]!.privateKey),
        },
        tls,
        databasePath: path.join(directory, 'nodes', `node-${index}.sqlite`),
        network: networkView,
        ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      });
    }),
  );

  const seedTls = await loadOrCreateCertificate(tlsDirectory, 'seed');
  const seedBoxKeys = sodium.crypto_box_seed_keypair(fromHex(state.seed.onionKeySeed));
  const seedOnionKeys = { publicKey: seedBoxKeys.publicKey, secretKey: seedBoxKeys.privateKey };
  const seed = new SeedServer(state.seed.port, seedTls, seedOnionKeys, {
    ...networkView,
    status: () => ({
      name: 'devnet',
      hardfork,
      height: height(),
      nodes: records.length,
      running: nodes.filter((node) => node.running).length,
      swarms: [...new Set(records.map((record) => record.swarmId))].map((swarmId) => ({
        id: formatSwarmId(swarmId),
        members: records
          .filter((record) => record.swarmId === swarmId)
          .map((record) => record.ed25519PublicKey),
      })),
    }),
  });

  const fileKeys = await fileServerKeys(state.fileServer.ed25519Seed);
  const fileServer = new FileServer({
    port: state.fileServer.port,
    directory: path.join(directory, 'files'),
    keys: fileKeys,
  });

  const communityServer = new CommunityServer({
    port: state.communityServer.port,
    directory: path.join(directory, 'community'),
  });

  const seedUrl = `https://127.0.0.1:${state.seed.port}`;
  let network: NetworkDescription = {
    name: 'devnet',
    seeds: [{ url: `${seedUrl}/`, pins: certificatePins(seedTls.cert) }],
    httpServers: [{ name: 'devnet', url: seedUrl, x25519PublicKey: toHex(seedOnionKeys.publicKey) }],
    fileServers: [
      {
        url: `http://127.0.0.1:${state.fileServer.port}`,
        ed25519PublicKey: fileKeys.ed25519PublicKey,
        x25519PublicKey: fileKeys.x25519PublicKey,
      },
    ],
    communityServers: [],
  };
  const networkFile = path.join(directory, 'network.json');

  const started: { stop(): Promise<void> }[] = [];
  try {
    for (const server of [seed, fileServer, communityServer, ...nodes]) {
      await server.start().catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${error.message.split(':').pop() ?? ''} of this devnet is taken: is it already running?`,
            )
          : error;
      });
      started.push(server);
    }
    if (communityServer.rooms().length === 0) communityServer.addRoom(defaultRoom.token, defaultRoom.name);
    network = {
      ...network,
      communityServers: [
        {
          url: communityServer.url,
          publicKey: communityServer.keys.publicKeyHex,
          rooms: communityServer.rooms().map((room) => room.token),
        },
      ],
    };
    await writeFile(networkFile, `${JSON.stringify(network, null, 2)}\n`);
    await waitUntilAnswering(records, seedUrl);
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()));
    throw error;
  }

  const find = (reference: NodeReference): ServiceNode => {
    const node =
      typeof reference === 'number'
        ? nodes[reference]
        : nodes.find((candidate) => candidate.record.ed25519PublicKey === reference);
    if (!node) throw new RangeError(`This devnet has no node ${String(reference)}.`);
    return node;
  };

  return {
    directory,
    networkFile,
    network,
    nodes: records,
    stopNode: (reference) => find(reference).stop(),
    startNode: (reference) => find(reference).start(),
    isRunning: (reference) => find(reference).running,
    partitionNode: (reference, partitioned = true) => find(reference).setPartitioned(partitioned),
    skewClock: (reference, offsetMs) => {
      find(reference).clockSkewMs = offsetMs;
    },
    setHardfork: async (version) => {
      hardfork = [version[0], version[1]];
      const saved: DevnetState = { ...state, hardfork: [version[0], version[1]] };
      await saveState(directory, saved);
    },
    hardfork: () => hardfork,
    fileServer,
    communityServer,
    close: async () => {
      await Promise.all([seed, fileServer, communityServer, ...nodes].map((server) => server.stop()));
    },
  };
}

/** Resolves once the seed and every node answer a real request (`info`), within a bounded time. */
async function waitUntilAnswering(records: readonly SnodeRecord[], seedUrl: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  const info = Buffer.from(JSON.stringify({ method: 'info', params: {} }));
  const seedCall = Buffer.from(
    JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'get_n_service_nodes', params: {} }),
  );
  const targets = [
    { url: `${seedUrl}/json_rpc`, body: seedCall },
    ...records.map((record) => ({ url: `https://${record.ip}:${record.port}/storage_rpc/v1`, body: info })),
  ];
  for (const target of targets) {
    for (;;) {
      const answered = await post(target.url, target.body, {
        contentType: 'application/json',
        timeoutMs: 2_000,
      })
        .then((reply) => reply.status === 200)
        .catch(() => false);
      if (answered) break;
      if (Date.now() > deadline) throw new Error(`The devnet server at ${target.url} does not answer.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
