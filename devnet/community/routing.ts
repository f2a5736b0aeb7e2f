// The pieces every route of the open group server shares: the request as the routes see it
// (however it arrived: plain HTTP, a v4 onion request, or a batch sub-request), the reply, errors
// as replies, the caller, and the checks of room access that pysogs makes before any room route.
import { parseBoundedJson } from '../http/jsonLimits';
import type { CommunityData, Room } from './communityData';
import type { CommunityStore } from './communityStore';
import { type Permissions, permissionsIn } from './permissions';

export interface CommunityRequest {
  readonly method: string;
  /** URL-decoded path segments after the first `/`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: Uint8Array;
  readonly header: (name: string) => string | undefined;
}

export interface CommunityReply {
  readonly status: number;
  /** JSON, raw bytes (a file), text (an error) or nothing (304). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ServerLimits {
  /** Posts per window for non-moderators (§6.4: 5 per 16 s). */
  readonly postLimit: number;
  readonly postWindowSeconds: number;
  readonly maximumFileBytes: number;
}

export interface CommunityContext {
  readonly store: CommunityStore;
  readonly data: CommunityData;
  readonly request: CommunityRequest;
  /** The authenticated 15… ID, or undefined for a request without X-SOGS-* headers. */
  readonly user: string | undefined;
  /** Unix seconds. */
  readonly now: number;
  readonly limits: ServerLimits;
  /** The server's X25519 public key, the key of 15-blinding. */
  readonly serverPublicKey: Uint8Array;
  /** Per room and user, the times of recent posts, for the rate limit. */
  readonly recentPosts: Map<string, number[]>;
  /** Runs a sub-request of /batch or /sequence with this request's caller. */
  readonly dispatch: (request: CommunityRequest) => Promise<CommunityReply>;
}

export type RouteHandler = (
  context: CommunityContext,
  parameters: readonly string[],
) => Promise<CommunityReply>;

export interface Route {
  readonly method: string;
  /** Literal segments, with `*` for a parameter. */
  readonly pattern: readonly string[];
  readonly handler: RouteHandler;
}

export function route(method: string, pattern: string, handler: RouteHandler): Route {
  return { method, pattern: pattern.split('/').filter((segment) => segment !== ''), handler };
}

/** The parameters of the first route matching the method and path, or the status when none does. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): { route: Route; parameters: string[] } | { status: 404 | 405 } {
  let pathMatched = false;
  for (const candidate of routes) {
    if (candidate.pattern.length !== segments.length) continue;
    const parameters: string[] = [];
    const matches = candidate.pattern.every((part, index) => {
      if (part === '*') {
        parameters.push(segments[index]!);
        return true;
      }
      return part === segments[index];
    });
    if (!matches) continue;
    pathMatched = true;
    if (candidate.method === method) return { route: candidate, parameters };
  }
  return { status: pathMatched ? 405 : 404 };
}

export const json = (body: unknown, status = 200): CommunityReply => ({ status, body });

export function requireUser(context: CommunityContext): string {
  if (context.user === undefined) {
    throw new HttpError(401, 'X-SOGS-* request authentication headers are required');
  }
  return context.user;
}

/**
 * The JSON value of the body. pysogs reads bodies with Flask's `request.json`, which takes only a
 * body declared `application/json`: anything else is refused (415), so that a client that forgets
 * the header fails here as it would there.
 */
export function jsonValue(context: CommunityContext): unknown {
  const type = context.request.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/iu.test(type)) {
    throw new HttpError(415, 'The body must be sent as Content-Type: application/json');
  }
  const parsed = parseBoundedJson(context.request.body);
  if ('error' in parsed) throw new HttpError(400, `Invalid request body: ${parsed.error}`);
  return parsed.value;
}

/** The JSON object of the body, or a 400 (415 when not declared JSON). */
export function jsonBody(context: CommunityContext): Record<string, unknown> {
  const value = jsonValue(context);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'Invalid request body: expected a JSON object');
  }
  return value as Record<string, unknown>;
}

export function integerParameter(text: string, name: string): number {
  if (!/^[0-9]{1,15}$/u.test(text)) throw new HttpError(400, `Invalid ${name}`);
  return Number(text);
}

/**
 * `?limit=` cut into 1…maximum, as pysogs truncates it (`get_int_param(…, truncate=True)`); the
 * default when absent; 400 when not an integer.
 */
export function limitParameter(context: CommunityContext, fallback: number, maximum: number): number {
  const text = context.request.query.get('limit');
  if (text === null) return fallback;
  if (!/^-?[0-9]{1,15}$/u.test(text)) throw new HttpError(400, 'limit must be an integer');
  return Math.min(Math.max(Number(text), 1), maximum);
}

export interface RoomAccess {
  readonly room: Room;
  readonly permissions: Permissions;
}

/**
 * The room and the caller's permissions: 404 for an unknown room or one the caller may not even
 * see, 403 for a banned caller. Records the caller's activity in the room (for `active_users`).
 */
export function roomAccess(context: CommunityContext, token: string): RoomAccess {
  const room = context.store.room(token);
  if (!room) throw new HttpError(404, 'No such room');
  const permissions = permissionsIn(context.data, room, context.user, context.now);
  if (permissions.banned) throw new HttpError(403, 'You are banned from this room');
  if (!permissions.accessible) throw new HttpError(404, 'No such room');
  if (context.user !== undefined) {
    room.activity[context.user] = context.now;
    // Activity changes with every poll: written with the next change, or within seconds.
    context.store.changedLazily();
  }
  return { room, permissions };
}

export function requireRead(access: RoomAccess): void {
  if (!access.permissions.read) throw new HttpError(403, 'You may not read this room');
}

export function requireWrite(access: RoomAccess): void {
  if (!access.permissions.write) throw new HttpError(403, 'You may not post in this room');
}

export function requireModerator(access: RoomAccess): void {
  if (!access.permissions.moderator) throw new HttpError(403, 'Moderator permission required');
}

export function requireAdmin(access: RoomAccess): void {
  if (!access.permissions.admin) throw new HttpError(403, 'Admin permission required');
}

/** Standard base64 that decodes to exactly `length` bytes (any length when undefined), or a 400. */
export function base64Field(value: unknown, name: string, length?: number): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/u.test(value) || value.length % 4 !== 0) {
    throw new HttpError(400, `${name} must be base64`);
  }
  const decoded = Buffer.from(value, 'base64');
  if (length !== undefined && decoded.length !== length) {
    throw new HttpError(400, `${name} must be ${length} bytes`);
  }
  return value;
}
