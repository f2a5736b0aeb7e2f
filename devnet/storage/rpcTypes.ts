// The seam between a devnet service node's transport (HTTPS, onion requests, replication between
// nodes) and its storage RPC logic (protocol-network.md §4).
import type { MessageStore } from './messageStore';

/** A service node as the network lists it (§2: the desktop Snode type plus the swarm). */
export interface SnodeRecord {
  /** Hex; the name used in onion `destination` and in `swarm` result maps. */
  readonly ed25519PublicKey: string;
  /** Hex; onion-request ECDH. */
  readonly x25519PublicKey: string;
  readonly ip: string;
  /** The HTTPS storage port. */
  readonly port: number;
  readonly swarmId: bigint;
}

/** An RPC reply: the HTTP status is the RPC code; an object body is JSON, a string body is text. */
export interface RpcReply {
  readonly status: number;
  readonly body: unknown;
}

export interface RpcRequest {
  readonly method: string;
  readonly params: unknown;
}

/** What the storage logic of one node may use. */
export interface NodeContext {
  readonly self: SnodeRecord;
  /** libsodium's 64-byte Ed25519 secret key: signs this node's per-node results (§4.6). */
  readonly ed25519SecretKey: Uint8Array;
  readonly store: MessageStore;
  /** [major, minor, patch] reported by `info`. */
  readonly version: readonly [number, number, number];
  /** The node's clock in ms; a fault control can skew it. */
  now(): number;
  /** The network's `hf`, reported next to `t` in every reply (§6). */
  hardfork(): readonly [number, number];
  /** The network's block height, reported by ifelse and oxend_request (§4.6), as the seed does. */
  height(): number;
  /** Every node of the network, including this one (get_swarm, 421 bodies, oxend_request). */
  nodes(): readonly SnodeRecord[];
  /**
   * Sends a write that this node accepted to every other member of its swarm and resolves with
   * their per-node result entries keyed by Ed25519 hex (a failed peer: `{failed: true, …}`, §4.6).
   */
  replicate(request: RpcRequest): Promise<Record<string, unknown>>;
}
