// The devnet's seed node (protocol-network.md §1): `POST /json_rpc` `get_n_service_nodes` and its
// aliases, answered with the exact Content-Type the official desktop client demands, over HTTPS
// with a certificate that clients pin. It also serves the devnet's own v4 onion endpoint, so that
// onion requests to HTTP destinations have a server to reach before the file and community servers
// exist.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { X25519KeyPair } from '../../shared/protocol/onion/hopKeys';
import { readBodyOrReply, sendReply } from '../http/httpBody';
import { parseBoundedJson } from '../http/jsonLimits';
import { closeServer, startLoopbackServer } from '../http/loopbackServer';
import { jsonReply, onionServerTargets, serveOnionV4 } from '../http/onionServerEndpoint';
import type { SnodeRecord } from '../storage/rpcTypes';
import type { TlsIdentity } from '../tls/certificates';
import { serviceNodeStates } from './serviceNodeStates';

const seedMethods = new Set(['get_n_service_nodes', 'get_service_nodes', 'get_all_service_nodes']);
const maximumSeedBodyBytes = 64 * 1024;

export interface SeedNetworkView {
  nodes(): readonly SnodeRecord[];
  hardfork(): readonly [number, number];
  /** The devnet's block height: it advances one block every 2 minutes, like Oxen's chain. */
  height(): number;
  /** What `GET /devnet/status` reports through an onion request. */
  status(): unknown;
}

export class SeedServer {
  private server: Server | undefined;

  constructor(
    private readonly port: number,
    private readonly tls: TlsIdentity,
    private readonly onionKeys: X25519KeyPair,
    private readonly network: SeedNetworkView,
  ) {}

  async start(): Promise<void> {
    this.server = await startLoopbackServer(this.tls, this.port, (request, response) =>
      this.route(request, response),
    );
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server);
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0]!;
    if (request.method === 'POST' && (path === '/json_rpc' || path === '/json_rpc/')) {
      return this.jsonRpc(request, response);
    }
    if (request.method === 'POST' && onionServerTargets.includes(path)) {
      return serveOnionV4(request, response, this.onionKeys, async ({ method, endpoint }) => {
        if (method === 'GET' && endpoint === '/devnet/status') return jsonReply(200, this.network.status());
        return jsonReply(404, { error: `No route ${method} ${endpoint}` });
      });
    }
    sendReply(response, 404, 'Not found');
  }

  private async jsonRpc(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBodyOrReply(request, response, maximumSeedBodyBytes);
    if (!body) return;
    // Bounded before parsing (jsonLimits.ts): a seed answers anyone who asks.
    const parsed = parseBoundedJson(body);
    const call = ('value' in parsed ? parsed.value : undefined) as
      { id?: unknown; method?: unknown; params?: unknown } | null | undefined;
    if (typeof call !== 'object' || call === null) {
      const message = `Parse error: ${'error' in parsed ? parsed.error : 'the body is not a JSON object'}`;
      sendReply(response, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message } });
      return;
    }
    const id = call.id ?? 0;
    if (typeof call.method !== 'string' || !seedMethods.has(call.method)) {
      sendReply(response, 200, {
        jsonrpc: '2.0',
        id,
        error: { code: -32601, message: `Method not found: ${String(call.method)}` },
      });
      return;
    }
    const params = (typeof call.params === 'object' && call.params !== null ? call.params : {}) as Record<
      string,
      unknown
    >;
    const height = this.network.height();
    const blockHash = createHash('sha256').update(`starling-devnet-block-${height}`).digest('hex');
    if (params.poll_block_hash === blockHash) {
      sendReply(response, 200, { jsonrpc: '2.0', id, result: { unchanged: true, height, status: 'OK' } });
      return;
    }
    const [hardfork, revision] = this.network.hardfork();
    sendReply(response, 200, {
      jsonrpc: '2.0',
      id,
      result: {
        service_node_states: serviceNodeStates(this.network.nodes(), params),
        height,
        block_hash: blockHash,
        hardfork,
        snode_revision: revision,
        status: 'OK',
      },
    });
  }
}
