// A small network for the storage RPC tests (used by *.test.ts only): real message stores on temporary
// files, real keys, and replication that runs the forwarded request on the peer's own context, so a
// write really reaches a second store. Swarm "home" has two nodes, swarm "away" one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toBase64 } from '../shared/protocol/base64';
import { concatBytes, toHex, utf8Encode } from '../shared/protocol/bytes';
import { deriveIdentityKeys } from '../shared/protocol/identity/keys';
import { loadSodium } from '../shared/protocol/sodium';
import { isPublicInbox } from '../shared/protocol/storage/namespaces';
import { signRequest } from '../shared/protocol/storage/requestSignature';
import {
  retrieveSignatureMessage,
  storeSignatureMessage,
} from '../shared/protocol/storage/signatureMessages';
import { swarmIdForPubkey } from '../shared/protocol/swarm/swarmMapping';
import { MessageStore } from '../devnet/storage/messageStore';
import { handleStorageRpc } from '../devnet/storage/rpc';
import type { NodeContext, RpcReply, RpcRequest, SnodeRecord } from '../devnet/storage/rpcTypes';

export const homeSwarmId = 0x2000_0000_0000_0000n;
export const awaySwarmId = 0xa000_0000_0000_0000n;

export interface TestNode {
  readonly record: SnodeRecord;
  readonly ed25519SecretKey: Uint8Array;
  readonly context: NodeContext;
  store: MessageStore;
  /** Added to the network clock for this node. */
  skewMs: number;
  /** A down node fails every forwarded write with a timeout. */
  down: boolean;
}

/** An account or group that signs its requests. */
export interface TestAccount {
  /** The `pubkey` parameter: 05… or 03…, 66 hex characters. */
  readonly pubkey: string;
  readonly ed25519PublicKey: Uint8Array;
  readonly ed25519SecretKey: Uint8Array;
  /** `pubkey` plus, for a Session ID, `pubkey_ed25519`. */
  readonly identity: Record<string, string>;
  sign(message: string | Uint8Array): Promise<string>;
}

export interface TestNetwork {
  /** The network clock in ms; each node adds its own skew. */
  now: number;
  hardfork: [number, number];
  readonly entry: TestNode;
  readonly peer: TestNode;
  readonly away: TestNode;
  readonly nodes: readonly TestNode[];
  /** Accounts and groups whose swarm is "home" (served by entry and peer) or "away". */
  readonly user: TestAccount;
  readonly otherUser: TestAccount;
  readonly group: TestAccount;
  readonly awayUser: TestAccount;
  /** Every request a node forwarded to its peers. */
  readonly forwarded: RpcRequest[];
  rpc(method: string, params: unknown, node?: TestNode): Promise<RpcReply>;
  /** Params of a store of `text` for an hour, signed unless the namespace is a public inbox. */
  storeParams(
    account: TestAccount,
    namespace: number,
    text: string,
    extra?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** Params of a signed retrieve. */
  retrieveParams(
    account: TestAccount,
    namespace: number,
    extra?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** Closes the node's store and opens the same file again, as a restart does. */
  restart(node: TestNode): void;
  close(): void;
}

export const startTime = 1_750_000_000_000;

function accountFromKeys(
  pubkey: string,
  ed25519PublicKey: Uint8Array,
  ed25519SecretKey: Uint8Array,
  identity: Record<string, string>,
): TestAccount {
  return {
    pubkey,
    ed25519PublicKey,
    ed25519SecretKey,
    identity,
    sign: (message) =>
      signRequest(typeof message === 'string' ? utf8Encode(message) : message, ed25519SecretKey),
  };
}

/** A 32-byte seed that differs with `counter` (and `kind`, so accounts and groups never share one). */
function seedFor(counter: number, kind: number): Uint8Array {
  const seed = new Uint8Array(32).fill(kind);
  seed[0] = counter & 255;
  seed[1] = counter >> 8;
  return seed;
}

/** A Session ID account (from a 32-byte seed) whose key maps to the given swarm. */
export async function sessionAccountIn(
  swarmIds: readonly bigint[],
  swarmId: bigint,
  start: number,
): Promise<TestAccount> {
  for (let counter = start; ; counter += 1) {
    const keys = await deriveIdentityKeys(seedFor(counter, 5));
    if (swarmIdForPubkey(keys.sessionId, swarmIds) !== swarmId) continue;
    return accountFromKeys(keys.sessionId, keys.ed25519PublicKey, keys.ed25519SecretKey, {
      pubkey: keys.sessionId,
      pubkey_ed25519: toHex(keys.ed25519PublicKey),
    });
  }
}

/** A groups v2 account (03 + its Ed25519 key) whose key maps to the given swarm. */
export async function groupAccountIn(
  swarmIds: readonly bigint[],
  swarmId: bigint,
  start: number,
): Promise<TestAccount> {
  const sodium = await loadSodium();
  for (let counter = start; ; counter += 1) {
    const { publicKey, privateKey } = sodium.crypto_sign_seed_keypair(seedFor(counter, 3));
    const pubkey = `03${toHex(publicKey)}`;
    if (swarmIdForPubkey(pubkey, swarmIds) !== swarmId) continue;
    return accountFromKeys(pubkey, publicKey, privateKey, { pubkey });
  }
}

/** A fresh Ed25519 key pair: the "member" of a subaccount. */
export async function ed25519KeyPair(
  seedByte: number,
): Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> {
  return (await loadSodium()).crypto_sign_seed_keypair(new Uint8Array(32).fill(seedByte));
}

/** §4.2: `[prefix][flags][0][0][member key]`, signed by the account key. */
export async function subaccountToken(
  account: TestAccount,
  flags: number,
  memberPublicKey: Uint8Array,
  prefix = Number.parseInt(account.pubkey.slice(0, 2), 16),
): Promise<{ token: Uint8Array; signature: string }> {
  const token = concatBytes(Uint8Array.of(prefix, flags, 0, 0), memberPublicKey);
  return { token, signature: await account.sign(token) };
}

export async function startTestNetwork(): Promise<TestNetwork> {
  const sodium = await loadSodium();
  const directory = mkdtempSync(path.join(tmpdir(), 'starling-storage-'));
  const forwarded: RpcRequest[] = [];
  const nodes: TestNode[] = [];

  const makeNode = (index: number, swarmId: bigint): TestNode => {
    const { publicKey, privateKey } = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(100 + index));
    const record: SnodeRecord = {
      ed25519PublicKey: toHex(publicKey),
      x25519PublicKey: toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(publicKey)),
      ip: '127.0.0.1',
      port: 22100 + index,
      swarmId,
    };
    const file = path.join(directory, `node${index}.sqlite`);
    const node: TestNode = {
      record,
      ed25519SecretKey: privateKey,
      store: new MessageStore(file),
      skewMs: 0,
      down: false,
      context: {
        self: record,
        ed25519SecretKey: privateKey,
        get store() {
          return node.store;
        },
        version: [2, 8, 0],
        now: () => network.now + node.skewMs,
        hardfork: () => network.hardfork,
        height: () => 1500,
        nodes: () => nodes.map((each) => each.record),
        replicate: async (request) => {
          forwarded.push(request);
          const peers = nodes.filter((each) => each.record.swarmId === swarmId && each !== node);
          const entries = await Promise.all(
            peers.map(async (peer): Promise<[string, unknown]> => {
              if (peer.down) return [peer.record.ed25519PublicKey, { failed: true, timeout: true }];
              // As the devnet transport does: a forwarded request's reply becomes the peer's entry.
              const reply = await handleStorageRpc(request, peer.context, { forwarded: true });
              const entry =
                reply.status === 200
                  ? reply.body
                  : { failed: true, code: reply.status, reason: String(reply.body) };
              return [peer.record.ed25519PublicKey, entry];
            }),
          );
          return Object.fromEntries(entries);
        },
      },
    };
    return node;
  };

  const entry = makeNode(0, homeSwarmId);
  const peer = makeNode(1, homeSwarmId);
  const away = makeNode(2, awaySwarmId);
  nodes.push(entry, peer, away);
  const swarmIds = [homeSwarmId, awaySwarmId];
  const [user, otherUser, group, awayUser] = await Promise.all([
    sessionAccountIn(swarmIds, homeSwarmId, 1),
    sessionAccountIn(swarmIds, homeSwarmId, 200),
    groupAccountIn(swarmIds, homeSwarmId, 1),
    sessionAccountIn(swarmIds, awaySwarmId, 1),
  ]);

  const network: TestNetwork = {
    now: startTime,
    hardfork: [19, 4],
    entry,
    peer,
    away,
    nodes,
    user,
    otherUser,
    group,
    awayUser,
    forwarded,
    rpc: (method, params, node = entry) => handleStorageRpc({ method, params }, node.context),
    async storeParams(account, namespace, text, extra = {}) {
      const params: Record<string, unknown> = {
        ...account.identity,
        namespace,
        timestamp: network.now,
        ttl: 3_600_000,
        data: toBase64(utf8Encode(text)),
        ...extra,
      };
      if (!isPublicInbox(namespace) && !('signature' in extra)) {
        const timestamp = (params.sig_timestamp ?? params.timestamp) as number;
        params.signature = await account.sign(storeSignatureMessage({ namespace, timestamp }));
      }
      return params;
    },
    async retrieveParams(account, namespace, extra = {}) {
      const params: Record<string, unknown> = {
        ...account.identity,
        namespace,
        timestamp: network.now,
        ...extra,
      };
      if (!('signature' in extra)) {
        const timestamp = params.timestamp as number;
        params.signature = await account.sign(retrieveSignatureMessage({ namespace, timestamp }));
      }
      return params;
    },
    restart(node) {
      node.store.close();
      node.store = new MessageStore(path.join(directory, `node${nodes.indexOf(node)}.sqlite`));
    },
    close() {
      for (const node of nodes) node.store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return network;
}
