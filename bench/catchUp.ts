// A catch-up after time away (issue 18): 5,000 one-to-one messages wait in the account's swarm on
// the devnet, from 100 people who have not been accepted yet (50 each, the most a request keeps), and
// a device of the account polls them all at once. Measured on the engine's own thread while it runs:
// the event loop's delay (a 1 ms timer, as the UI's requests would wait on it), p50 / p99 / max, and
// the time from the poll to the last `message.received`. Side by side: the decryption done on the
// engine's thread, and on its crypto workers (core/workers). The devnet runs in a process of its own
// (`starling devnet`), as the network would: this process's event loop is the engine's alone. The
// p99 is of the monitor's samples, one a millisecond of free time: a long stall is one sample, so
// the max is the figure that tells of stalls.
import { randomInt } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { textContent } from '../core/messaging/outgoingContent';
import { type Snode, snodeUrl } from '../core/network/snode';
import type { Engine } from '../core/engine/engine';
import { post } from '../core/network/transport';
import { ReceivePipeline } from '../core/messaging/receivePipeline';
import { deriveIdentityKeys } from '../shared/protocol/identity/keys';
import { toBase64 } from '../shared/protocol/base64';
import { wrapOneToOneMessage } from '../shared/protocol/messages/sessionProtocol';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEngine } from '../core/engine/engine';
import { createAccount, restoreAccount } from '../core/identity/account';
import { createLogger, memorySink } from '../core/logging/logger';
import { loadNetwork, type NetworkDescription } from '../core/network/networkDescription';
import { startDevnetProcess } from '../test/devnetProcess';

const senderCount = 100;
const messagesPerSender = 50;
const storesInFlight = 16;
const day = 24 * 3600 * 1000;
const caughtUpTimeoutMs = 120_000;

const words =
  'the a to and of you it is that in for on we have be this with are was at not my just can so do'.split(' ');
const sentence = (length: number): string => {
  let text = '';
  while (text.length < length) text += `${words[randomInt(words.length)]} `;
  return text.trim();
};

interface Run {
  readonly mode: string;
  readonly catchUpMs: number;
  readonly pipelineMs: number;
  readonly delayP50Ms: number;
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
}

/** Times ReceivePipeline.receive of every engine in this process: the sum of its calls. */
class PipelineWatch {
  totalMs = 0;
  private readonly original = ReceivePipeline.prototype.receive;

  constructor() {
    const original = this.original;
    const ended = (durationMs: number): void => {
      this.totalMs += durationMs;
    };
    ReceivePipeline.prototype.receive = async function (this: ReceivePipeline, ...args) {
      const start = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        ended(performance.now() - start);
      }
    };
  }

  restore(): void {
    ReceivePipeline.prototype.receive = this.original;
  }
}

export async function catchUpBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-catch-up-'));
  const devnet = await startDevnetProcess(directory, ['--dir', path.join(directory, 'devnet')]);
  const network = await loadNetwork(devnet.networkFile);
  const logger = createLogger({ sink: memorySink(), level: 'warn' });
  let devices = 0;
  /** A device of the account (a new one, or restored from `recoveryPhrase`), its engine started. */
  const device = async (cryptoWorkers: number, recoveryPhrase?: string) => {
    devices += 1;
    const profile = {
      profileDirectory: path.join(directory, `device-${devices}`),
      keySources: { allowUnprotected: true },
      logger,
    };
    const phrase = recoveryPhrase ?? (await createAccount(profile)).recoveryPhrase;
    if (recoveryPhrase) await restoreAccount({ ...profile, recoveryPhrase });
    const engine = await openEngine({ ...profile, keySources: {}, network, cryptoWorkers });
    await engine.start({ poll: false });
    return { engine, recoveryPhrase: phrase };
  };
  try {
    const owner = await device(0);
    const total = senderCount * messagesPerSender;
    const [member] = await owner.engine.network.swarms.membersOf(owner.engine.sessionId);
    await storeMessages(member!, owner.engine.sessionId, total);
    await owner.engine.close();
    const runs: Run[] = [];
    const modes: readonly { readonly mode: string; readonly workers: number }[] = [
      { mode: 'on the engine thread (before)', workers: 0 },
      { mode: 'on 1 crypto worker', workers: 1 },
      { mode: 'on 2 crypto workers', workers: 2 },
    ];
    for (const { mode, workers } of modes) {
      const { engine } = await device(workers, owner.recoveryPhrase);
      runs.push(await catchUp(engine, mode, total));
      await engine.close();
    }
    printRuns(runs, total, network);
  } finally {
    await devnet.stop();
    await rm(directory, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

function printRuns(runs: readonly Run[], total: number, network: NetworkDescription): void {
  console.log(
    `\nCatch-up of ${total.toLocaleString('en-US')} messages from ${senderCount} senders, polled at once (${network.name} in its own process)`,
  );
  console.log(
    '| decryption | poll → last message (ms) | in the receive pipeline (ms) | loop delay p50 / p99 / max (ms) |',
  );
  console.log('|---|---:|---:|---:|');
  for (const run of runs) {
    console.log(
      `| ${run.mode} | ${run.catchUpMs.toFixed(0)} | ${run.pipelineMs.toFixed(0)} | ${run.delayP50Ms.toFixed(1)} / ${run.delayP99Ms.toFixed(1)} / ${run.delayMaxMs.toFixed(1)} |`,
    );
  }
}

/** Stores `count` messages from strangers straight at a member of `owner`'s swarm (it replicates). */
async function storeMessages(member: Snode, owner: string, count: number): Promise<void> {
  const senders = await Promise.all(
    Array.from({ length: senderCount }, () => deriveIdentityKeys(crypto.getRandomValues(new Uint8Array(16)))),
  );
  const start = Date.now() - count * 10;
  let next = 0;
  const storeNext = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const sender = senders[index % senderCount]!;
      const sentAt = start + index * 10;
      const content = textContent({
        text: sentence(randomInt(20, 300)),
        profile: { displayName: `Sender ${index % senderCount}` },
        disappearing: { mode: 'off', seconds: 0 },
      });
      const data = await wrapOneToOneMessage(
        { content, recipientSessionId: owner, timestampMs: sentAt },
        sender,
      );
      const store = () =>
        post(
          snodeUrl(member, '/storage_rpc/v1'),
          Buffer.from(
            JSON.stringify({
              method: 'store',
              params: {
                pubkey: owner,
                namespace: 0,
                timestamp: Date.now(),
                ttl: 14 * day,
                data: toBase64(data),
              },
            }),
          ),
          { contentType: 'application/json', timeoutMs: 10_000 },
        );
      let reply = await store();
      // The node's rate limit (§7) refuses a client that stores this fast: it waits, and stores again.
      for (let retry = 0; reply.status === 429 && retry < 100; retry += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        reply = await store();
      }

      if (reply.status !== 200)
        throw new Error(`store refused: ${reply.status} ${reply.body.toString('utf8')}`);
    }
  };
  await Promise.all(Array.from({ length: storesInFlight }, storeNext));
}

async function catchUp(engine: Engine, mode: string, total: number): Promise<Run> {
  let received = 0;
  let allIn: (() => void) | undefined;
  const done = new Promise<void>((resolve, reject) => {
    allIn = resolve;
    setTimeout(
      () => reject(new Error(`${mode}: ${received} of ${total} messages in ${caughtUpTimeoutMs} ms`)),
      caughtUpTimeoutMs,
    ).unref();
  });
  const stop = engine.on('message.received', () => {
    received += 1;
    if (received >= total) allIn?.();
  });
  const watch = new PipelineWatch();
  const whole = monitorEventLoopDelay({ resolution: 1 });
  whole.enable();
  const started = performance.now();
  const polling = (async () => {
    while (received < total) await engine.receiveNow();
  })();
  await done;
  const catchUpMs = performance.now() - started;
  // A stall is recorded when the loop's timer runs again after it: the last one (the engine's
  // work before it told of the last message) would be lost if the monitor stopped first.
  await new Promise((resolve) => setTimeout(resolve, 20));
  whole.disable();
  stop();
  await polling;
  watch.restore();
  const ms = (nanoseconds: number): number => nanoseconds / 1e6;
  return {
    mode,
    catchUpMs,
    pipelineMs: watch.totalMs,
    delayP50Ms: ms(whole.percentile(50)),
    delayP99Ms: ms(whole.percentile(99)),
    delayMaxMs: ms(whole.max),
  };
}
