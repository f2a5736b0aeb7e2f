// Who may replicate a write to a devnet node (protocol-network.md §8): only the other members of its
// swarm. The public network authenticates its peers by their node keys on the OxenMQ connection;
// devnet's replication travels over plain HTTPS (§9 allows any transport), so every request carries
// the sender's Ed25519 signature over the receiver, a timestamp and the body, and the receiver
// checks it against the keys of its swarm peers. The timestamp bounds replay to a short window,
// and a signature seen once is refused within it.
import type { IncomingHttpHeaders } from 'node:http';
import { concatBytes, fromHex, isHex, toHex, utf8Encode } from '../../shared/protocol/bytes';
import {
  decodeRequestSignature,
  signRequest,
  verifyRequestSignature,
} from '../../shared/protocol/storage/requestSignature';
import type { SnodeRecord } from '../storage/rpcTypes';

export const replicationHeaders = {
  sender: 'x-devnet-sender',
  timestamp: 'x-devnet-timestamp',
  signature: 'x-devnet-signature',
} as const;

/** How far a replication request's timestamp may be from the receiver's clock, either way. */
export const replicationFreshnessMs = 10_000;

/**
 * The bytes signed: a purpose tag (so that no other devnet signature can be passed off as one), the
 * sender and receiver keys (a request for one peer is refused by another), the time, the body.
 */
function signedBytes(sender: string, receiver: string, timestamp: string, body: Uint8Array): Uint8Array {
  return concatBytes(utf8Encode(`starling-devnet-replicate\n${sender}\n${receiver}\n${timestamp}\n`), body);
}

/**
 * The headers that authenticate `body` from `sender` to `receiver` (Ed25519 hex keys). The time is
 * the machine's real clock, not a node's skewed one: the public network's peer authentication
 * involves no clock, so a clock fault of a node must not cut it off from its swarm.
 */
export async function replicationRequestHeaders(options: {
  readonly sender: string;
  readonly receiver: string;
  readonly body: Uint8Array;
  readonly ed25519SecretKey: Uint8Array;
  readonly timestamp?: number;
}): Promise<Record<string, string>> {
  const timestamp = String(options.timestamp ?? Date.now());
  const signature = await signRequest(
    signedBytes(options.sender, options.receiver, timestamp, options.body),
    options.ed25519SecretKey,
  );
  return {
    [replicationHeaders.sender]: options.sender,
    [replicationHeaders.timestamp]: timestamp,
    [replicationHeaders.signature]: signature,
  };
}

export interface Refusal {
  readonly status: 401 | 403;
  readonly reason: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Checks replication requests arriving at one node; it remembers recent signatures against replay. */
export class ReplicationGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly self: () => SnodeRecord,
    private readonly nodes: () => readonly SnodeRecord[],
    private readonly clock: () => number = Date.now,
  ) {}

  /** Undefined when the request comes from a swarm peer, fresh and first seen; else why not. */
  async check(headers: IncomingHttpHeaders, body: Uint8Array): Promise<Refusal | undefined> {
    const sender = header(headers, replicationHeaders.sender)?.toLowerCase();
    const timestamp = header(headers, replicationHeaders.timestamp);
    const signature = header(headers, replicationHeaders.signature);
    if (sender === undefined || timestamp === undefined || signature === undefined) {
      return { status: 401, reason: 'Replication refused: the request is not signed by a swarm peer' };
    }
    const now = this.clock();
    if (!/^\d{1,16}$/u.test(timestamp) || Math.abs(Number(timestamp) - now) > replicationFreshnessMs) {
      return { status: 401, reason: 'Replication refused: the request is stale or its timestamp is invalid' };
    }
    const node = sender.length === 64 && isHex(sender) ? this.findNode(sender) : undefined;
    if (!node)
      return { status: 401, reason: 'Replication refused: the sender is not a node of this network' };
    const self = this.self();
    const valid = await verifyRequestSignature(
      signedBytes(sender, self.ed25519PublicKey, timestamp, body),
      signature,
      fromHex(sender),
    );
    if (!valid) return { status: 401, reason: 'Replication refused: the signature is not valid' };
    if (node.swarmId !== self.swarmId || node.ed25519PublicKey === self.ed25519PublicKey) {
      return { status: 403, reason: 'Replication refused: the sender is not a member of this swarm' };
    }
    this.forgetOld(now);
    // Keyed by the signature's bytes: base64 with or without padding must not make a replay new.
    const seenKey = toHex(decodeRequestSignature(signature));
    if (this.seen.has(seenKey)) {
      return { status: 401, reason: 'Replication refused: this request was already received' };
    }
    this.seen.set(seenKey, Number(timestamp));
    return undefined;
  }

  private findNode(ed25519PublicKey: string): SnodeRecord | undefined {
    return this.nodes().find((node) => node.ed25519PublicKey === ed25519PublicKey);
  }

  /**
   * A signature older than the window is refused as stale anyway, so it need not be kept. Entries
   * come in (nearly) time order, so the old ones are at the start of the map.
   */
  private forgetOld(now: number): void {
    for (const [key, timestamp] of this.seen) {
      if (now - timestamp <= replicationFreshnessMs) return;
      this.seen.delete(key);
    }
  }
}
