// `service_node_states` entries as oxend's get_service_nodes writes them (protocol-network.md §1,
// §2), limited to the requested `fields` (a list, or the deprecated {name: true} dict) and to
// `service_node_pubkeys` / `limit` when given.
import { formatSwarmId } from '../../shared/protocol/swarm/swarmMapping';
import type { SnodeRecord } from '../storage/rpcTypes';

function fullState(node: SnodeRecord): Record<string, unknown> {
  return {
    service_node_pubkey: node.ed25519PublicKey,
    public_ip: node.ip,
    storage_port: node.port,
    storage_lmq_port: 0,
    pubkey_ed25519: node.ed25519PublicKey,
    pubkey_x25519: node.x25519PublicKey,
    // §1: desktop requires a number here and drops nodes whose unlock height has passed.
    requested_unlock_height: 0,
    swarm_id: node.swarmId,
    swarm: formatSwarmId(node.swarmId),
    storage_server_version: [2, 8, 0],
    active: true,
    funded: true,
  };
}

function requestedFields(fields: unknown): ReadonlySet<string> | undefined {
  if (Array.isArray(fields))
    return new Set(fields.filter((field): field is string => typeof field === 'string'));
  if (typeof fields === 'object' && fields !== null) {
    return new Set(Object.entries(fields).flatMap(([name, wanted]) => (wanted === true ? [name] : [])));
  }
  return undefined;
}

export function serviceNodeStates(
  nodes: readonly SnodeRecord[],
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown>[] {
  const fields = requestedFields(params.fields);
  let selected = [...nodes];
  if (Array.isArray(params.service_node_pubkeys)) {
    const wanted = new Set(params.service_node_pubkeys);
    selected = selected.filter((node) => wanted.has(node.ed25519PublicKey));
  }
  if (typeof params.limit === 'number' && params.limit > 0) {
    // oxend returns a random, shuffled subset when a limit is given.
    selected = selected
      .map((node) => ({ node, order: Math.random() }))
      .sort((left, right) => left.order - right.order)
      .slice(0, params.limit)
      .map(({ node }) => node);
  }
  return selected.map((node) => {
    const state = fullState(node);
    return fields ? Object.fromEntries(Object.entries(state).filter(([name]) => fields.has(name))) : state;
  });
}
