// What onion routing costs the engine's client (core/network): a storage RPC to one service node
// directly and through a 3-hop path (the project's target is at most 3× slower), the share of that
// round trip the client's onion crypto takes with each cipher, and the requests per second one
// client sustains with 1, 8 and 32 in flight. First with the devnet in this same process, where every
// hop's work shares one core with the client's (an upper bound on the overhead), then with the
// devnet in its own process, as a client and the network are in reality.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, memorySink } from '../core/logging/logger';
import { directRpc } from '../core/network/directRpc';
import { loadNetwork, type NetworkDescription } from '../core/network/networkDescription';
import type { RequestMaker, RpcResult } from '../core/network/onionClient';
import { SessionNetwork } from '../core/network/sessionNetwork';
import { snodeUrl } from '../core/network/snode';
import { post } from '../core/network/transport';
import { type Devnet, startDevnet } from '../devnet/network/devnet';
import type { SnodeRecord } from '../devnet/storage/rpcTypes';
import { deriveIdentityKeys, type IdentityKeys } from '../shared/protocol/identity/keys';
import { retrieveAuthentication } from '../shared/protocol/storage/retrieveAuthentication';
import type { EncryptionType } from '../shared/protocol/onion/encryptionType';
import { buildOnionRequest, readSnodeReply } from '../shared/protocol/onion/onionRequest';
import { swarmIdForPubkey } from '../shared/protocol/swarm/swarmMapping';
import { startDevnetProcess } from '../test/devnetProcess';
import { type Measurement, measure, percentile, printTable } from './measure';

const latencyRuns = 300;
const cryptoRuns = 2_000;
const rateRequests = 2_000;
const inFlightCounts = [1, 8, 32] as const;
// A rate run that has not finished by then stops starting requests, so a slow machine still ends.
const rateDeadlineMs = 60_000;
const requestTimeoutMs = 10_000;
// Each fresh account lands in one of the devnet's 2 swarms; 64 tries all missing one is ~1e-19.
const accountTries = 64;
const onionTargetRatio = 3;

const info: RequestMaker = () => ({ method: 'info', params: {} });

/** A signed retrieve of `owner`'s namespace-0 inbox, signed at `now` as the engine signs it. */
function retrieve(owner: IdentityKeys): RequestMaker {
  return async (now) => ({ method: 'retrieve', params: await retrieveAuthentication(owner, 0, now) });
}

function expectOk(what: string, result: RpcResult): void {
  if (result.status !== 200) {
    throw new Error(`${what} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 200)}`);
  }
}

async function openNetwork(description: NetworkDescription, encryptionType: EncryptionType) {
  // Warnings only, kept in memory: a debug line per request would grow the heap for nothing.
  const logger = createLogger({ sink: memorySink(), level: 'warn' });
  const network = new SessionNetwork({ network: description, logger, encryptionType });
  await network.start();
  return network;
}

/** A node on none of the network's paths, so that a request to it really crosses 3 other hops. */
function targetOutsidePaths(nodes: readonly SnodeRecord[], network: SessionNetwork): SnodeRecord {
  const onPaths = new Set(
    network.paths.current().flatMap((onionPath) => onionPath.hops.map((hop) => hop.ed25519PublicKey)),
  );
  const target = nodes.find((node) => !onPaths.has(node.ed25519PublicKey));
  if (!target) throw new Error('every devnet node is on an onion path: no target is left');
  return target;
}

/** A new account whose swarm holds `target`, so that `target` answers its retrieve (not 421). */
async function accountInSwarmOf(nodes: readonly SnodeRecord[], target: SnodeRecord): Promise<IdentityKeys> {
  const swarmIds = nodes.map((node) => node.swarmId);
  for (let attempt = 0; attempt < accountTries; attempt += 1) {
    const account = await deriveIdentityKeys(randomBytes(16));
    if (swarmIdForPubkey(account.sessionId, swarmIds) === target.swarmId) return account;
  }
  throw new Error(`no account out of ${accountTries} fell in the target's swarm`);
}

function percent(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)} %`;
}

/**
 * Round trips of `info` and of a retrieve, direct and through the network's paths, then the client's
 * onion crypto alone: building the 3-hop request and reading a real reply.
 */
async function cipherFigures(
  nodes: readonly SnodeRecord[],
  network: SessionNetwork,
  encryptionType: EncryptionType,
  setting: string,
): Promise<void> {
  const target = targetOutsidePaths(nodes, network);
  const owner = await accountInSwarmOf(nodes, target);
  const direct = async (makeRequest: RequestMaker, what: string) =>
    expectOk(what, await directRpc(target, await makeRequest(Date.now()), requestTimeoutMs));
  const onion = async (makeRequest: RequestMaker, what: string) =>
    expectOk(what, await network.client.callSnode(target, makeRequest));

  const directInfo = await measure('info, direct HTTPS', latencyRuns, () => direct(info, 'info'));
  const onionInfo = await measure(`info, 3-hop onion (${encryptionType})`, latencyRuns, () =>
    onion(info, 'info'),
  );
  const directRetrieve = await measure('retrieve (signed, empty inbox), direct HTTPS', latencyRuns, () =>
    direct(retrieve(owner), 'retrieve'),
  );
  const onionRetrieve = await measure(
    `retrieve (signed, empty inbox), 3-hop onion (${encryptionType})`,
    latencyRuns,
    () => onion(retrieve(owner), 'retrieve'),
  );
  printTable(`Round trip to one service node, ${encryptionType} paths (${setting})`, [
    directInfo,
    onionInfo,
    directRetrieve,
    onionRetrieve,
  ]);
  for (const [what, directRow, onionRow] of [
    ['info', directInfo, onionInfo],
    ['retrieve', directRetrieve, onionRetrieve],
  ] as const) {
    const atMedian = onionRow.p50Ms / directRow.p50Ms;
    const atTail = onionRow.p95Ms / directRow.p95Ms;
    const verdict = Math.max(atMedian, atTail) <= onionTargetRatio ? 'within' : 'over';
    console.log(
      `onion/direct ${what} (${encryptionType}): ${atMedian.toFixed(2)}× at p50, ${atTail.toFixed(2)}× at p95 ` +
        `(${verdict} the ${onionTargetRatio}× target)`,
    );
  }

  // The same retrieve the round trips sent, on the first path. One real reply is kept and read many
  // times: reading does not consume it, so each read costs what reading a fresh reply would.
  const hops = network.paths.current()[0]!.hops;
  const request = await retrieve(owner)(Date.now());
  const build = () =>
    buildOnionRequest({ path: hops, destination: { kind: 'snode', node: target, request }, encryptionType });
  const built = await build();
  const reply = await post(snodeUrl(hops[0]!, '/onion_req/v2'), built.payload, {
    contentType: 'application/octet-stream',
    timeoutMs: requestTimeoutMs,
  });
  const replyBody = new Uint8Array(reply.body);
  const read = () => readSnodeReply(reply.status, replyBody, built.replyContext);
  expectOk('retrieve read from a kept reply', await read());

  const building = await measure(
    `build 3-hop onion request, snode destination (${encryptionType})`,
    cryptoRuns,
    build,
  );
  const reading = await measure(
    `read snode reply (${replyBody.length} B, ${encryptionType})`,
    cryptoRuns,
    read,
  );
  printTable(`Client onion crypto, ${encryptionType} (one core)`, [building, reading]);
  console.log(
    `share of the onion retrieve p50 (${onionRetrieve.p50Ms.toFixed(3)} ms, ${encryptionType}): ` +
      `build ${percent(building.p50Ms, onionRetrieve.p50Ms)}, read ${percent(reading.p50Ms, onionRetrieve.p50Ms)}, ` +
      `together ${percent(building.p50Ms + reading.p50Ms, onionRetrieve.p50Ms)} ` +
      `(client side only: the hops' own decryption is not counted)`,
  );
}

/**
 * Runs up to `total` operations with `inFlight` at once, each timed; stops starting new ones at the
 * deadline. Reports the completed count, the latencies seen under that load and the rate.
 */
async function sustained(
  name: string,
  total: number,
  inFlight: number,
  operation: () => Promise<unknown>,
): Promise<Measurement> {
  let started = 0;
  const durations: number[] = [];
  const begin = performance.now();
  const deadline = begin + rateDeadlineMs;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < total && performance.now() < deadline) {
        started += 1;
        const before = performance.now();
        await operation();
        durations.push(performance.now() - before);
      }
    }),
  );
  const elapsed = performance.now() - begin;
  durations.sort((left, right) => left - right);
  return {
    name,
    runs: durations.length,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    perSecond: (durations.length / elapsed) * 1000,
  };
}

async function throughputFigures(nodes: readonly SnodeRecord[], network: SessionNetwork): Promise<void> {
  const target = targetOutsidePaths(nodes, network);
  const owner = await accountInSwarmOf(nodes, target);
  const call = async () => expectOk('retrieve', await network.client.callSnode(target, retrieve(owner)));
  await call(); // warm-up: connections to both guards open before the clock starts
  const rows: Measurement[] = [];
  for (const inFlight of inFlightCounts) {
    rows.push(
      await sustained(`retrieve through onion paths, ${inFlight} in flight`, rateRequests, inFlight, call),
    );
  }
  printTable('One client through its 2 onion paths (aes-gcm, one target node, latency under load)', rows);
  console.log(
    `onion requests per second, one client: ${rows
      .map(
        (row, index) =>
          `${Math.round(row.perSecond)}/s with ${inFlightCounts[index]} in flight (${row.runs} requests)`,
      )
      .join(', ')}`,
  );
}

/** Runs every figure against one devnet, given its nodes and its network description. */
async function figuresFor(
  nodes: readonly SnodeRecord[],
  description: NetworkDescription,
  setting: string,
  withThroughput: boolean,
): Promise<void> {
  const opened: SessionNetwork[] = [];
  try {
    const networks: Partial<Record<EncryptionType, SessionNetwork>> = {};
    for (const encryptionType of ['aes-gcm', 'xchacha20'] as const) {
      // One client per cipher, each with its own pool and paths, as a fresh start of the app would be.
      const network = await openNetwork(description, encryptionType);
      opened.push(network);
      networks[encryptionType] = network;
      await cipherFigures(nodes, network, encryptionType, setting);
    }
    if (withThroughput) await throughputFigures(nodes, networks['aes-gcm']!);
  } finally {
    for (const network of opened) network.close();
  }
}

/**
 * `starling devnet` in a child process, so that the client and the servers each have a core, as a
 * client and the network do in reality. Its nodes are read back from its seed.
 */
async function withSeparateDevnet(
  directory: string,
  run: (nodes: SnodeRecord[], description: NetworkDescription) => Promise<void>,
): Promise<void> {
  const devnetProcess = await startDevnetProcess(path.dirname(directory), ['--dir', directory]);
  try {
    const networkFile = devnetProcess.networkFile;
    const description = await loadNetwork(networkFile);
    const seedUrl = `${description.seeds[0]!.url}json_rpc`;
    const reply = await post(
      seedUrl,
      Buffer.from(
        JSON.stringify({
          method: 'get_n_service_nodes',
          params: { fields: ['public_ip', 'storage_port', 'pubkey_ed25519', 'pubkey_x25519', 'swarm'] },
        }),
      ),
      {
        contentType: 'application/json',
        timeoutMs: 10_000,
        pins: description.seeds[0]!.pins,
      },
    );
    const states = (
      JSON.parse(reply.body.toString('utf8')) as {
        result: { service_node_states: Record<string, string | number>[] };
      }
    ).result.service_node_states;
    const nodes = states.map((state) => ({
      ed25519PublicKey: String(state.pubkey_ed25519),
      x25519PublicKey: String(state.pubkey_x25519),
      ip: String(state.public_ip),
      port: Number(state.storage_port),
      swarmId: BigInt(`0x${String(state.swarm)}`),
    }));
    await run(nodes, description);
  } finally {
    await devnetProcess.stop();
  }
}

export async function networkBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-network-'));
  let devnet: Devnet | undefined;
  try {
    // The client's own rate of direct requests would hit the public limit (600 at once, 300/s).
    devnet = await startDevnet({
      directory: path.join(directory, 'in-process'),
      rateLimit: { capacity: 1e9, refillPerSecond: 1e9, maximumTrackedAddresses: 10_000 },
    });
    await figuresFor(
      devnet.nodes,
      await loadNetwork(devnet.networkFile),
      'client and devnet in one process',
      true,
    );
    await devnet.close();
    devnet = undefined;
    await withSeparateDevnet(path.join(directory, 'separate'), (nodes, description) =>
      figuresFor(nodes, description, 'devnet in its own process', false),
    );
  } finally {
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  }
}
