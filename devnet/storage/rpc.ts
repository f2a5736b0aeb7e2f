// The storage RPC of a devnet service node (protocol-network.md §4): one entry point for HTTPS, onion
// requests and replication between peers. It never throws: every bad input becomes a 4xx reply with
// a message for a person, and anything unexpected a 500.
import { invalidSwarmId } from '../../shared/protocol/swarm/swarmMapping';
import { hardforkAtLeast } from './clockRules';
import { batchMethod, ifElseMethod, type SubrequestParser } from './compositeMethods';
import { deleteAllMethod, deleteBeforeMethod, deleteMethod } from './deleteMethods';
import { expireAllMethod, expireMethod } from './expireMethods';
import { getSwarmMethod, infoMethod, oxendRequestMethod } from './networkMethods';
import { getExpiriesMethod, retrieveMethod } from './retrieveMethods';
import { field, readParamsObject, type Params } from './rpcParams';
import { invalidRequest, RpcError, textReply } from './rpcReplies';
import type { NodeContext, RpcReply, RpcRequest } from './rpcTypes';
import { settle, type StorageMethod } from './storageMethod';
import { storeMethod } from './storeMethods';
import { revokeSubaccountMethod, unrevokeSubaccountMethod } from './subaccountMethods';

/** §6: storage servers 2.6–2.8 refuse every request until the network reaches hardfork 19.3. */
export const minimumHardfork = [19, 3] as const;

/** The methods a batch, a sequence or an ifelse may contain. */
const simpleMethods = new Map<string, StorageMethod>([
  ['store', storeMethod],
  ['retrieve', retrieveMethod],
  ['delete', deleteMethod],
  ['delete_all', deleteAllMethod],
  ['delete_before', deleteBeforeMethod],
  ['expire', expireMethod],
  ['expire_all', expireAllMethod],
  ['get_expiries', getExpiriesMethod],
  ['get_swarm', getSwarmMethod],
  ['get_snodes_for_pubkey', getSwarmMethod],
  ['info', infoMethod],
  ['oxend_request', oxendRequestMethod],
  ['revoke_subaccount', revokeSubaccountMethod],
  ['unrevoke_subaccount', unrevokeSubaccountMethod],
]);

const parseSubrequest: SubrequestParser = (request, what, allowBatches) => {
  const subrequest = readParamsObject(request, `Invalid ${what}: it`);
  const method = field(subrequest, 'method');
  if (typeof method !== 'string') throw invalidRequest(`Invalid ${what}: it must have method/params keys`);
  const params = readParamsObject(field(subrequest, 'params'), `Invalid ${what}: its params`);
  const definition = simpleMethods.get(method) ?? (allowBatches ? batchMethods.get(method) : undefined);
  if (definition) return definition.prepare(params);
  if (batchMethods.has(method) || method === 'ifelse') {
    throw invalidRequest(`Invalid ${what}: ${method} cannot be nested`);
  }
  throw invalidRequest(`Invalid ${what}: no method ${JSON.stringify(method.slice(0, 48))}`);
};

const batchMethods = new Map<string, StorageMethod>([
  ['batch', batchMethod(parseSubrequest, false)],
  ['sequence', batchMethod(parseSubrequest, true)],
]);

const methods = new Map<string, StorageMethod>([
  ...simpleMethods,
  ...batchMethods,
  ['ifelse', ifElseMethod(parseSubrequest)],
]);

/** §6 "Refusal": why this node serves nothing yet, or undefined when it is ready. */
function notReadyReason(context: NodeContext): string | undefined {
  if (!hardforkAtLeast(context.hardfork(), minimumHardfork)) {
    return `not yet on hardfork ${minimumHardfork.join('.')}`;
  }
  if (context.self.swarmId === invalidSwarmId) return 'not in any swarm';
  return undefined;
}

function requestParams(params: unknown): Params {
  // A client that sends no params at all means none; anything else must be an object.
  return params === undefined || params === null ? {} : readParamsObject(params, 'params');
}

/**
 * Answers one storage RPC request. With `forwarded`, the request is a swarm peer's replication of a
 * write it accepted (§8): it is checked again, applied, and answered with this node's result alone.
 */
export async function handleStorageRpc(
  request: RpcRequest,
  context: NodeContext,
  options: { forwarded?: boolean } = {},
): Promise<RpcReply> {
  const forwarded = options.forwarded ?? false;
  try {
    const notReady = notReadyReason(context);
    if (notReady !== undefined) return textReply(503, `Snode not ready: ${notReady}`);
    const name: unknown = request.method;
    if (typeof name !== 'string') return textReply(400, 'invalid request: no `method` field');
    const method = methods.get(name);
    if (!method) {
      return textReply(
        400,
        `invalid request: no method ${JSON.stringify(name.slice(0, 48))}; the storage RPC has ${[...methods.keys()].join(', ')}`,
      );
    }
    if (forwarded && !method.forwardable) {
      return textReply(400, `invalid request: ${name} is not a write, and only writes are forwarded`);
    }
    const call = method.prepare(requestParams(request.params));
    return await settle(call, context, { forwarded });
  } catch (error) {
    if (error instanceof RpcError) return textReply(error.status, error.message);
    return textReply(500, 'request failed: the node could not process it');
  }
}
