// End-to-end latency of a one-to-one message on the devnet: from the sender's sendMessage call to the
// recipient engine's `message.received` event, with real engines (test/engineHarness.ts) whose own
// pollers run at the pace of an open conversation (1.5 s, jittered ±10 %), each told the other's
// conversation is on screen as the renderer tells it. The time is split by watching each engine from
// outside: the sender's `message.updated` events (state `sent`), the onion client's store and retrieve
// calls (wrapped on each engine's network client, matched to the message by its storage hash), and
// the receive pipeline (ReceivePipeline.prototype.receive, wrapped). A second phase drives the
// recipient's poll from here every 500 ms (engine.receiveNow, the command line's `listen`), to show
// the latency a faster poll would give without changing the product's intervals. Between the two, the
// recipient sits idle for a while with the conversation open and then with none open, and the bytes
// its onion requests put on the wire and got back are counted: the network cost per hour of each.
import type { Engine } from '../core/engine/engine';
import { ReceivePipeline } from '../core/messaging/receivePipeline';
import type { RpcResult } from '../core/network/onionClient';
import { pollIntervalsMs } from '../core/polling/swarmPoller';
import { EngineHarness, type TestUser } from '../test/engineHarness';
import { percentile } from './measure';

const enginePolledMessages = 36; // every 6th goes back, from B to A
const drivenPollMs = 500;
const drivenMessages = 20;
const idleWindowMs = 30_000;
const deliveryTimeoutMs = 30_000;

interface Span {
  readonly start: number;
  readonly end: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `count` pauses spread evenly over [0, `intervalMs`) in random order (one random point in each of
 * `count` equal slices): each message then lands at a random point of the recipient's poll cycle,
 * and together they cover the cycle evenly, so the mean wait is not at the mercy of a few draws.
 */
function spreadPauses(count: number, intervalMs: number): number[] {
  const slices = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [slices[index], slices[other]] = [slices[other]!, slices[index]!];
  }
  return slices.map((slice) => ((slice + Math.random()) / count) * intervalMs);
}

/** Moments keyed by name, and promises for those not seen yet. */
class Moments {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  mark(key: string, at = performance.now()): void {
    if (this.seen.has(key)) return;
    this.seen.set(key, at);
    this.waiting.get(key)?.(at);
  }

  when(key: string, what: string): Promise<number> {
    const at = this.seen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what}: not seen in ${deliveryTimeoutMs} ms`)),
        deliveryTimeoutMs,
      );
      this.waiting.set(key, (moment) => {
        clearTimeout(timer);
        this.waiting.delete(key);
        resolve(moment);
      });
    });
  }
}

/** The storage hashes a retrieve batch's reply carried. */
function retrievedHashes(result: RpcResult): string[] {
  const results = (result.body as { results?: { body?: { messages?: { hash?: unknown }[] } }[] } | undefined)
    ?.results;
  return (results ?? []).flatMap((reply) =>
    (reply.body?.messages ?? []).flatMap((message) =>
      typeof message.hash === 'string' ? [message.hash] : [],
    ),
  );
}

/** Watches one engine's onion calls: every retrieve (poll) and store, by the hashes they carried. */
class NetworkProbe {
  /** Every poll retrieve this engine made, in order. */
  readonly retrieves: Span[] = [];
  /** The first retrieve whose reply carried a hash. */
  readonly retrieveByHash = new Map<string, Span>();
  /** The store that put a hash in a swarm. */
  readonly storeByHash = new Map<string, Span>();

  constructor(engine: Engine) {
    const client = engine.network.client;
    const callSnode = client.callSnode.bind(client);
    client.callSnode = async (target, makeRequest) => {
      let method = '';
      const start = performance.now();
      const result = await callSnode(target, async (now) => {
        const request = await makeRequest(now);
        const first = (request.params as { requests?: { method?: string }[] }).requests?.[0]?.method;
        method = request.method === 'batch' && first ? `batch ${first}` : request.method;
        return request;
      });
      const span = { start, end: performance.now() };
      if (method === 'batch retrieve' && result.status === 200) {
        this.retrieves.push(span);
        for (const hash of retrievedHashes(result)) {
          if (!this.retrieveByHash.has(hash)) this.retrieveByHash.set(hash, span);
        }
      } else if (method === 'store' && result.status === 200) {
        const hash = (result.body as { hash?: unknown } | undefined)?.hash;
        if (typeof hash === 'string') this.storeByHash.set(hash, span);
      }
      return result;
    };
  }
}

/** The bytes one engine's onion requests send and receive (the first hop's HTTP bodies). */
class ByteProbe {
  requests = 0;
  sent = 0;
  received = 0;

  constructor(engine: Engine) {
    // `send` is the onion client's one way out (private): counted from outside, for the benchmark only.
    const client = engine.network.client as unknown as {
      send: (...args: unknown[]) => Promise<{ status: number; body: Uint8Array }>;
    };
    const send = client.send.bind(client);
    client.send = async (...args) => {
      const parts = args[1] as readonly Uint8Array[];
      this.requests += 1;
      this.sent += parts.reduce((total, part) => total + part.length, 0);
      const reply = await send(...args);
      this.received += reply.body.length;
      return reply;
    };
  }

  snapshot(): { requests: number; sent: number; received: number } {
    return { requests: this.requests, sent: this.sent, received: this.received };
  }
}

/**
 * What an idle engine's polling costs per hour at one activity: requests and bytes both ways over a
 * window, scaled to an hour.
 */
async function idleCost(
  watched: Watched,
  bytes: ByteProbe,
  activity: Parameters<Engine['setActivity']>[0],
  label: string,
): Promise<void> {
  await watched.user.engine.setActivity(activity);
  await sleep(2_000); // the pace settles (a round under way finishes)
  const before = bytes.snapshot();
  const start = performance.now();
  await sleep(idleWindowMs);
  const after = bytes.snapshot();
  const perHour = 3_600_000 / (performance.now() - start);
  const requests = (after.requests - before.requests) * perHour;
  const mib = (count: number): string => ((count * perHour) / 1024 / 1024).toFixed(1);
  console.log(
    `${label}: ${requests.toFixed(0)} onion requests an hour, ${mib(after.sent - before.sent)} MiB sent and ` +
      `${mib(after.received - before.received)} MiB received an hour (idle, ${idleWindowMs / 1000} s measured)`,
  );
}

/** Every receive pipeline in the process, by the hashes of the batch each call took. */
function watchPipelines(): { byHash: Map<string, Span>; restore: () => void } {
  const byHash = new Map<string, Span>();
  const original = ReceivePipeline.prototype.receive;
  ReceivePipeline.prototype.receive = async function (this: ReceivePipeline, batch) {
    const start = performance.now();
    try {
      return await original.call(this, batch);
    } finally {
      const span = { start, end: performance.now() };
      for (const message of batch) if (!byHash.has(message.hash)) byHash.set(message.hash, span);
    }
  };
  return { byHash, restore: () => (ReceivePipeline.prototype.receive = original) };
}

/** What the benchmark sees of one engine: its onion calls, and the events it emits. */
interface Watched {
  readonly user: TestUser;
  readonly probe: NetworkProbe;
  /** `<message id>`: the first `message.updated` showing it sent. */
  readonly sent: Moments;
  /** `<author>:<sentAt>`: the `message.received` event. */
  readonly received: Moments;
}

function watch(user: TestUser): Watched {
  const watched = {
    user,
    probe: new NetworkProbe(user.engine),
    sent: new Moments(),
    received: new Moments(),
  };
  user.engine.on('message.updated', ({ message }) => {
    if (message.state === 'sent' || message.state === 'read') watched.sent.mark(String(message.id));
  });
  user.engine.on('message.received', ({ message }) =>
    watched.received.mark(`${message.author}:${message.sentAt}`),
  );
  return watched;
}

const stages = [
  ['sendMessage → its store request starts (2 wraps, DB insert, outbox)', 'queued'],
  ['onion store round trip (to a swarm member, replicated)', 'storeRtt'],
  ['store confirmed → message.updated `sent`', 'sentNotice'],
  ['= send → sent', 'sendToSent'],
  ["wait for the recipient's next poll (sent → its retrieve starts)", 'pollWait'],
  ['onion retrieve round trip (the reply that carried it)', 'retrieveRtt'],
  ['retrieve reply → receive pipeline', 'handOff'],
  ['receive pipeline (decrypt, verify, interpret, commit)', 'pipeline'],
  ['pipeline → message.received', 'notify'],
  ['= send → listed at the recipient', 'total'],
] as const;

type Sample = Record<(typeof stages)[number][1], number> & {
  readonly direction: string;
  /** When sendMessage returned (its store request is already under way by then). */
  readonly apiCall: number;
};

async function sendOne(
  from: Watched,
  to: Watched,
  pipelines: Map<string, Span>,
  text: string,
): Promise<Sample> {
  const t0 = performance.now();
  const message = await from.user.engine.sendMessage({ conversationId: to.user.sessionId, text });
  const t1 = performance.now();
  const [sentAt, receivedAt] = await Promise.all([
    from.sent.when(String(message.id), `${from.user.name}'s message ${message.id} sent`),
    to.received.when(`${from.user.sessionId}:${message.sentAt}`, `${to.user.name} receiving ${message.id}`),
  ]);
  const hash = from.user.engine.storedMessage(message.id)?.recipientHash;
  const store = hash ? from.probe.storeByHash.get(hash) : undefined;
  const retrieve = hash ? to.probe.retrieveByHash.get(hash) : undefined;
  const pipeline = hash ? pipelines.get(hash) : undefined;
  if (!store || !retrieve || !pipeline) {
    throw new Error(`message ${message.id}: its store, retrieve or pipeline run was not seen (hash ${hash})`);
  }
  return {
    direction: `${from.user.name} → ${to.user.name}`,
    apiCall: t1 - t0,
    queued: store.start - t0,
    storeRtt: store.end - store.start,
    sentNotice: sentAt - store.end,
    sendToSent: sentAt - t0,
    pollWait: retrieve.start - sentAt,
    retrieveRtt: retrieve.end - retrieve.start,
    handOff: pipeline.start - retrieve.end,
    pipeline: pipeline.end - pipeline.start,
    notify: receivedAt - pipeline.end,
    total: receivedAt - t0,
  };
}

function summary(values: readonly number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...values].sort((left, right) => left - right);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

const ms = (value: number): string => (Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(0));

function printStages(title: string, samples: readonly Sample[]): void {
  console.log(`\n${title}`);
  console.log('| stage | p50 (ms) | p95 (ms) | mean (ms) |');
  console.log('|---|---:|---:|---:|');
  for (const [name, key] of stages) {
    const { p50, p95, mean } = summary(samples.map((sample) => sample[key]));
    console.log(`| ${name} | ${ms(p50)} | ${ms(p95)} | ${ms(mean)} |`);
  }
  const directions = [...new Set(samples.map((sample) => sample.direction))];
  console.log(
    `send → listed by direction: ${directions
      .map((direction) => {
        const totals = samples
          .filter((sample) => sample.direction === direction)
          .map((sample) => sample.total);
        const { p50, p95 } = summary(totals);
        return `${direction} p50 ${ms(p50)} / p95 ${ms(p95)} ms (${totals.length} messages)`;
      })
      .join('; ')}`,
  );
}

/**
 * The poll rounds seen in `name`'s retrieves since `since` (a round asks 2 nodes at once), their pace,
 * and the wait a message stored at a random moment should see: half a period on average.
 */
function printPollPace(name: string, probe: NetworkProbe, since: number, samples: readonly Sample[]): void {
  const spans = probe.retrieves.filter((span) => span.start >= since);
  const roundStarts: number[] = [];
  for (const span of spans) {
    if (roundStarts.length === 0 || span.start - roundStarts.at(-1)! > 250) roundStarts.push(span.start);
  }
  const period = summary(roundStarts.slice(1).map((start, index) => start - roundStarts[index]!)).mean;
  const rtt = summary(spans.map((span) => span.end - span.start));
  const waits = summary(samples.map((sample) => sample.pollWait));
  console.log(
    `${name}: ${roundStarts.length} poll rounds (${spans.length} retrieves), one every ${ms(period)} ms on average ` +
      `(the interval, then the round itself); every retrieve round trip p50 ${ms(rtt.p50)} / p95 ${ms(rtt.p95)} ms`,
  );
  const toSent = summary(samples.map((sample) => sample.sendToSent)).mean;
  console.log(
    `expected wait for the next poll: half a period, ${ms(period / 2)} ms, for a message sent at a random ` +
      `moment; less send → sent (${ms(toSent)} ms) here, since each pause starts at the previous delivery, ` +
      `≈ ${ms(period / 2 - toSent)} ms; measured mean ${ms(waits.mean)} ms (p50 ${ms(waits.p50)}). ` +
      `sendMessage itself returned after p50 ${ms(summary(samples.map((sample) => sample.apiCall)).p50)} ms, ` +
      `its store already under way`,
  );
}

const line = (index: number): string =>
  `Benchmark message ${index}: are we still on for dinner tomorrow at eight? I can bring dessert.`;

export async function latencyBenchmark(): Promise<void> {
  const pipelines = watchPipelines();
  const harness = await EngineHarness.start();
  try {
    // Phase 1: both engines poll by themselves, at the pace of an open conversation.
    const interval = pollIntervalsMs.activeConversation;
    const [alice, bob] = (
      await Promise.all([harness.user('A', { poll: true }), harness.user('B', { poll: true })])
    ).map(watch) as [Watched, Watched];
    const bobBytes = new ByteProbe(bob.user.engine);
    const openChat = (other: Watched) =>
      ({ activity: 'activeConversation', conversationId: other.user.sessionId }) as const;
    await alice.user.engine.setActivity(openChat(bob));
    await bob.user.engine.setActivity(openChat(alice));
    // Unmeasured: the first message each way opens paths and connections (and B accepts A's request).
    await sendOne(alice, bob, pipelines.byHash, 'hello');
    await sendOne(bob, alice, pipelines.byHash, 'hi');
    const phaseStart = performance.now();
    const samples: Sample[] = [];
    const pauses = spreadPauses(enginePolledMessages, interval);
    for (let index = 0; index < enginePolledMessages; index += 1) {
      await sleep(pauses[index]!);
      const [from, to] = index % 6 === 5 ? [bob, alice] : [alice, bob];
      samples.push(await sendOne(from, to, pipelines.byHash, line(index)));
    }
    printStages(
      `DM latency on devnet, engines polling every ${interval} ms (activeConversation), ` +
        `${samples.length} messages sent one at a time (12 nodes and both engines in one process)`,
      samples,
    );
    printPollPace('B', bob.probe, phaseStart, samples);
    console.log('\nNetwork cost of polling (B, its own swarm: 12 devnet nodes, no messages arriving)');
    await idleCost(
      bob,
      bobBytes,
      openChat(alice),
      `a conversation open (every ${pollIntervalsMs.activeConversation} ms)`,
    );
    await idleCost(
      bob,
      bobBytes,
      { activity: 'foreground' },
      `no conversation open (every ${pollIntervalsMs.foreground} ms)`,
    );
    await idleCost(
      bob,
      bobBytes,
      { activity: 'background' },
      `window hidden (every ${pollIntervalsMs.background} ms)`,
    );
    await Promise.all([alice.user.engine.close(), bob.user.engine.close()]);

    // Phase 2: the recipient's engine does not poll by itself; this loop polls it every 500 ms.
    const [carol, dave] = (await Promise.all([harness.user('C'), harness.user('D')])).map(watch) as [
      Watched,
      Watched,
    ];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await dave.user.engine.receiveNow().catch(() => undefined);
        await sleep(drivenPollMs);
      }
    })();
    try {
      await sendOne(carol, dave, pipelines.byHash, 'hello');
      const drivenStart = performance.now();
      const driven: Sample[] = [];
      const drivenPauses = spreadPauses(drivenMessages, drivenPollMs);
      for (let index = 0; index < drivenMessages; index += 1) {
        await sleep(drivenPauses[index]!);
        driven.push(await sendOne(carol, dave, pipelines.byHash, line(index)));
      }
      printStages(
        `DM latency on devnet, recipient polled every ${drivenPollMs} ms by the benchmark ` +
          `(engine.receiveNow), ${driven.length} messages C → D`,
        driven,
      );
      printPollPace('D', dave.probe, drivenStart, driven);
    } finally {
      polling = false;
      await poller;
    }
  } finally {
    pipelines.restore();
    await harness.close();
  }
}
