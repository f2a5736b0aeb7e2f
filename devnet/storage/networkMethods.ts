// What a node tells about itself and the network (protocol-network.md §3, §4.6): `info`, `get_swarm`
// and the two oxend queries clients may make through `oxend_request`.
import { createHash } from 'node:crypto';
import { serviceNodeStates } from '../seed/serviceNodeStates';
import { field, readOwner, readParamsObject, readString, required, type Params } from './rpcParams';
import { invalidRequest, jsonReply } from './rpcReplies';
import type { NodeContext } from './rpcTypes';
import type { StorageMethod } from './storageMethod';
import { swarmBody } from './swarmReplies';

/** Devnet blocks have no content; their hash only has to change with the height (as the seed's). */
function blockHash(height: number): string {
  return createHash('sha256').update(`starling-devnet-block-${height}`).digest('hex');
}

export const infoMethod: StorageMethod = {
  forwardable: false,
  prepare() {
    return async (context) => jsonReply(context, { version: [...context.version], timestamp: context.now() });
  },
};

/** Also answers `get_snodes_for_pubkey`, its old name, and takes `pubKey`, the old spelling (§3). */
export const getSwarmMethod: StorageMethod = {
  forwardable: false,
  prepare(params) {
    const owner = readOwner(params, true);
    return async (context) => jsonReply(context, swarmBody(context, owner));
  },
};

function serviceNodesResult(context: NodeContext, params: Params): Record<string, unknown> {
  const height = context.height();
  const hash = blockHash(height);
  // oxend answers a poll for the block it is on with "unchanged" (§1).
  if (field(params, 'poll_block_hash') === hash) return { unchanged: true, height, status: 'OK' };
  const [hardfork, revision] = context.hardfork();
  return {
    service_node_states: serviceNodeStates(context.nodes(), params),
    height,
    block_hash: hash,
    hardfork,
    snode_revision: revision,
    status: 'OK',
  };
}

/** §4.6: clients may ask oxend through any node, for these two endpoints only. */
export const oxendRequestMethod: StorageMethod = {
  forwardable: false,
  prepare(params) {
    const endpoint = required(readString(params, 'endpoint'), 'endpoint');
    const raw = field(params, 'params');
    const oxendParams = raw === undefined ? {} : readParamsObject(raw, 'oxend_request params');
    if (endpoint === 'get_service_nodes') {
      return async (context) => jsonReply(context, { result: serviceNodesResult(context, oxendParams) });
    }
    if (endpoint === 'ons_resolve') {
      required(readString(oxendParams, 'name_hash'), 'name_hash');
      // Devnet has no Session names registered: oxend's answer for an unknown name is empty.
      return async (context) => jsonReply(context, { result: {} });
    }
    throw invalidRequest(`Invalid oxend endpoint ${JSON.stringify(endpoint.slice(0, 48))}`);
  },
};
