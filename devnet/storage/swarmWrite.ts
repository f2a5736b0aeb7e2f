// The reply of a write that the whole swarm applies (protocol-network.md §4.6 "Recursive writes", §8):
// the entry node applies it, forwards it to its peers, and answers with every node's signed result
// under `swarm`; a peer that receives the forwarded request answers with its own result only.
import { concatBytes, utf8Encode } from '../../shared/protocol/bytes';
import { allNamespaces, type NamespaceSelector } from '../../shared/protocol/storage/namespaces';
import { signRequest } from '../../shared/protocol/storage/requestSignature';
import type { AffectedMessage } from './messageStore';
import { jsonReply } from './rpcReplies';
import type { NodeContext, RpcReply, RpcRequest } from './rpcTypes';
import type { CallOptions } from './storageMethod';

export type SwarmEntry = Record<string, unknown>;

/** §4.6: a node that could not apply the write locally. */
const localFailure: SwarmEntry = { failed: true, query_failure: true };

export function isFailedEntry(entry: unknown): boolean {
  return typeof entry !== 'object' || entry === null || (entry as SwarmEntry).failed === true;
}

/**
 * This node's signature over its result (§4.6): numbers in decimal ASCII, strings as they are,
 * tokens as raw bytes, with nothing in between; base64, as the client's own signatures.
 */
export async function signResult(
  context: NodeContext,
  parts: readonly (string | number | Uint8Array)[],
): Promise<string> {
  const message = concatBytes(
    ...parts.map((part) => (part instanceof Uint8Array ? part : utf8Encode(String(part)))),
  );
  return signRequest(message, context.ed25519SecretKey);
}

/** Orders hashes as the storage server does: bytewise, which for base64 is code-unit order. */
export function compareHashes(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The entry of delete_all, delete_before and expire_all (§4.6): the affected hashes, sorted, as a list,
 * or as `{namespace: [hashes]}` for "all"; signed after `signedPrefix` (PUBKEY_HEX and the request's
 * time) followed by every hash in that sorted order.
 */
export async function affectedEntry(
  context: NodeContext,
  key: 'deleted' | 'updated',
  affected: readonly AffectedMessage[],
  namespace: NamespaceSelector,
  signedPrefix: readonly (string | number)[],
): Promise<SwarmEntry> {
  const sorted = [...affected].sort((left, right) => compareHashes(left.hash, right.hash));
  const hashes = sorted.map((message) => message.hash);
  const signature = await signResult(context, [...signedPrefix, ...hashes]);
  if (namespace !== allNamespaces) return { [key]: hashes, signature };
  const byNamespace: Record<string, string[]> = {};
  for (const message of sorted) (byNamespace[String(message.namespace)] ??= []).push(message.hash);
  return { [key]: byNamespace, signature };
}

/** Applies the write here; a failure of the store becomes a failed entry rather than an error. */
export async function applyLocally(apply: () => Promise<SwarmEntry> | SwarmEntry): Promise<SwarmEntry> {
  try {
    return await apply();
  } catch {
    return localFailure;
  }
}

async function peerEntries(context: NodeContext, request: RpcRequest): Promise<Record<string, unknown>> {
  try {
    return await context.replicate(request);
  } catch {
    // The transport should report each peer itself; if it cannot, every peer counts as failed.
    const peers = context
      .nodes()
      .filter(
        (node) =>
          node.swarmId === context.self.swarmId && node.ed25519PublicKey !== context.self.ed25519PublicKey,
      );
    return Object.fromEntries(
      peers.map((node) => [node.ed25519PublicKey, { failed: true, bad_peer_response: true }]),
    );
  }
}

/**
 * The reply to a write this node applied with result `own`. A forwarded write answers with `own` alone;
 * a client's write is forwarded to the swarm first, then answered with every node's entry (200 when
 * any node succeeded, else 500) and the fields of `topLevel`.
 */
export async function swarmWriteReply(
  context: NodeContext,
  options: CallOptions,
  request: RpcRequest,
  own: SwarmEntry,
  topLevel: Record<string, unknown> = {},
): Promise<RpcReply> {
  if (options.forwarded) return { status: isFailedEntry(own) ? 500 : 200, body: own };
  const self = context.self.ed25519PublicKey;
  const peers = await peerEntries(context, request);
  const swarm: Record<string, unknown> = { [self]: own };
  for (const [key, entry] of Object.entries(peers)) {
    if (key !== self) swarm[key] = entry;
  }
  const succeeded = Object.values(swarm).some((entry) => !isFailedEntry(entry));
  return jsonReply(context, { swarm, ...topLevel }, succeeded ? 200 : 500);
}
