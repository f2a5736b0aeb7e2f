// Bootstrapping from the seed nodes (protocol-network.md §1, §11 "Seed nodes"): every seed is asked
// in parallel, the first good answer wins, and the round is retried with exponential backoff.
import { StarlingError } from '../../shared/errors';
import type { NetworkDescription } from './networkDescription';
import { type Snode, snodeFromState } from './snode';
import { post, TransportError } from './transport';

export interface SeedOptions {
  readonly timeoutMs?: number;
  readonly attempts?: number;
  readonly firstBackoffMs?: number;
}

export class SeedError extends StarlingError<'seedUnreachable' | 'seedPinMismatch' | 'seedReplyInvalid'> {}

const seedRequest = Buffer.from(
  JSON.stringify({
    jsonrpc: '2.0',
    method: 'get_n_service_nodes',
    params: {
      active_only: true,
      fields: {
        public_ip: true,
        storage_port: true,
        pubkey_x25519: true,
        pubkey_ed25519: true,
        requested_unlock_height: true,
        height: true,
      },
    },
  }),
);

async function askSeed(seed: NetworkDescription['seeds'][number], timeoutMs: number): Promise<Snode[]> {
  const url = new URL('json_rpc', seed.url.endsWith('/') ? seed.url : `${seed.url}/`).toString();
  let reply;
  try {
    reply = await post(url, seedRequest, {
      contentType: 'application/json',
      timeoutMs,
      pins: seed.pins,
      // §1: desktop sends these; some seeds answer differently without them.
      headers: { 'User-Agent': 'WhatsApp', 'Accept-Language': 'en-us' },
    });
  } catch (error) {
    if (error instanceof TransportError && error.code === 'pinMismatch') {
      throw new SeedError('seedPinMismatch', error.message);
    }
    throw new SeedError('seedUnreachable', error instanceof Error ? error.message : String(error));
  }
  // §1: desktop requires HTTP 200 and exactly this Content-Type.
  if (reply.status !== 200 || reply.contentType !== 'application/json') {
    throw new SeedError(
      'seedReplyInvalid',
      `The seed ${url} answered ${reply.status} (${reply.contentType}).`,
    );
  }
  let result: { service_node_states?: unknown; height?: unknown } | undefined;
  try {
    result = (JSON.parse(reply.body.toString('utf8')) as { result?: typeof result }).result;
  } catch {
    throw new SeedError('seedReplyInvalid', `The seed ${url} did not answer JSON.`);
  }
  if (!result || !Array.isArray(result.service_node_states) || typeof result.height !== 'number') {
    throw new SeedError('seedReplyInvalid', `The seed ${url} sent no service node list.`);
  }
  const snodes = result.service_node_states.flatMap((state) => snodeFromState(state) ?? []);
  if (snodes.length === 0)
    throw new SeedError('seedReplyInvalid', `The seed ${url} listed no usable service node.`);
  return snodes;
}

/**
 * The service nodes of a network, from its seeds. A pin mismatch is never retried away: it is
 * reported as such, because it means someone is impersonating the seed.
 */
export async function fetchServiceNodesFromSeeds(
  network: NetworkDescription,
  options: SeedOptions = {},
): Promise<Snode[]> {
  const attempts = options.attempts ?? 4;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let backoffMs = options.firstBackoffMs ?? 1_000;
  let lastErrors: SeedError[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await Promise.any(network.seeds.map((seed) => askSeed(seed, timeoutMs)));
    } catch (error) {
      lastErrors = (error as AggregateError).errors as SeedError[];
      const mismatch = lastErrors.find((seedError) => seedError.code === 'seedPinMismatch');
      if (mismatch) throw mismatch;
    }
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs *= 2;
    }
  }
  throw new SeedError(
    'seedUnreachable',
    `No seed of ${network.name} answered after ${attempts} attempts: ${lastErrors.map((error) => error.message).join(' ')}`,
  );
}
