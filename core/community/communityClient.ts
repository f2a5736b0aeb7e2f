// Requests to a community server (protocol-messages.md §6): each one signed with our blinded key for
// that server (§6.2: a fresh nonce, the network's time), carried by an onion request v4 to the
// server's X25519 key (§6.1, as desktop reaches it: the server never sees our address), one at a
// time or many in one `/batch` (§6.7), whose sub-requests the outer signature covers.
import { randomBytes } from 'node:crypto';
import { StarlingError } from '../../shared/errors';
import { fromBase64, toBase64 } from '../../shared/protocol/base64';
import { toHex, utf8Decode, utf8Encode } from '../../shared/protocol/bytes';
import { communityRequestHeaders, nonceBytes } from '../../shared/protocol/community/requestSigning';
import { onionServerAt, type OnionServer } from '../../shared/protocol/onion/onionRequest';
import type { V4Headers } from '../../shared/protocol/onion/v4Payload';
import type { OnionClient, TransferOptions } from '../network/onionClient';
import { transferTimeoutMs } from '../attachments/fileServerClient';

export type CommunityErrorCode =
  | 'communityUnauthorized'
  | 'communityBanned'
  | 'communityClockOrNonce'
  | 'communityRateLimited'
  | 'communityNotFound'
  | 'communityRefused'
  | 'communityReplyInvalid'
  | 'communityNotModerator'
  | 'communityNotAdmin';

export class CommunityError extends StarlingError<CommunityErrorCode> {
  constructor(
    code: CommunityErrorCode,
    message: string,
    /** The HTTP status the server gave, when it gave one. */
    readonly status?: number,
  ) {
    super(code, message);
  }
}

export interface CommunityServer {
  /** The canonical base URL (`http(s)://host[:port]`). */
  readonly baseUrl: string;
  /** §6.1: the server's X25519 public key, the one in join links and in blinding. */
  readonly publicKey: Uint8Array;
}

export interface CommunityRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path with its query string, e.g. `/room/lobby/messages/recent?limit=50`. */
  readonly path: string;
  /** A JSON body; or raw bytes (a file upload) with their own headers. */
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CommunityReply {
  readonly code: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the server said JSON; otherwise the bytes (a file). */
  readonly body: unknown;
}

/** The words for a refusal (§6.2 errors, §6.4 rate limit). */
export function communityErrorOf(code: number, what: string): CommunityError {
  switch (code) {
    case 401:
      return new CommunityError(
        'communityUnauthorized',
        `The community refused ${what}: it did not accept who we are.`,
        code,
      );
    case 403:
      return new CommunityError(
        'communityBanned',
        `You cannot do this in this community (${what}): you may be banned.`,
        code,
      );
    case 404:
      return new CommunityError('communityNotFound', `The community does not have ${what}.`, code);
    case 425:
      return new CommunityError(
        'communityClockOrNonce',
        `The community refused ${what}: this computer's clock may be wrong. Check the date and time.`,
        code,
      );
    case 429:
      return new CommunityError(
        'communityRateLimited',
        'You are posting too fast for this community. Wait a moment.',
        code,
      );
    default:
      return new CommunityError('communityRefused', `The community refused ${what} (${code}).`, code);
  }
}

function bodyOf(request: CommunityRequest): {
  bytes: Uint8Array | undefined;
  headers: Record<string, string>;
} {
  if (request.bytes !== undefined) return { bytes: request.bytes, headers: { ...request.headers } };
  if (request.json !== undefined) {
    return {
      bytes: utf8Encode(JSON.stringify(request.json)),
      headers: { 'Content-Type': 'application/json', ...request.headers },
    };
  }
  return { bytes: undefined, headers: { ...request.headers } };
}

function lowerCased(headers: V4Headers | Readonly<Record<string, unknown>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') result[name.toLowerCase()] = value;
  }
  return result;
}

function isJson(headers: Readonly<Record<string, string>>): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
}

export class CommunityClient {
  constructor(
    private readonly options: {
      readonly onion: Pick<OnionClient, 'callServer'>;
      /** libsodium's 64-byte Ed25519 secret key of the account. */
      readonly ed25519SecretKey: Uint8Array;
      /** The network's time (ms): a skewed clock would be refused with 425. */
      readonly now: () => number;
      readonly timeoutMs?: number;
    },
  ) {}

  /** One request; a refusal throws CommunityError in words. */
  async send(
    server: CommunityServer,
    request: CommunityRequest,
    what = 'the request',
    /** A file's transfer: cancellable, with progress, and the time its size needs. */
    transfer: TransferOptions = {},
  ): Promise<CommunityReply> {
    const reply = await this.call(server, request, transfer);
    if (reply.code < 200 || reply.code > 299) throw communityErrorOf(reply.code, what);
    return reply;
  }

  /**
   * Several requests in one `/batch` (§6.7): each answer in order, refusals included (a room we are
   * banned from must not cost the poll of the others). `sequence` stops at the first refusal.
   */
  async batch(
    server: CommunityServer,
    requests: readonly CommunityRequest[],
    mode: 'batch' | 'sequence' = 'batch',
  ): Promise<CommunityReply[]> {
    const reply = await this.send(
      server,
      {
        method: 'POST',
        path: `/${mode}`,
        json: requests.map((request) => {
          const base = {
            method: request.method,
            path: request.path,
            ...(request.headers ? { headers: request.headers } : {}),
          };
          if (request.bytes !== undefined) return { ...base, b64: toBase64(request.bytes) };
          return request.json === undefined ? base : { ...base, json: request.json };
        }),
      },
      'the poll',
    );
    // A batch answers every request in order; a sequence stops at its first refusal.
    const answers: unknown = reply.body;
    if (
      !Array.isArray(answers) ||
      answers.length > requests.length ||
      (mode === 'batch' && answers.length !== requests.length)
    ) {
      throw new CommunityError(
        'communityReplyInvalid',
        'The community answered the poll with something else.',
      );
    }
    return answers.map((item: unknown) => {
      const entry = (item ?? {}) as { code?: unknown; headers?: unknown; body?: unknown };
      const headers = lowerCased(
        typeof entry.headers === 'object' && entry.headers !== null
          ? (entry.headers as Record<string, unknown>)
          : {},
      );
      const code = typeof entry.code === 'number' ? entry.code : 0;
      // A sub-reply's body is JSON when it says so, base64 otherwise (§6.7 Batch).
      let body: unknown = entry.body;
      if (!isJson(headers) && typeof entry.body === 'string') {
        try {
          body = fromBase64(entry.body);
        } catch {
          body = undefined;
        }
      }
      return { code, headers, body };
    });
  }

  private async call(
    server: CommunityServer,
    request: CommunityRequest,
    transfer: TransferOptions = {},
  ): Promise<CommunityReply> {
    const { bytes, headers } = bodyOf(request);
    const signed = await communityRequestHeaders({
      serverPublicKey: server.publicKey,
      ed25519SecretKey: this.options.ed25519SecretKey,
      method: request.method,
      path: request.path,
      body: bytes,
      timestampSeconds: Math.floor(this.options.now() / 1000),
      nonce: randomBytes(nonceBytes),
    });
    const reply = await this.options.onion.callServer(
      onionServerOf(server),
      { method: request.method, endpoint: request.path, headers: { ...headers, ...signed }, body: bytes },
      // A file upload is given the time its size needs, as the file server's are.
      {
        ...transfer,
        timeoutMs: transfer.timeoutMs ?? this.options.timeoutMs ?? transferTimeoutMs(bytes?.length ?? 0),
      },
    );
    const replyHeaders = lowerCased(reply.headers);
    let body: unknown = reply.body;
    if (reply.body !== undefined && isJson(replyHeaders)) {
      try {
        body = JSON.parse(utf8Decode(reply.body));
      } catch {
        throw new CommunityError('communityReplyInvalid', 'The community answered with damaged JSON.');
      }
    }
    return { code: reply.code, headers: replyHeaders, body };
  }
}

/** The onion destination of a community: its host and port, and its key (§6.1). */
export function onionServerOf(server: CommunityServer): OnionServer {
  return onionServerAt(server.baseUrl, toHex(server.publicKey));
}
