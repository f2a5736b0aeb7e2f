// Replies of the storage RPC (protocol-network.md §4.1, §4.7): the HTTP status is the RPC code, a
// success is JSON carrying the node's clock `t` and the network's `hf` (§6, §9), and a refusal is
// a line of text for a person to read.
import type { NodeContext, RpcReply } from './rpcTypes';

/** A refusal with its status and message; the RPC handler turns it into a text reply. */
export class RpcError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** §4.7: a parameter that cannot be parsed is a 400 "invalid request: …". */
export function invalidRequest(detail: string): RpcError {
  return new RpcError(400, `invalid request: ${detail}`);
}

export function textReply(status: number, message: string): RpcReply {
  return { status, body: message };
}

/** A JSON reply with `t` and `hf` added, as every JSON reply of a storage server has them (§0.9). */
export function jsonReply(context: NodeContext, body: Record<string, unknown>, status = 200): RpcReply {
  return { status, body: { ...body, t: context.now(), hf: [...context.hardfork()] } };
}
