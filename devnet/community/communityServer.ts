// The devnet's open group server (SOGS v3, protocol-messages.md §6): plain HTTP on 127.0.0.1, as
// pysogs also serves, answering the API directly and inside v4 onion requests at `/oxen/v4/lsrpc`
// (protocol-network.md §5.2 "host"), encrypted for its X25519 key. Its state and files live in its
// directory (communityStore.ts) and its key in DIR/key, so a restart keeps rooms, messages and URL.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { V4Reply, V4Request } from '../../shared/protocol/onion/v4Payload';
import { BodyTooLargeError, readBody } from '../http/httpBody';
import { closeServer, startPlainLoopbackServer } from '../http/loopbackServer';
import { jsonReply, onionServerTargets, serveOnionV4 } from '../http/onionServerEndpoint';
import { CommunityApi, type IncomingCommunityRequest } from './communityApi';
import { type AdminCommand, addRoom, applyAdminCommand } from './communityAdmin';
import { adminPath, adminTokenHeader, answerAdmin, loadOrCreateAdminToken } from './communityAdminEndpoint';
import { type CommunityServerKeys, loadOrCreateServerKeys } from './communityKeys';
import { CommunityStore } from './communityStore';
import { sweepDirectMessages } from './inboxRoutes';
import { applyDueChanges } from './permissions';
import { sweepFiles } from './roomFiles';
import type { CommunityReply, ServerLimits } from './routing';

/** §6.7: the largest room file. */
export const maximumFileBytes = 10_000_000;
/** A file as base64 inside a batch, with room for the rest of the request. */
const maximumBodyBytes = Math.ceil((maximumFileBytes * 4) / 3) + 64 * 1024;
const sweepIntervalMs = 60_000;
const filesPerSweep = 256;

export interface CommunityServerOptions {
  /** 0 lets the system choose (tests); a devnet keeps its port in devnet.json. */
  readonly port: number;
  /** Holds DIR/key, DIR/community.json, DIR/community.sqlite and DIR/files/. */
  readonly directory: string;
  readonly limits?: Partial<ServerLimits>;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
}

export interface CommunityRoomDescription {
  readonly token: string;
  readonly name: string;
}

export class CommunityServer {
  private server: Server | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private storeValue: CommunityStore | undefined;
  private keysValue: CommunityServerKeys | undefined;
  private api: CommunityApi | undefined;
  private adminToken = '';
  private readonly clock: () => number;

  constructor(private readonly options: CommunityServerOptions) {
    this.clock = options.now ?? Date.now;
  }

  get keys(): CommunityServerKeys {
    if (!this.keysValue) throw new Error('The community server is not running.');
    return this.keysValue;
  }

  get store(): CommunityStore {
    if (!this.storeValue) throw new Error('The community server is not running.');
    return this.storeValue;
  }

  /** `http://127.0.0.1:<port>`, once started. */
  get url(): string {
    if (!this.server) throw new Error('The community server is not running.');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.keysValue = await loadOrCreateServerKeys(this.options.directory);
    this.storeValue = await CommunityStore.open(this.options.directory);
    this.adminToken = await loadOrCreateAdminToken(this.options.directory);
    this.api = new CommunityApi(
      this.storeValue,
      this.keysValue,
      {
        postLimit: this.options.limits?.postLimit ?? 5,
        postWindowSeconds: this.options.limits?.postWindowSeconds ?? 16,
        maximumFileBytes: this.options.limits?.maximumFileBytes ?? maximumFileBytes,
      },
      this.clock,
    );
    this.server = await startPlainLoopbackServer(this.options.port, (request, response) =>
      this.route(request, response),
    );
    this.sweepTimer = setInterval(() => void this.sweep(), sweepIntervalMs);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
    await this.storeValue?.close();
  }

  /** Adds a room with the defaults of pysogs (everyone reads, writes and uploads). */
  addRoom(token: string, name: string, description?: string): void {
    addRoom(
      this.store,
      { kind: 'add-room', token, name, ...(description ? { description } : {}) },
      this.clock() / 1000,
    );
  }

  /** Makes a user (15… or 05…) moderator or admin of a room, or of every room with `global`. */
  async addModerator(
    sessionId: string,
    scope: { room: string } | 'global',
    admin = false,
    visible = true,
  ): Promise<void> {
    const room = scope === 'global' ? {} : { room: scope.room };
    const command: AdminCommand = { kind: 'add-moderator', sessionId, admin, visible, ...room };
    await applyAdminCommand(this.store, this.keys.x25519.publicKey, command, this.clock() / 1000);
  }

  rooms(): CommunityRoomDescription[] {
    return this.store.data.rooms.map((room) => ({ token: room.token, name: room.name }));
  }

  /** Removes expired files and applies timed changes now; resolves with how many files went. */
  async sweep(): Promise<number> {
    const store = this.storeValue;
    if (!store) return 0;
    const now = this.clock() / 1000;
    this.api?.sweep(now);
    if (applyDueChanges(store.data, now)) store.changed();
    if (sweepDirectMessages({ data: store.data, now })) store.changed();
    try {
      return await sweepFiles({ data: store.data, store, now }, filesPerSweep);
    } catch {
      // A file that cannot be removed now is tried again at the next sweep.
      return 0;
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const api = this.api!;
    const target = request.url ?? '/';
    if (request.method === 'POST' && onionServerTargets.includes(target.split('?')[0]!)) {
      return serveOnionV4(request, response, this.keys.x25519, (v4) => this.answerV4(api, v4));
    }
    let body: Buffer;
    try {
      body = await readBody(request, maximumBodyBytes);
    } catch (error) {
      writeReply(response, {
        status: error instanceof BodyTooLargeError ? 413 : 400,
        body: 'Body too large or unreadable',
      });
      return;
    }
    if (request.method === 'POST' && target === adminPath) {
      const given = request.headers[adminTokenHeader];
      const token = Array.isArray(given) ? given[0] : given;
      const answer = await answerAdmin(this.store, this.keys.x25519.publicKey, {
        token: this.adminToken,
        givenToken: token,
        body,
        nowSeconds: this.clock() / 1000,
      });
      writeReply(response, answer);
      return;
    }
    const reply = await api
      .answer({
        method: request.method ?? 'GET',
        target,
        header: (name) => {
          const value = request.headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
        body: new Uint8Array(body),
      })
      .catch((): CommunityReply => ({ status: 500, body: 'Internal server error' }));
    writeReply(response, reply);
  }

  /** A v4 request's method, endpoint, headers and body are the same request as over plain HTTP. */
  private async answerV4(api: CommunityApi, request: V4Request): Promise<V4Reply> {
    const headers = Object.entries(request.headers ?? {});
    const incoming: IncomingCommunityRequest = {
      method: request.method,
      target: request.endpoint,
      header: (name) => headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
      body: request.body ?? new Uint8Array(0),
    };
    const reply = await api
      .answer(incoming)
      .catch((): CommunityReply => ({ status: 500, body: 'Internal server error' }));
    const encoded = encodeBody(reply);
    if (encoded.contentType === 'application/json' && !reply.headers) {
      return jsonReply(reply.status, reply.body);
    }
    return {
      code: reply.status,
      headers: { ...(encoded.contentType ? { 'content-type': encoded.contentType } : {}), ...reply.headers },
      ...(encoded.bytes ? { body: encoded.bytes } : {}),
    };
  }
}

function encodeBody(reply: CommunityReply): { contentType?: string; bytes?: Uint8Array } {
  const { body } = reply;
  if (body === undefined) return {};
  if (body instanceof Uint8Array) return { contentType: 'application/octet-stream', bytes: body };
  if (typeof body === 'string') {
    return { contentType: 'text/plain; charset=utf-8', bytes: new Uint8Array(Buffer.from(body, 'utf8')) };
  }
  return {
    contentType: 'application/json',
    bytes: new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8')),
  };
}

function writeReply(response: ServerResponse, reply: CommunityReply): void {
  if (response.headersSent) return;
  const encoded = encodeBody(reply);
  const headers: Record<string, string | number> = { ...reply.headers };
  if (encoded.contentType) headers['content-type'] = encoded.contentType;
  headers['content-length'] = encoded.bytes?.length ?? 0;
  response.writeHead(reply.status, headers);
  response.end(encoded.bytes);
}
