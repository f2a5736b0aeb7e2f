// The devnet's file server (protocol-messages.md §5.2): plain HTTP on 127.0.0.1, as official
// clients reach the file server with protocol `http`, answering the file routes directly and inside
// v4 onion requests at `/oxen/v4/lsrpc` (protocol-network.md §5.4). Files live on disk (fileStore.ts)
// and expired ones are refused at once and removed by a bounded periodic sweep.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { V4Reply, V4Request } from '../../shared/protocol/onion/v4Payload';
import { BodyTooLargeError, readBody, sendReply } from '../http/httpBody';
import { closeServer, startPlainLoopbackServer } from '../http/loopbackServer';
import { jsonReply, onionServerTargets, serveOnionV4 } from '../http/onionServerEndpoint';
import { answerFileRequest, type FileReply, type FileRequest, type FileSettings } from './fileRoutes';
import type { FileServerKeys } from './fileServerKeys';
import { FileStore } from './fileStore';

/** A 10,000,000-byte padded attachment plus its 16-byte IV, last cipher block and 32-byte MAC. */
export const defaultMaximumFileBytes = 10_000_064;
/** §5.2: the Python server's `FILE_EXPIRY`. */
export const defaultTtlSeconds = 21 * 24 * 3600;
const defaultMaximumStoredBytes = 2 * 1024 * 1024 * 1024;
const defaultSweepIntervalMs = 60_000;
const filesPerSweep = 256;

export interface FileServerOptions {
  /** 0 lets the system choose (tests); a devnet keeps its port in devnet.json. */
  readonly port: number;
  /** DIR/files. */
  readonly directory: string;
  readonly keys: FileServerKeys;
  readonly defaultTtlSeconds?: number;
  /** The default TTL unless given. */
  readonly maximumTtlSeconds?: number;
  readonly maximumFileBytes?: number;
  readonly maximumStoredBytes?: number;
  readonly sweepIntervalMs?: number;
  /** Milliseconds since the epoch; tests move it to expire files. */
  readonly now?: () => number;
}

export class FileServer {
  private server: Server | undefined;
  private store: FileStore | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private readonly settings: FileSettings;

  constructor(private readonly options: FileServerOptions) {
    const ttl = options.defaultTtlSeconds ?? defaultTtlSeconds;
    this.settings = {
      defaultTtlSeconds: ttl,
      maximumTtlSeconds: options.maximumTtlSeconds ?? ttl,
      maximumFileBytes: options.maximumFileBytes ?? defaultMaximumFileBytes,
      now: options.now ?? Date.now,
    };
  }

  get keys(): FileServerKeys {
    return this.options.keys;
  }

  /** `http://127.0.0.1:<port>`, once started. */
  get url(): string {
    if (!this.server) throw new Error('The file server is not running.');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.store = await FileStore.open(this.options.directory, {
      now: this.settings.now,
      maximumStoredBytes: this.options.maximumStoredBytes ?? defaultMaximumStoredBytes,
    });
    this.server = await startPlainLoopbackServer(this.options.port, (request, response) =>
      this.route(request, response),
    );
    this.sweepTimer = setInterval(
      () => void this.sweep(),
      this.options.sweepIntervalMs ?? defaultSweepIntervalMs,
    );
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }

  /** Removes up to a bounded number of expired files now; resolves with how many went. */
  async sweep(): Promise<number> {
    if (!this.store || this.sweeping) return 0;
    this.sweeping = true;
    try {
      return await this.store.sweep(filesPerSweep);
    } catch {
      // A file that cannot be removed now is tried again at the next sweep.
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  /** Makes a file expire now, as if its time had run out (for tests of expired attachments). */
  async expire(id: string): Promise<boolean> {
    const record = await this.store?.setExpiry(id, this.settings.now() / 1000);
    return record !== undefined;
  }

  /** How many files are stored, expired ones not yet swept included. */
  get fileCount(): number {
    return this.store?.fileCount ?? 0;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const store = this.store!;
    const path = request.url ?? '/';
    if (request.method === 'POST' && onionServerTargets.includes(path.split('?')[0]!)) {
      return serveOnionV4(request, response, this.options.keys.x25519, (v4) => this.answerV4(store, v4));
    }
    let body: Buffer | undefined;
    if (request.method === 'POST') {
      try {
        body = await readBody(request, this.settings.maximumFileBytes);
      } catch (error) {
        const status = error instanceof BodyTooLargeError ? 413 : 400;
        sendReply(response, status, { status_code: status });
        return;
      }
    } else {
      request.resume();
    }
    let reply: FileReply;
    try {
      reply = await answerFileRequest(store, this.settings, {
        method: request.method ?? 'GET',
        path,
        header: (name) => {
          const value = request.headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
        body,
      });
    } catch {
      reply = { status: 500, body: { status_code: 500 } };
    }
    sendReply(response, reply.status, reply.body);
  }

  /** A v4 request's method, endpoint, headers and body are the same request as over plain HTTP. */
  private async answerV4(store: FileStore, request: V4Request): Promise<V4Reply> {
    const headers = Object.entries(request.headers ?? {});
    const fileRequest: FileRequest = {
      method: request.method,
      path: request.endpoint,
      header: (name) => headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
      body: request.body,
    };
    let reply: FileReply;
    try {
      reply = await answerFileRequest(store, this.settings, fileRequest);
    } catch {
      reply = { status: 500, body: { status_code: 500 } };
    }
    if (reply.body instanceof Uint8Array) {
      return {
        code: reply.status,
        headers: { 'content-type': 'application/octet-stream' },
        body: reply.body,
      };
    }
    return jsonReply(reply.status, reply.body);
  }
}
