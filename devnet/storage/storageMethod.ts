// The shape of one storage RPC method. Parsing and running are separate steps because a batch
// refuses as a whole when any subrequest is malformed (protocol-network.md §4.6), before running any.
import { RpcError, textReply } from './rpcReplies';
import type { Params } from './rpcParams';
import type { NodeContext, RpcReply } from './rpcTypes';

export interface CallOptions {
  /** The request is a swarm peer's replication of a write it accepted (§8), not a client's. */
  readonly forwarded: boolean;
}

/** A request whose parameters were parsed: it may still be refused (401, 406, 421, …) when run. */
export type PreparedCall = (context: NodeContext, options: CallOptions) => Promise<RpcReply>;

export interface StorageMethod {
  /** Reads the parameters, throwing a 400 RpcError for anything malformed. */
  prepare(params: Params): PreparedCall;
  /** §8: only writes are forwarded to swarm peers; a forwarded read is refused. */
  readonly forwardable: boolean;
}

/** Runs a call, turning a refusal into its reply and anything unexpected into a 500. */
export async function settle(
  call: PreparedCall,
  context: NodeContext,
  options: CallOptions,
): Promise<RpcReply> {
  try {
    return await call(context, options);
  } catch (error) {
    if (error instanceof RpcError) return textReply(error.status, error.message);
    return textReply(500, 'request failed: the node could not process it');
  }
}
