// The engine's crypto workers (issue 18): decrypting and verifying a polled batch runs on worker
// threads, in slices spread over the workers, while the engine's own thread commits the slices
// before and answers the UI. Without workers (none asked for, or their script cannot start), the
// same code runs in the engine: slower to the UI, but nothing is lost.
import { availableParallelism } from 'node:os';
import type { RecipientKeys } from '../../shared/protocol/messages/sessionProtocol';
import { loadSodium } from '../../shared/protocol/sodium';
import type { Logger } from '../logging/logger';
import type { CheckedPost } from '../../shared/protocol/community/communityMessage';
import {
  checkCommunityPosts,
  type CommunityPostFields,
  type CryptoJob,
  type CryptoJobResult,
  type OpenedMessage,
  openOneToOne,
  runCryptoJob,
} from './cryptoJobs';
import { WorkerPool, WorkerPoolError } from './workerPool';
import { workerScript } from './workerScript';

/** What opens polled messages for the receive pipelines: workers, or the engine itself. */
export interface MessageOpener {
  /** One answer per ciphertext, in their order. */
  openOneToOne(
    ciphertexts: readonly Uint8Array[],
    recipient: RecipientKeys,
  ): Promise<readonly OpenedMessage[]>;
  /** One answer per community post, in their order: the signed bytes, or why they do not hold. */
  checkCommunityPosts(posts: readonly CommunityPostFields[]): Promise<readonly CheckedPost[]>;
}

/** The engine's own thread, as before workers: the default, and the fallback. */
export const inlineOpener: MessageOpener = {
  openOneToOne: (ciphertexts, recipient) => openOneToOne({ kind: 'openOneToOne', recipient, ciphertexts }),
  checkCommunityPosts: (posts) => checkCommunityPosts({ kind: 'checkCommunityPosts', posts }),
};

/**
 * One worker fewer than the cores (the engine's thread commits meanwhile), at least 1, at most 4:
 * beyond that, a batch of 100 is split too finely for the copies to pay.
 */
export function defaultWorkerCount(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/**
 * A job's fewest items: fewer and the copies to and from a worker cost more than they save (a
 * normal poll's few messages are opened on the engine's thread: 2.5 ms at most).
 */
const smallestShare = 25;

export class CryptoWorkers implements MessageOpener {
  private constructor(
    private readonly pool: WorkerPool<CryptoJob, CryptoJobResult>,
    private readonly logger: Logger,
  ) {}

  /** Starts `size` workers on this process's crypto implementation. */
  static async start(options: { readonly size: number; readonly logger: Logger }): Promise<CryptoWorkers> {
    const crypto = (await loadSodium()).name === 'native' ? 'native' : 'wasm';
    const pool = new WorkerPool<CryptoJob, CryptoJobResult>({
      script: workerScript('cryptoWorker'),
      size: options.size,
      workerData: { crypto },
      logger: options.logger,
    });
    return new CryptoWorkers(pool, options.logger);
  }

  get workers(): WorkerPool<CryptoJob, CryptoJobResult> {
    return this.pool;
  }

  async openOneToOne(
    ciphertexts: readonly Uint8Array[],
    recipient: RecipientKeys,
  ): Promise<readonly OpenedMessage[]> {
    // A few messages are opened here: about 0.1 ms each, less than a worker's round trip.
    if (ciphertexts.length < smallestShare) return inlineOpener.openOneToOne(ciphertexts, recipient);
    const answers = await this.shared(ciphertexts, (part): CryptoJob => ({
      kind: 'openOneToOne',
      recipient,
      ciphertexts: part,
    }));
    return answers as readonly OpenedMessage[];
  }

  async checkCommunityPosts(posts: readonly CommunityPostFields[]): Promise<readonly CheckedPost[]> {
    if (posts.length < smallestShare) return inlineOpener.checkCommunityPosts(posts);
    const answers = await this.shared(posts, (part): CryptoJob => ({
      kind: 'checkCommunityPosts',
      posts: part,
    }));
    return answers as readonly CheckedPost[];
  }

  /** `items` in shares of at least `smallestShare`, one job each over the workers; answers in order. */
  private async shared<Item>(
    items: readonly Item[],
    jobOf: (part: readonly Item[]) => CryptoJob,
  ): Promise<readonly unknown[]> {
    const shares = Math.max(1, Math.min(this.pool.size, Math.floor(items.length / smallestShare)));
    const shareLength = Math.ceil(items.length / shares);
    const jobs: CryptoJob[] = [];
    for (let start = 0; start < items.length; start += shareLength) {
      jobs.push(jobOf(items.slice(start, start + shareLength)));
    }
    const results = await Promise.all(jobs.map((job) => this.run(job)));
    return results.flat();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async run(job: CryptoJob): Promise<CryptoJobResult> {
    if (!this.pool.usable) return runCryptoJob(job);
    try {
      return await this.pool.run(job);
    } catch (error) {
      // Workers that cannot start do not cost a message: the engine opens it itself.
      if (error instanceof WorkerPoolError && error.code === 'poolBroken') return runCryptoJob(job);
      this.logger.warn(`a background crypto job failed: ${(error as Error).message}`);
      throw error;
    }
  }
}
