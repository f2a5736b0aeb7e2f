// The engine's crypto workers (issue 18): decrypting and verifying a polled batch runs on worker
// threads, in slices spread over the workers, while the engine's own thread commits the slices
// before and answers the UI. Without workers (none asked for, or their script cannot start), the
// same code runs in the engine: slower to the UI, but nothing is lost.
import { availableParallelism } from 'node:os';
import type { RecipientKeys } from '../../shared/protocol/messages/sessionProtocol';
import { loadSodium } from '../../shared/protocol/sodium';
import type { Logger } from '../logging/logger';
import { type CryptoJob, type CryptoJobResult, type OpenedMessage, runCryptoJob } from './cryptoJobs';
import { WorkerPool, WorkerPoolError } from './workerPool';
import { workerScript } from './workerScript';

/** What opens one-to-one messages for the receive pipeline: workers, or the engine itself. */
export interface MessageOpener {
  /** One answer per ciphertext, in their order. */
  openOneToOne(
    ciphertexts: readonly Uint8Array[],
    recipient: RecipientKeys,
  ): Promise<readonly OpenedMessage[]>;
}

/** The engine's own thread, as before workers: the default, and the fallback. */
export const inlineOpener: MessageOpener = {
  openOneToOne: (ciphertexts, recipient) => runCryptoJob({ kind: 'openOneToOne', recipient, ciphertexts }),
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
    const shares = Math.max(1, Math.min(this.pool.size, Math.floor(ciphertexts.length / smallestShare)));
    const shareLength = Math.ceil(ciphertexts.length / shares);
    const jobs: CryptoJob[] = [];
    for (let start = 0; start < ciphertexts.length; start += shareLength) {
      jobs.push({
        kind: 'openOneToOne',
        recipient,
        ciphertexts: ciphertexts.slice(start, start + shareLength),
      });
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
