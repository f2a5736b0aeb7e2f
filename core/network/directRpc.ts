// A storage RPC straight to a node over HTTPS (protocol-network.md §4.1). The engine uses it only
// where the node learns nothing new about the user: testing a guard before trusting it.
import { type Snode, snodeUrl } from './snode';
import { post } from './transport';

export async function directRpc(
  snode: Snode,
  request: { method: string; params: unknown },
  timeoutMs: number,
): Promise<{ readonly status: number; readonly body: unknown }> {
  const reply = await post(snodeUrl(snode, '/storage_rpc/v1'), Buffer.from(JSON.stringify(request)), {
    contentType: 'application/json',
    timeoutMs,
  });
  const text = reply.body.toString('utf8');
  try {
    return { status: reply.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: reply.status, body: text };
  }
}
