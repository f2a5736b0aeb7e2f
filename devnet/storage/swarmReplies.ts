// Which swarm holds an account, as get_swarm tells and a 421 repeats (protocol-network.md §3). The
// swarm is computed from the swarm ids of every node in the network, so all nodes and all clients
// agree on it.
import { fromHex } from '../../shared/protocol/bytes';
import { formatSwarmId, invalidSwarmId, swarmIdForPubkey } from '../../shared/protocol/swarm/swarmMapping';
import { jsonReply } from './rpcReplies';
import type { Owner } from './rpcParams';
import type { NodeContext, RpcReply, SnodeRecord } from './rpcTypes';
import { toZBase32 } from './zBase32';

/** The swarm id of the account, or undefined when the network has no swarm at all. */
export function ownerSwarmId(context: NodeContext, owner: Owner): bigint | undefined {
  return swarmIdForPubkey(
    owner.hex,
    context.nodes().map((node) => node.swarmId),
  );
}

function snodeEntry(node: SnodeRecord): Record<string, unknown> {
  return {
    // Devnet nodes have no separate legacy key: like nodes registered since Oxen 8, their primary key
    // is the Ed25519 one.
    address: `${toZBase32(fromHex(node.ed25519PublicKey))}.snode`,
    pubkey_legacy: node.ed25519PublicKey,
    pubkey_x25519: node.x25519PublicKey,
    pubkey_ed25519: node.ed25519PublicKey,
    // §3: `port` is a string, kept for old clients.
    port: String(node.port),
    port_https: node.port,
    // Devnet nodes speak no OxenMQ or QUIC: 0, as the seed's storage_lmq_port says.
    port_omq: 0,
    port_quic: 0,
    ip: node.ip,
  };
}

/** The get_swarm body without `t`/`hf`: the members of the account's swarm and its id. */
export function swarmBody(context: NodeContext, owner: Owner): Record<string, unknown> {
  const swarmId = ownerSwarmId(context, owner);
  if (swarmId === undefined) return { snodes: [], swarm: formatSwarmId(invalidSwarmId) };
  return {
    snodes: context
      .nodes()
      .filter((node) => node.swarmId === swarmId)
      .map(snodeEntry),
    swarm: formatSwarmId(swarmId),
  };
}

/** §3: a node outside the account's swarm refuses with 421 and the right swarm; undefined if ours. */
export function wrongSwarmReply(context: NodeContext, owner: Owner): RpcReply | undefined {
  if (ownerSwarmId(context, owner) === context.self.swarmId) return undefined;
  return jsonReply(context, swarmBody(context, owner), 421);
}
