// Real engines on a real devnet, for integration tests and benchmarks: each user is a profile in a
// temporary directory with its own engine, network paths and database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Engine, openEngine } from '../core/engine/engine';
import { createAccount, restoreAccount } from '../core/identity/account';
import type { RetryPolicy } from '../core/messaging/outbox';
import type { PushTiming } from '../core/config/configPusher';
import { createLogger, type Logger, memorySink, streamSink } from '../core/logging/logger';
import { loadNetwork, type NetworkDescription } from '../core/network/networkDescription';
import { type Devnet, startDevnet } from '../devnet/network/devnet';
import { waitUntil } from './waitUntil';

export interface TestUser {
  readonly name: string;
  readonly profileDirectory: string;
  readonly sessionId: string;
  readonly recoveryPhrase: string;
  engine: Engine;
  /** Closes the engine and opens the profile again, as a restart of the app would. */
  restart(options?: { readonly poll?: boolean }): Promise<Engine>;
}

const quickConfigPushes: PushTiming = { coalesceMs: 20, retryMs: 200, maximumRetryMs: 2_000 };

export class EngineHarness {
  private readonly engines = new Set<Engine>();
  private users = 0;

  private constructor(
    readonly directory: string,
    readonly devnet: Devnet,
    readonly network: NetworkDescription,
    readonly logger: Logger,
  ) {}

  /** A devnet in a temporary directory. Set STARLING_TEST_LOG=1 to see the engines' logs. */
  static async start(options: { readonly nodes?: number } = {}): Promise<EngineHarness> {
    const directory = await mkdtemp(path.join(tmpdir(), 'starling-engines-'));
    const devnet = await startDevnet({
      directory: path.join(directory, 'devnet'),
      ...(options.nodes ? { nodes: options.nodes } : {}),
    });
    const logger = createLogger({
      sink: process.env.STARLING_TEST_LOG ? streamSink(process.stderr) : memorySink(),
      level: process.env.STARLING_TEST_LOG ? 'debug' : 'warn',
    });
    return new EngineHarness(directory, devnet, await loadNetwork(devnet.networkFile), logger);
  }

  /**
   * A new account (or one restored from `recoveryPhrase`: a second device) with a started engine.
   * Pollers are off unless asked for: tests poll with `receiveUntil`, so that they decide when.
   */
  async user(
    name: string,
    options: {
      readonly recoveryPhrase?: string;
      readonly poll?: boolean;
      readonly retryPolicy?: RetryPolicy;
      /** Config pushes: quick by default here, so that tests need not wait seconds for them. */
      readonly configPushTiming?: PushTiming;
      /** The engine's crypto worker threads (its default unless given; 0: none). */
      readonly cryptoWorkers?: number;
    } = {},
  ): Promise<TestUser> {
    this.users += 1;
    const profileDirectory = path.join(this.directory, `${this.users}-${name}`);
    // These tests are about messaging, not key protection: keys are stored unprotected, as asked.
    const profile = { profileDirectory, keySources: { allowUnprotected: true }, logger: this.logger };
    const recoveryPhrase = options.recoveryPhrase ?? (await createAccount(profile)).recoveryPhrase;
    if (options.recoveryPhrase) await restoreAccount({ ...profile, recoveryPhrase });
    const open = async (poll: boolean | undefined): Promise<Engine> => {
      const engine = await openEngine({
        profileDirectory,
        keySources: {},
        network: this.network,
        logger: this.logger.child(name),
        ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
        configPushTiming: options.configPushTiming ?? quickConfigPushes,
        ...(options.cryptoWorkers !== undefined ? { cryptoWorkers: options.cryptoWorkers } : {}),
      });
      this.engines.add(engine);
      await engine.start({ poll: poll ?? false });
      return engine;
    };
    const engine = await open(options.poll);
    const user: TestUser = {
      name,
      profileDirectory,
      sessionId: engine.sessionId,
      recoveryPhrase,
      engine,
      restart: async (restartOptions = {}) => {
        await user.engine.close();
        this.engines.delete(user.engine);
        user.engine = await open(restartOptions.poll ?? options.poll);
        return user.engine;
      },
    };
    return user;
  }

  async close(): Promise<void> {
    await Promise.all([...this.engines].map((engine) => engine.close()));
    await this.devnet.close();
    // An engine's network may still be saving its pool cache (snodePool.persist is not awaited by
    // close): retried, the removal waits for that write rather than failing on a directory refilled.
    await rm(this.directory, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

/**
 * Polls `user`'s swarm until `check` returns a value (not undefined or false), for at most
 * `timeoutMs`; the value is returned.
 */
export async function receiveUntil<Value>(
  user: TestUser,
  check: () => Promise<Value | undefined | false> | Value | undefined | false,
  timeoutMs = 30_000,
): Promise<Value> {
  return waitUntil(
    async () => {
      await user.engine.receiveNow().catch(() => undefined);
      return check();
    },
    {
      timeoutMs,
      intervalMs: 150,
      failure: `${user.name} did not receive what was expected in ${timeoutMs} ms`,
    },
  );
}
