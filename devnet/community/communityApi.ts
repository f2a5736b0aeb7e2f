// The open group server's API apart from transport (protocol-messages.md §6): authenticates a
// request (§6.2), notes the user, applies due timed changes, and runs the matching route. Plain
// HTTP, v4 onion requests and batch sub-requests all come through here.
import { batchRoutes } from './batchRoutes';
import { inboxRoutes } from './inboxRoutes';
import type { CommunityServerKeys } from './communityKeys';
import type { CommunityStore } from './communityStore';
import { messageRoutes } from './messageRoutes';
import { moderationRoutes } from './moderationRoutes';
import { permissionRoutes } from './permissionRoutes';
import { applyDueChanges, isGloballyBanned } from './permissions';
import { claimPendingChanges } from './unblindedUsers';
import { reactionRoutes } from './reactionRoutes';
import { authenticate, NonceCache } from './requestAuth';
import { fileRoutes } from './roomFiles';
import { roomRoutes } from './roomRoutes';
import {
  type CommunityContext,
  type CommunityReply,
  type CommunityRequest,
  findRoute,
  HttpError,
  type ServerLimits,
} from './routing';
import { splitTarget } from './targets';

export interface IncomingCommunityRequest {
  readonly method: string;
  /** The path and query as sent, e.g. `/room/x/reaction/1/%F0%9F%91%8D`. */
  readonly target: string;
  readonly header: (name: string) => string | undefined;
  readonly body: Uint8Array;
}

const routes = [
  ...roomRoutes,
  ...messageRoutes,
  ...reactionRoutes,
  ...fileRoutes,
  ...moderationRoutes,
  ...permissionRoutes,
  ...inboxRoutes,
];

export class CommunityApi {
  private readonly nonces = new NonceCache();
  private readonly recentPosts = new Map<string, number[]>();

  constructor(
    private readonly store: CommunityStore,
    private readonly keys: CommunityServerKeys,
    private readonly limits: ServerLimits,
    /** Milliseconds since the epoch; tests move it. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Forgets rate-limit entries whose posts are all outside the window, so the map stays small. */
  sweep(nowSeconds: number): void {
    const windowStart = nowSeconds - this.limits.postWindowSeconds;
    for (const [key, times] of this.recentPosts) {
      if (times.every((at) => at <= windowStart)) this.recentPosts.delete(key);
    }
  }

  async answer(incoming: IncomingCommunityRequest): Promise<CommunityReply> {
    let target;
    try {
      target = splitTarget(incoming.target);
    } catch {
      return { status: 400, body: 'Invalid path' };
    }
    const now = this.clock() / 1000;
    const auth = await authenticate(
      {
        pubkey: incoming.header('x-sogs-pubkey'),
        nonce: incoming.header('x-sogs-nonce'),
        timestamp: incoming.header('x-sogs-timestamp'),
        signature: incoming.header('x-sogs-signature'),
      },
      { method: incoming.method, path: target.path, query: target.query, body: incoming.body },
      { serverPublicKey: this.keys.x25519.publicKey, nonces: this.nonces, nowSeconds: Math.floor(now) },
    );
    if (auth.kind === 'refused') return { status: auth.status, body: auth.error };
    const data = this.store.data;
    const user = auth.kind === 'user' ? auth.sessionId : undefined;
    if (user !== undefined) {
      const known = data.users[user];
      if (known) {
        known.lastActive = now;
      } else {
        data.users[user] = { created: now, lastActive: now };
        // Someone named by their 05 ID before they first came (unblindedUsers.ts).
        claimPendingChanges(data, user);
        this.store.changed();
      }
      this.store.changedLazily();
    }
    if (applyDueChanges(data, now)) this.store.changed();
    // pysogs: a global ban shuts a user out of every request, not only of the rooms.
    if (user !== undefined && isGloballyBanned(data, user, now)) {
      return { status: 403, body: 'You are banned from this server' };
    }
    const request: CommunityRequest = {
      method: incoming.method,
      segments: target.segments,
      query: new URLSearchParams(target.query),
      body: incoming.body,
      header: incoming.header,
    };
    return this.run(request, user, now, true);
  }

  private async run(
    request: CommunityRequest,
    user: string | undefined,
    now: number,
    outermost: boolean,
  ): Promise<CommunityReply> {
    // A batch inside a batch is refused: sub-requests are single requests.
    const found = findRoute(
      outermost ? [...batchRoutes, ...routes] : routes,
      request.method,
      request.segments,
    );
    if ('status' in found)
      return { status: found.status, body: found.status === 404 ? 'Not found' : 'Method not allowed' };
    const context: CommunityContext = {
      store: this.store,
      data: this.store.data,
      request,
      user,
      now,
      limits: this.limits,
      serverPublicKey: this.keys.x25519.publicKey,
      recentPosts: this.recentPosts,
      dispatch: (sub) => this.run(sub, user, now, false),
    };
    try {
      return await found.route.handler(context, found.parameters);
    } catch (error) {
      if (error instanceof HttpError) return { status: error.status, body: error.message };
      throw error;
    }
  }
}
