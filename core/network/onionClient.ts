// Requests through onion paths (protocol-network.md §5.4, §5.5): one path per attempt, chosen so
// that it does not contain the destination; path failures are reported to OnionPaths, which
// strikes, drops and rebuilds; every reply's `t` and `hf` feed the network clock and the hardfork
// tracker; a clock error (406/425) corrects the clock from the node and retries once, re-signed.
import { StarlingError } from '../../shared/errors';
import type { EncryptionType } from '../../shared/protocol/onion/encryptionType';
import type { AesGcm } from '../../shared/protocol/onion/hopCipher';
import {
  buildOnionRequest,
  OnionError,
  type OnionServer,
  readServerReply,
  readSnodeReply,
} from '../../shared/protocol/onion/onionRequest';
import type { V4Reply, V4Request } from '../../shared/protocol/onion/v4Payload';
import { decodeBase64 } from '../crypto/nativeBase64';
import { ownedBytes } from '../crypto/ownedBytes';
import type { Logger } from '../logging/logger';
import type { HardforkTracker } from './hardforkTracker';
import { nativeAesGcm } from './nativeAesGcm';
import type { NetworkClock } from './networkClock';
import type { OnionPath, OnionPaths } from './onionPaths';
import type { SnodePool } from './snodePool';
import { type Snode, snodeUrl } from './snode';
import { post, type PostOptions, TransportError } from './transport';

export interface RpcRequest {
  readonly method: string;
  readonly params: unknown;
}

/** Builds the request at a given network time, so that a retry can sign it again. */
export type RequestMaker = (networkNow: number) => RpcRequest | Promise<RpcRequest>;

export interface RpcResult {
  readonly status: number;
  readonly body: unknown;
}

export type NetworkErrorCode = 'pathsFailed' | 'destinationGone' | 'clockOutOfSync' | 'storeRefused';

export class NetworkError extends StarlingError<NetworkErrorCode> {}

export interface OnionClientOptions {
  readonly encryptionType?: EncryptionType;
  /** §11: 10 s for most snode RPCs. */
  readonly timeoutMs?: number;
  readonly attempts?: number;
}

export interface TransferOptions {
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: PostOptions['onProgress'];
}

/**
 * What one request has tried so far. A guard that refuses the connection is down, costs no time and
 * leaves the pool, so it does not use up an attempt; refusals have their own bound, since each one
 * is a different guard (a retry avoids the guards tried).
 */
interface Tries {
  readonly guards: Set<string>;
  failures: number;
  refusals: number;
}

const newTries = (): Tries => ({ guards: new Set(), failures: 0, refusals: 0 });

/** Guards that may refuse one request before it gives up: more than a network loses at once. */
const refusalsPerRequest = 6;

export class OnionClient {
  private readonly timeoutMs: number;
  private readonly attempts: number;

  constructor(
    private readonly paths: OnionPaths,
    private readonly pool: SnodePool,
    private readonly clock: NetworkClock,
    private readonly hardfork: HardforkTracker,
    private readonly logger: Logger,
    private readonly options: OnionClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    // Each failed attempt usually removes a dead node or path, so a few more than desktop's 3 let a
    // request survive several nodes dying at once.
    this.attempts = options.attempts ?? 5;
  }

  /** A storage RPC at `target`, through a path. Resolves with the node's status and body. */
  async callSnode(target: Snode, makeRequest: RequestMaker): Promise<RpcResult> {
    let clockRetried = false;
    const tries = newTries();
    for (;;) {
      const result = await this.snodeAttempt(target, await makeRequest(this.clock.now()), tries);
      if (result === undefined) continue;
      this.observe(result.body);
      if ((result.status === 406 || result.status === 425) && !clockRetried) {
        // §4.4: the node judged our timestamp; its own time (from `info`) sets the clock right.
        clockRetried = true;
        await this.correctClockFrom(target);
        continue;
      }
      if (result.status === 406 || result.status === 425) {
        throw new NetworkError(
          'clockOutOfSync',
          'Your clock is out of sync with the network, even after correcting it.',
        );
      }
      return result;
    }
  }

  /**
   * A v4 request to an HTTP server (a file server, a community), through a path. Files take longer
   * than an RPC: `transfer` gives the time allowed, a way to cancel, and progress of the bytes.
   */
  async callServer(
    server: OnionServer,
    request: V4Request,
    transfer: TransferOptions = {},
  ): Promise<V4Reply> {
    const tries = newTries();
    for (;;) {
      const result = await this.throughPath(
        undefined,
        async (path) => {
          const built = await buildOnionRequest({
            path: path.hops,
            destination: { kind: 'server', server, request },
            ...this.encryption(),
          });
          const reply = await this.send(path, built.parts, transfer);
          return readServerReply(reply.status, reply.body, built.replyContext);
        },
        tries,
      );
      if (result !== undefined) return result;
    }
  }

  /**
   * The cipher of the layers, node:crypto's AES-GCM, which encrypts them in place, and Node's base64
   * decoder for the replies.
   */
  private encryption(): {
    encryptionType?: EncryptionType;
    aesGcm: AesGcm;
    decodeBase64: (text: string) => Uint8Array;
  } {
    return {
      ...(this.options.encryptionType ? { encryptionType: this.options.encryptionType } : {}),
      aesGcm: nativeAesGcm,
      decodeBase64,
    };
  }

  /**
   * Runs one attempt on a path. Undefined means "try again" (the failure was reported); after the
   * last attempt, or when the destination itself is gone, it throws.
   */
  private async throughPath<T>(
    destination: string | undefined,
    run: (path: OnionPath) => Promise<T>,
    tries: Tries,
  ): Promise<T | undefined> {
    const path = await this.paths.pathAvoiding(destination, tries.guards);
    tries.guards.add(path.hops[0]!.ed25519PublicKey);
    try {
      const result = await run(path);
      this.paths.reportSuccess(path);
      return result;
    } catch (error) {
      const status = error instanceof OnionError ? error.status : undefined;
      const text =
        error instanceof Error
          ? error.message.replace(/^The onion path failed \(\d+\): /u, '')
          : String(error);
      if (!(error instanceof OnionError) && !(error instanceof TransportError)) throw error;
      // Cancelled by us: the path did nothing wrong, and nothing is to be retried.
      if (error instanceof TransportError && error.code === 'aborted') throw error;
      const refused = error instanceof TransportError && error.code === 'connectionRefused';
      if (refused) {
        // Nothing listens at the guard: it is down, so it leaves the pool with its path.
        this.paths.dropPath(path, text);
        this.pool.drop(path.hops[0]!, 'refused the connection');
        tries.refusals += 1;
      } else {
        this.paths.reportFailure(path, status, text);
        tries.failures += 1;
      }
      if (destination !== undefined && text.startsWith(`Next node not found: ${destination}`)) {
        throw new NetworkError('destinationGone', 'The service node asked for has left the network.');
      }
      if (tries.failures >= this.attempts || tries.refusals >= refusalsPerRequest) {
        throw new NetworkError(
          'pathsFailed',
          `The network could not be reached through onion paths: ${text}`,
        );
      }
      this.logger.debug(`onion attempt ${tries.failures + tries.refusals} failed, retrying: ${text}`);
      return undefined;
    }
  }

  private async send(
    path: OnionPath,
    parts: readonly Uint8Array[],
    transfer: TransferOptions = {},
  ): Promise<{ status: number; body: Uint8Array }> {
    // The request's parts go out as they were made (transport.ts writes them one after another).
    const reply = await post(snodeUrl(path.hops[0]!, '/onion_req/v2'), parts, {
      contentType: 'application/octet-stream',
      timeoutMs: transfer.timeoutMs ?? this.timeoutMs,
      signal: transfer.signal,
      onProgress: transfer.onProgress,
    });
    // Not copied: a large reply owns its buffer (transport.ts), and is only read from here on.
    return { status: reply.status, body: ownedBytes(reply.body) };
  }

  /** Feeds `t` and `hf` of a reply (and of each batch result) to the clock and hardfork tracker. */
  private observe(body: unknown): void {
    if (typeof body !== 'object' || body === null) return;
    const fields = body as { t?: unknown; hf?: unknown; results?: unknown };
    this.clock.observe(fields.t);
    this.hardfork.observe(fields.hf);
    if (Array.isArray(fields.results)) {
      for (const result of fields.results) this.observe((result as { body?: unknown }).body);
    }
  }

  private async correctClockFrom(target: Snode): Promise<void> {
    const info = await this.callSnodeOnce(target, { method: 'info', params: {} });
    const nodeTime = (info.body as { t?: unknown } | undefined)?.t;
    this.clock.correctFrom(nodeTime);
    this.logger.warn(`clock corrected from the network: offset ${this.clock.offsetMs} ms`);
  }

  private async callSnodeOnce(target: Snode, request: RpcRequest): Promise<RpcResult> {
    const tries = newTries();
    for (;;) {
      const result = await this.snodeAttempt(target, request, tries);
      if (result !== undefined) return result;
    }
  }

  private snodeAttempt(target: Snode, request: RpcRequest, tries: Tries): Promise<RpcResult | undefined> {
    return this.throughPath(
      target.ed25519PublicKey,
      async (path) => {
        const built = await buildOnionRequest({
          path: path.hops,
          destination: { kind: 'snode', node: target, request },
          ...this.encryption(),
        });
        const reply = await this.send(path, built.parts);
        return readSnodeReply(reply.status, reply.body, built.replyContext);
      },
      tries,
    );
  }
}
