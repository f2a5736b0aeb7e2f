// A small pool of worker threads for the engine's CPU-heavy work (issue 18), so that the thread
// that answers the UI never waits for it. Each job goes to the least busy worker and its promise
// settles with that job's own answer, so a caller that maps a batch onto jobs gets its results in
// order (Promise.all). A worker that dies (a crash, an out-of-memory, a bug in a native module) is
// replaced, and the jobs it held are sent again to a live worker: a job's answer is delivered at
// most once, and a job that keeps killing workers fails with a clear error rather than looping.
// Jobs are copied to the worker, never transferred: a job sent again must still hold its bytes.
// Workers that die one after another before answering anything (a script that cannot load) break
// the pool for good, so that callers fall back to doing the work themselves.
import { Worker } from 'node:worker_threads';
import { StarlingError } from '../../shared/errors';
import type { Logger } from '../logging/logger';

export class WorkerPoolError extends StarlingError<'workerFailed' | 'poolClosed' | 'poolBroken'> {}

/** Deaths in a row, with no answer between them, after which no worker is started again. */
const deathsBeforeBroken = 3;

export interface WorkerPoolOptions {
  /** The compiled worker script (workerScript.ts finds it). */
  readonly script: string;
  readonly size: number;
  readonly workerData?: unknown;
  readonly logger: Logger;
  /** How many workers one job may see die before it fails (default 2). */
  readonly attemptsPerJob?: number;
}

/** What a worker posts once its script has loaded and it takes jobs. */
export const workerReady = { ready: true } as const;

/** What a worker answers for a job: its result, or the error it threw, as plain data. */
export type WorkerReply<Result> =
  | { readonly id: number; readonly result: Result }
  | { readonly id: number; readonly error: { readonly code?: string; readonly message: string } };

interface PendingJob<Job, Result> {
  readonly id: number;
  readonly job: Job;
  attempts: number;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: Error) => void;
}

interface Member<Job, Result> {
  readonly worker: Worker;
  readonly jobs: Map<number, PendingJob<Job, Result>>;
  ready: boolean;
  /** Its script loaded (it said `workerReady`): a death after that counts against its jobs. */
  online: boolean;
}

export class WorkerPool<Job, Result> {
  private readonly members: Member<Job, Result>[] = [];
  private nextId = 1;
  private closed = false;
  private deathsInARow = 0;
  private broken = false;
  private readonly attemptsPerJob: number;
  /** Workers started since the pool opened, replacements included (tests and diagnostics). */
  started = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    this.attemptsPerJob = options.attemptsPerJob ?? 2;
  }

  /** The workers the pool runs once started (they start with the first job). */
  get size(): number {
    return Math.max(1, this.options.size);
  }

  /** Whether workers can no longer be started (their script fails): callers do the work themselves. */
  get usable(): boolean {
    return !this.closed && !this.broken;
  }

  /** Runs `job` on a worker; settles with its result, or the error the job threw there. */
  run(job: Job): Promise<Result> {
    if (this.closed) return Promise.reject(new WorkerPoolError('poolClosed', 'The worker pool is closed.'));
    if (this.broken) return Promise.reject(brokenError());
    // Started on first use: a command that never receives a large batch never starts a thread.
    if (this.started === 0) for (let index = 0; index < this.size; index += 1) this.spawn();
    return new Promise<Result>((resolve, reject) => {
      this.dispatch({ id: this.nextId++, job, attempts: 0, resolve, reject });
    });
  }

  /** Ends every worker; jobs still running fail with `poolClosed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const members = this.members.splice(0);
    const orphans = members.flatMap((member) => [...member.jobs.values()]);
    for (const pending of orphans)
      pending.reject(new WorkerPoolError('poolClosed', 'The worker pool closed.'));
    await Promise.all(members.map((member) => member.worker.terminate()));
  }

  /** Ends one worker as a crash would (tests: a dead worker must cost no job). */
  async killOne(): Promise<void> {
    const member = this.members.find((candidate) => candidate.jobs.size > 0) ?? this.members[0];
    await member?.worker.terminate();
  }

  private spawn(): void {
    const worker = new Worker(this.options.script, { workerData: this.options.workerData });
    const member: Member<Job, Result> = { worker, jobs: new Map(), ready: true, online: false };
    this.started += 1;
    // A worker kept alive by the pool must not keep the process alive when everything else ended.
    worker.unref();
    worker.on('message', (reply: WorkerReply<Result> | typeof workerReady) => {
      if ('ready' in reply) member.online = true;
      else this.answered(member, reply);
    });
    worker.on('error', (error) => this.lost(member, error.message));
    worker.on('exit', (code) => this.lost(member, `it exited with code ${code}`));
    this.members.push(member);
  }

  /** To the worker with the fewest jobs (there is always one: a dead worker is replaced at once). */
  private dispatch(pending: PendingJob<Job, Result>): void {
    const member = this.members.reduce((least, candidate) =>
      candidate.jobs.size < least.jobs.size ? candidate : least,
    );
    member.jobs.set(pending.id, pending);
    member.worker.postMessage({ id: pending.id, job: pending.job });
  }

  private answered(member: Member<Job, Result>, reply: WorkerReply<Result>): void {
    const pending = member.jobs.get(reply.id);
    if (!pending) return;
    member.jobs.delete(reply.id);
    this.deathsInARow = 0;
    if ('error' in reply) {
      const error = new WorkerPoolError('workerFailed', reply.error.message);
      if (reply.error.code) Object.assign(error, { jobCode: reply.error.code });
      pending.reject(error);
    } else {
      pending.resolve(reply.result);
    }
  }

  /** A worker died: a new one takes its place, and its jobs go to the live workers again. */
  private lost(member: Member<Job, Result>, reason: string): void {
    if (!member.ready) return;
    member.ready = false;
    const index = this.members.indexOf(member);
    if (index >= 0) this.members.splice(index, 1);
    if (this.closed) return;
    const orphans = [...member.jobs.values()];
    member.jobs.clear();
    this.deathsInARow += 1;
    if (this.deathsInARow >= deathsBeforeBroken) {
      this.options.logger.error(
        `background workers keep stopping (${reason}); the engine does their work itself`,
      );
      this.broken = true;
      const members = this.members.splice(0);
      for (const pending of [...orphans, ...members.flatMap((other) => [...other.jobs.values()])]) {
        pending.reject(brokenError());
      }
      for (const other of members) {
        other.ready = false;
        void other.worker.terminate();
      }
      return;
    }
    this.options.logger.warn(`a background worker stopped (${reason}); starting another`);
    this.spawn();
    for (const pending of orphans) {
      // A worker that never started did not try the job.
      if (member.online) pending.attempts += 1;
      if (pending.attempts >= this.attemptsPerJob) {
        pending.reject(
          new WorkerPoolError(
            'workerFailed',
            `A background task failed: its worker stopped ${pending.attempts} times.`,
          ),
        );
      } else {
        this.dispatch(pending);
      }
    }
  }
}

function brokenError(): WorkerPoolError {
  return new WorkerPoolError(
    'poolBroken',
    'Background workers cannot start; the work is done in the engine.',
  );
}
