// One devnet service node: an HTTPS server on 127.0.0.1 with the storage RPC and onion request
// endpoints of the public network (protocol-network.md §4.1, §5), its own SQLite message store,
// replication of writes to its swarm peers (§8), and the fault controls tests use.
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { X25519KeyPair } from '../../shared/protocol/onion/hopKeys';
import { readBodyOrReply, sendReply } from '../http/httpBody';
import { closeServer, startLoopbackServer } from '../http/loopbackServer';
import { post, RequestTimedOutError } from '../http/httpsClient';
import { parseBoundedJson } from '../http/jsonLimits';
import { MessageStore } from '../storage/messageStore';
import { handleStorageRpc } from '../storage/rpc';
import type { NodeContext, RpcRequest, SnodeRecord } from '../storage/rpcTypes';
import type { TlsIdentity } from '../tls/certificates';
import { handleOnionRequest } from './onionRequest';
import { ReplicationGuard, replicationRequestHeaders } from './peerAuthentication';
import { clientRateLimit, RateLimiter, type RateLimitSettings } from './rateLimiter';

/** Reported by `info` (§4.6): the storage server release whose behaviour devnet follows. */
export const storageServerVersion = [2, 8, 0] as const;
const replicationTimeoutMs = 5_000;
const expirySweepIntervalMs = 10_000;

/** What a node knows of the network it belongs to. */
export interface NetworkView {
  nodes(): readonly SnodeRecord[];
  hardfork(): readonly [number, number];
  /** The block height the seed reports, so that ifelse and oxend_request agree with it. */
  height(): number;
}

export interface ServiceNodeOptions {
  readonly record: SnodeRecord;
  readonly ed25519SecretKey: Uint8Array;
  readonly x25519: X25519KeyPair;
  readonly tls: TlsIdentity;
  readonly databasePath: string;
  readonly network: NetworkView;
  /** Direct client RPC limits (§7); benchmarks raise them to measure the node itself. */
  readonly rateLimit?: RateLimitSettings;
}

export class ServiceNode {
  readonly record: SnodeRecord;
  /** Added to the real clock: a skewed node answers with a wrong `t` and judges timestamps by it. */
  clockSkewMs = 0;
  private partitioned = false;
  private server: Server | undefined;
  private store: MessageStore | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly rateLimiter: RateLimiter;
  private readonly replicationGuard: ReplicationGuard;

  constructor(private readonly options: ServiceNodeOptions) {
    this.record = options.record;
    this.rateLimiter = new RateLimiter(options.rateLimit ?? clientRateLimit);
    this.replicationGuard = new ReplicationGuard(
      () => this.record,
      () => options.network.nodes(),
    );
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  now(): number {
    return Date.now() + this.clockSkewMs;
  }

  /** A partitioned node drops every connection, in and out, but keeps running and keeps its data. */
  setPartitioned(partitioned: boolean): void {
    this.partitioned = partitioned;
    if (partitioned) {
      for (const socket of this.sockets) socket.destroy();
    }
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.store = new MessageStore(this.options.databasePath);
    this.server = await startLoopbackServer(
      this.options.tls,
      this.record.port,
      (request, response) => this.route(request, response),
      (socket) => {
        if (this.partitioned) {
          socket.destroy();
          return;
        }
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      },
    );
    this.sweepTimer = setInterval(() => this.store?.sweepExpired(this.now()), expirySweepIntervalMs);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    clearInterval(this.sweepTimer);
    for (const socket of this.sockets) socket.destroy();
    await closeServer(server);
    this.store?.close();
    this.store = undefined;
  }

  private context(): NodeContext {
    const store = this.store;
    if (!store) throw new Error('the node is stopped');
    return {
      self: this.record,
      ed25519SecretKey: this.options.ed25519SecretKey,
      store,
      version: storageServerVersion,
      now: () => this.now(),
      hardfork: () => this.options.network.hardfork(),
      height: () => this.options.network.height(),
      nodes: () => this.options.network.nodes(),
      replicate: (request) => this.replicate(request),
    };
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0]!.replace(/\/+$/u, '');
    if (request.method !== 'POST') {
      sendReply(response, 404, 'Not found');
      return;
    }
    const body = await readBodyOrReply(request, response);
    if (!body) return;
    switch (path) {
      case '/storage_rpc/v1':
        return this.clientRpc(request, response, body);
      case '/onion_req/v2': {
        // §7: onion traffic is not rate limited.
        const reply = await handleOnionRequest(body, {
          x25519: this.options.x25519,
          storageRpc: (rpc) => handleStorageRpc(rpc, this.context()),
          findNode: (key) => this.options.network.nodes().find((node) => node.ed25519PublicKey === key),
        });
        sendReply(response, reply.status, reply.body);
        return;
      }
      case '/devnet/replicate':
        return this.replicated(request, response, body);
      default:
        sendReply(response, 404, 'Not found');
    }
  }

  private async clientRpc(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    if (!this.rateLimiter.allow(request.socket.remoteAddress ?? 'unknown')) {
      sendReply(response, 429, 'Too many requests: slow down');
      return;
    }
    // §4.1: long polling was removed; the header is refused so that old clients notice.
    if (request.headers['x-loki-long-poll'] !== undefined) {
      sendReply(response, 410, 'Long polling is no longer supported');
      return;
    }
    const rpc = parseRpcRequest(body);
    if (typeof rpc === 'string') {
      sendReply(response, 400, rpc);
      return;
    }
    const reply = await handleStorageRpc(rpc, this.context());
    sendReply(response, reply.status, reply.body);
  }

  /**
   * A write that a swarm peer accepted and forwards here (§8): refused unless signed by a peer
   * (peerAuthentication.ts), then validated again as the client's own request would be.
   */
  private async replicated(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    const refusal = await this.replicationGuard.check(request.headers, body);
    if (refusal) {
      sendReply(response, refusal.status, refusal.reason);
      return;
    }
    const rpc = parseRpcRequest(body);
    if (typeof rpc === 'string') {
      sendReply(response, 400, rpc);
      return;
    }
    const reply = await handleStorageRpc(rpc, this.context(), { forwarded: true });
    sendReply(response, 200, { status: reply.status, body: reply.body });
  }

  private async replicate(request: RpcRequest): Promise<Record<string, unknown>> {
    const peers = this.options.network
      .nodes()
      .filter(
        (node) =>
          node.swarmId === this.record.swarmId && node.ed25519PublicKey !== this.record.ed25519PublicKey,
      );
    const payload = Buffer.from(JSON.stringify(request));
    const entries = await Promise.all(
      peers.map(async (peer): Promise<[string, unknown]> => {
        if (this.partitioned) return [peer.ed25519PublicKey, { failed: true, timeout: true }];
        try {
          const headers = await replicationRequestHeaders({
            sender: this.record.ed25519PublicKey,
            receiver: peer.ed25519PublicKey,
            body: payload,
            ed25519SecretKey: this.options.ed25519SecretKey,
          });
          const reply = await post(`https://${peer.ip}:${peer.port}/devnet/replicate`, payload, {
            contentType: 'application/json',
            timeoutMs: replicationTimeoutMs,
            headers,
          });
          const result = peerResult(reply.body);
          if (reply.status === 200 && result.status >= 200 && result.status < 300) {
            return [peer.ed25519PublicKey, result.body];
          }
          // A peer's own failure entry (e.g. {failed, query_failure}) passes through as it wrote it.
          const entry =
            typeof result.body === 'object' && result.body !== null
              ? { failed: true, code: result.status, ...result.body }
              : { failed: true, code: result.status, reason: String(result.body) };
          return [peer.ed25519PublicKey, entry];
        } catch (error) {
          return [
            peer.ed25519PublicKey,
            error instanceof RequestTimedOutError
              ? { failed: true, timeout: true }
              : { failed: true, bad_peer_response: true },
          ];
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}

/** A peer's `{status, body}` answer to a replicated write; anything else counts as a bad answer. */
function peerResult(body: Buffer): { status: number; body: unknown } {
  const parsed = parseBoundedJson(body);
  const result = 'value' in parsed ? (parsed.value as { status?: unknown; body?: unknown } | null) : null;
  if (typeof result !== 'object' || result === null || typeof result.status !== 'number') {
    throw new Error('the peer did not answer with {status, body}');
  }
  return { status: result.status, body: result.body };
}

/**
 * The `{"method", "params"}` body of a storage RPC, or the 400 message explaining what is wrong.
 * Its size and nesting are bounded before it is parsed (jsonLimits.ts).
 */
function parseRpcRequest(body: Buffer): RpcRequest | string {
  const bounded = parseBoundedJson(body);
  if ('error' in bounded) return `invalid request: ${bounded.error}`;
  const parsed = bounded.value;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { method?: unknown }).method !== 'string'
  ) {
    return 'invalid request: expected a JSON object with a "method" string';
  }
  const { method, params } = parsed as { method: string; params?: unknown };
  return { method, params: params ?? {} };
}
