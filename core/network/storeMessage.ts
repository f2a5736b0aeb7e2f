// Storing a message in a swarm (protocol-network.md §4.6 store, §11 "Retries"): through an onion
// path to one random member, which replicates it; the reply's per-node map says which members
// confirmed it. A store counts as done only with at least one confirmation.
import { toBase64 } from '../../shared/protocol/base64';
import { storeNeedsAuthentication } from '../../shared/protocol/storage/namespaces';
import { storeSignatureMessage } from '../../shared/protocol/storage/signatureMessages';
import { NetworkError } from './onionClient';
import type { SessionNetwork } from './sessionNetwork';
import type { SwarmAuthority } from './swarmAuthority';

export interface StoreRequest {
  /** The swarm owner, e.g. the recipient's Session ID. */
  readonly pubkey: string;
  readonly namespace: number;
  readonly data: Uint8Array;
  readonly ttlMs: number;
  /** Signs stores in namespaces that need it (configs, groups: §4.3); its pubkey is `pubkey`'s. */
  readonly authority?: SwarmAuthority;
}

export interface StoreResult {
  readonly hash: string;
  /** The network time the message was stored with. */
  readonly timestamp: number;
  /** Ed25519 keys of the members that confirmed it. */
  readonly confirmations: readonly string[];
}

/** The params of one `store` (§4.6), signed when the namespace needs it. */
export async function storeParams(request: StoreRequest, now: number): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {
    pubkey: request.pubkey,
    namespace: request.namespace,
    timestamp: now,
    ttl: request.ttlMs,
    data: toBase64(request.data),
  };
  if (!storeNeedsAuthentication(request.namespace)) return params;
  const { authority } = request;
  if (authority?.pubkey !== request.pubkey) {
    throw new RangeError(`namespace ${request.namespace} needs the signature of the swarm's owner`);
  }
  const signed = storeSignatureMessage({ namespace: request.namespace, timestamp: now });
  return { ...params, ...(await authority.authenticate(signed)) };
}

/**
 * What a store's answer means (alone, or as one result of a batch or sequence): its hash once at
 * least one member confirmed it; a refusal of the message itself is final, anything else retryable.
 */
export function storeOutcome(status: number, reply: unknown, timestamp: number): StoreResult {
  const body = (typeof reply === 'object' && reply !== null ? reply : {}) as {
    hash?: unknown;
    swarm?: Record<string, { failed?: boolean; hash?: string }>;
  };
  const confirmations = Object.entries(body.swarm ?? {})
    .filter(([, entry]) => !entry.failed && entry.hash === body.hash)
    .map(([node]) => node);
  if (status >= 400 && status < 500) {
    // The swarm refused the message itself (size, TTL, signature): retrying cannot help.
    const reason = typeof reply === 'string' ? reply : `status ${status}`;
    throw new NetworkError('storeRefused', `The swarm refused the message: ${reason}`);
  }
  if (status !== 200 || typeof body.hash !== 'string' || confirmations.length === 0) {
    throw new NetworkError(
      'pathsFailed',
      `The swarm did not confirm the message (${status}: ${typeof reply === 'string' ? reply : 'no confirmation'}).`,
    );
  }
  return { hash: body.hash, timestamp, confirmations };
}

export async function storeMessage(network: SessionNetwork, request: StoreRequest): Promise<StoreResult> {
  let timestamp = 0;
  const result = await network.swarmRequest(request.pubkey, async (now) => {
    timestamp = now;
    return { method: 'store', params: await storeParams(request, now) };
  });
  return storeOutcome(result.status, result.body, timestamp);
}
