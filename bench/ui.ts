// The UI in Chromium (playwright-core driving Debian's Chromium, headless, software rendering)
// against `starling serve` on a prepared profile: 51 conversations, one of them 100,000 messages
// long, written straight into the profile's database. Measured: a cold start to a clickable
// conversation list, opening the long conversation to its newest messages, and scrolling it from
// the bottom to its first message (frame durations from requestAnimationFrame timestamps, long
// animation frames, pages loaded, the JS heap at the end). Times are taken inside the page where
// they can be (performance.now), so that the driver's round trips do not count.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumArguments, chromiumPath } from '../test/chromium';
import { databaseFile } from '../core/engine/engine';
import { createAccount, unlockAccount } from '../core/identity/account';
import { createLogger, memorySink } from '../core/logging/logger';
import { loadNetwork } from '../core/network/networkDescription';
import { ConversationRepository } from '../core/store/conversationRepository';
import { openDatabase } from '../core/store/database';
import { MessageRepository, type NewMessageRecord } from '../core/store/messageRepository';
import { migrations } from '../core/store/migrations';
import { deriveIdentityKeys } from '../shared/protocol/identity/keys';
import { startDevnetProcess, startStarlingServer } from '../test/devnetProcess';
import { breakdownTable, traceBreakdown } from './frameTrace';
import { percentile } from './measure';

const longConversationSize = 100_000;
const otherConversations = 50;
const historyDays = 60;
const insertBatch = 5_000;
const coldStartRuns = 10;
const openRuns = 10;
/** Pixels the scroller moves up per animation frame: a fast, steady fling. */
const scrollStep = 1_500;
const scrollTimeoutMs = 300_000;
/**
 * The traced scroll (where the frame time goes) lasts this long, from the newest message: tracing
 * slows the page, so its frames are not the ones counted above.
 */
const tracedScrollMs = 15_000;
/**
 * STARLING_BENCH_UI_SCROLL_SECONDS cuts the end-to-end scroll short (while trying a change): its
 * figures are then of the newest part of the conversation only, and the report says so.
 * STARLING_BENCH_UI_TRACE names a file to keep the traced scroll's trace in (and
 * STARLING_BENCH_UI_SCREENSHOTS a directory for pictures of the timeline: timelineScreenshots).
 */
function scrollLimitMs(): number {
  const asked = Number(process.env.STARLING_BENCH_UI_SCROLL_SECONDS);
  return Number.isFinite(asked) && asked > 0 ? Math.min(asked * 1000, scrollTimeoutMs) : scrollTimeoutMs;
}
/** The UI's page of messages (renderer/src/store/actions.ts). */
const pageSize = 50;
const viewport = { width: 1280, height: 800 };
const dayMs = 86_400_000;

// --- the profile ----------------------------------------------------------------------------------

/** A small seeded generator (mulberry32), so that every run writes the same history. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const vocabulary = (
  'I you we they it the a an and but so or if when then just really maybe still already ' +
  'tomorrow today tonight later soon yesterday morning evening weekend week time place ' +
  'dinner lunch coffee train station office meeting call photo picture book film show ' +
  'think know want need like love hope guess mean said told asked sent got saw found ' +
  'going coming leaving staying working reading trying waiting looking thinking ' +
  'good great fine nice late early busy tired happy sure ready free long short ' +
  'about with from at on for to in of after before around near over ' +
  'can could will would should might must did does is was are were have has had ' +
  'this that there here what where why how who which not no yes okay thanks sorry'
).split(' ');
const emoji = ['😀', '😂', '👍', '❤️', '🎉', '🙏', '😅', '🤔'];

/** A chat message of about `length` characters (20–300): sentences, now and then a line break. */
function messageBody(random: () => number, length: number): string {
  let text = '';
  let sentence: string[] = [];
  let sentenceLength = 4 + Math.floor(random() * 10);
  while (text.length + sentence.join(' ').length < length) {
    const word = vocabulary[Math.floor(random() * vocabulary.length)]!;
    sentence.push(sentence.length === 0 ? word[0]!.toUpperCase() + word.slice(1) : word);
    if (sentence.length >= sentenceLength) {
      const end = random() < 0.75 ? '.' : random() < 0.5 ? '?' : '!';
      const joint = text === '' ? '' : random() < 0.08 ? '\n' : ' ';
      text +=
        joint + sentence.join(' ') + end + (random() < 0.05 ? ` ${emoji[Math.floor(random() * 8)]}` : '');
      sentence = [];
      sentenceLength = 4 + Math.floor(random() * 10);
    }
  }
  if (sentence.length > 0) text += (text === '' ? '' : ' ') + sentence.join(' ');
  return text.slice(0, length).trimEnd();
}

/** Lengths 20–300 characters, most of them short, as in chats. */
const bodyLength = (random: () => number): number => 20 + Math.floor(280 * random() ** 2);

const firstNames = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Esra', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jonas'];
const lastNames = ['Moreau', 'Okafor', 'Lindqvist', 'Tanaka', 'Novak'];

interface Prepared {
  readonly longConversationId: string;
  /** The body of the long conversation's newest and first messages, to recognise them on screen. */
  readonly newestBody: string;
  readonly firstBody: string;
  readonly messages: number;
  readonly seconds: number;
  readonly databaseBytes: number;
}

/**
 * Creates an account protected by `benchPassphrase` (so that the UI shows no offer to protect it)
 * in `profileDirectory` and writes its history straight into the
 * database: the long conversation (alternating sides in runs of 1–3 messages, sent over 60 days in
 * bursts, so that day separators appear), and `otherConversations` of 2–8 messages, some unread.
 */
const benchPassphrase = 'the passphrase of the UI benchmark';

async function prepareProfile(profileDirectory: string, networkFile: string): Promise<Prepared> {
  const started = performance.now();
  const logger = createLogger({ sink: memorySink() });
  const network = await loadNetwork(networkFile);
  const keySources = { passphrase: benchPassphrase };
  await createAccount({ profileDirectory, keySources, logger });
  const account = await unlockAccount({ profileDirectory, keySources });
  const me = account.keys.sessionId;
  const peers: string[] = [];
  for (let index = 0; index <= otherConversations; index += 1) {
    peers.push((await deriveIdentityKeys(new Uint8Array(16).fill(index + 1))).sessionId);
  }
  const longConversationId = peers[0]!;
  const file = databaseFile(profileDirectory, network.name);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const database = openDatabase({ file, key: account.databaseKey, migrations });
  const random = seededRandom(20_240_601);
  const now = Date.now();
  const hash = (text: string): string => createHash('sha256').update(text).digest('base64url');
  const ownSentAts = new Set<number>();
  let written = 0;
  let newestBody = '';
  let firstBody = '';
  try {
    const messages = new MessageRepository(database);
    const conversations = new ConversationRepository(database);
    peers.forEach((peer, index) => {
      const first = firstNames[index % firstNames.length]!;
      const last = lastNames[Math.floor(index / firstNames.length) % lastNames.length]!;
      conversations.updateProfile(peer, index % 7 === 6 ? null : `${first} ${last}`, now);
    });

    // The long conversation: gaps mostly short, now and then hours long, scaled to 60 days that
    // end two minutes ago.
    const gaps = Array.from({ length: longConversationSize }, () => {
      const gap = -Math.log(1 - random());
      return random() < 0.02 ? gap * 400 : gap;
    });
    const scale = (historyDays * dayMs) / gaps.reduce((sum, gap) => sum + gap, 0);
    let sentAt = now - historyDays * dayMs - 120_000;
    let outgoing = false;
    let runLeft = 0;
    let batch: NewMessageRecord[] = [];
    for (let index = 0; index < longConversationSize; index += 1) {
      sentAt = Math.max(sentAt + 1, Math.round(sentAt + gaps[index]! * scale));
      if (runLeft === 0) {
        outgoing = !outgoing;
        runLeft = 1 + Math.floor(random() * 3);
      }
      runLeft -= 1;
      const body = messageBody(random, bodyLength(random));
      if (index === 0) firstBody = body;
      newestBody = body;
      if (outgoing) ownSentAts.add(sentAt);
      batch.push({
        conversationId: longConversationId,
        author: outgoing ? me : longConversationId,
        direction: outgoing ? 'outgoing' : 'incoming',
        sentAt,
        receivedAt: outgoing ? sentAt : sentAt + 400 + Math.floor(random() * 3_000),
        body,
        storageHash: hash(`long ${index}`),
        state: outgoing ? 'read' : null,
        readAt: sentAt + 5_000,
        newConversationState: 'accepted',
      });
      if (batch.length === insertBatch) {
        written += messages.insert(batch).length;
        batch = [];
      }
    }
    written += messages.insert(batch).length;

    // The other conversations: a few messages each, their last one at any time in the 60 days.
    for (let index = 1; index <= otherConversations; index += 1) {
      const peer = peers[index]!;
      const count = 2 + Math.floor(random() * 7);
      const unread = index % 3 === 0 ? 1 + Math.floor(random() * 4) : 0;
      // Before the long conversation's newest message, which stays at the top of the list.
      let at = now - Math.floor(random() * historyDays * dayMs) - count * 630_000 - 300_000;
      const records: NewMessageRecord[] = [];
      for (let position = 0; position < count; position += 1) {
        at += 30_000 + Math.floor(random() * 600_000);
        const incoming = position >= count - unread || random() < 0.5;
        while (!incoming && ownSentAts.has(at)) at += 1;
        if (!incoming) ownSentAts.add(at);
        records.push({
          conversationId: peer,
          author: incoming ? peer : me,
          direction: incoming ? 'incoming' : 'outgoing',
          sentAt: at,
          receivedAt: at + 1_000,
          body: messageBody(random, bodyLength(random)),
          storageHash: hash(`other ${index} ${position}`),
          state: incoming ? null : 'read',
          readAt: incoming && position >= count - unread ? undefined : at + 5_000,
          newConversationState: 'accepted',
        });
      }
      written += messages.insert(records).length;
    }
  } finally {
    database.close();
  }
  const dataDirectory = path.dirname(file);
  const sizes = await Promise.all(
    (await readdir(dataDirectory)).map(async (name) => (await stat(path.join(dataDirectory, name))).size),
  );
  return {
    longConversationId,
    newestBody,
    firstBody,
    messages: written,
    seconds: (performance.now() - started) / 1000,
    databaseBytes: sizes.reduce((sum, size) => sum + size, 0),
  };
}

// --- the browser ------------------------------------------------------------------------------------

const chatsRow = 'ul[aria-label="Chats"] button.conversation-row';

// What the functions run in the page (page.evaluate, addInitScript) use of its globals: this
// project compiles without the DOM library. Each reaches them through `globalThis` as PageGlobals.
interface PageElement {
  readonly textContent: string | null;
  scrollTop: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

interface PageEntry {
  readonly name: string;
  readonly startTime: number;
  readonly duration: number;
  readonly blockingDuration?: number;
  readonly domContentLoadedEventEnd?: number;
  readonly loadEventEnd?: number;
  readonly encodedBodySize?: number;
}

interface PageGlobals {
  readonly document: PageElement & {
    addEventListener(type: string, listener: () => void, options: { capture: boolean; once: boolean }): void;
  };
  readonly performance: {
    now(): number;
    getEntriesByType(type: string): PageEntry[];
    getEntriesByName(name: string): PageEntry[];
  };
  readonly PerformanceObserver: {
    readonly supportedEntryTypes: readonly string[];
    new (callback: (entries: { getEntries(): PageEntry[] }) => void): {
      observe(options: { type: string }): void;
      disconnect(): void;
    };
  };
  readonly MessageChannel: new () => {
    readonly port1: { onmessage: (() => void) | null; close(): void };
    readonly port2: { postMessage(message: null): void };
  };
  requestAnimationFrame(callback: (time: number) => void): number;
  benchRowsAt?: number;
  benchOpened?: Promise<number>;
}

/** Runs in the page before its scripts: notes the first animation frame that has a conversation row. */
function watchFirstRow(selector: string): void {
  const page = globalThis as unknown as PageGlobals;
  const check = (): void => {
    if (page.document.querySelector(selector)) {
      page.benchRowsAt = page.performance.now();
      return;
    }
    page.requestAnimationFrame(check);
  };
  page.requestAnimationFrame(check);
}

interface ColdStart {
  /** From navigation start (the request with the token) to the first frame with a row, in the page. */
  readonly rowsFrame: number;
  /** From page.goto to a row passing Playwright's actionability checks (visible, stable, enabled). */
  readonly clickable: number;
  readonly domContentLoaded: number;
  readonly load: number;
  readonly firstContentfulPaint: number;
  readonly scriptBytes: number;
}

async function coldStart(browser: Browser, url: string): Promise<ColdStart> {
  const context = await browser.newContext({ viewport });
  try {
    await context.addInitScript(watchFirstRow, chatsRow);
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url);
    await page.locator(chatsRow).first().click({ trial: true });
    const clickable = performance.now() - started;
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).benchRowsAt !== undefined);
    const timings = await page.evaluate(() => {
      const { performance: timing, benchRowsAt } = globalThis as unknown as PageGlobals;
      const navigation = timing.getEntriesByType('navigation')[0];
      const paint = timing.getEntriesByName('first-contentful-paint')[0];
      const scripts = timing.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.js'));
      return {
        rowsFrame: benchRowsAt ?? Number.NaN,
        domContentLoaded: navigation?.domContentLoadedEventEnd ?? Number.NaN,
        load: navigation?.loadEventEnd ?? Number.NaN,
        firstContentfulPaint: paint?.startTime ?? Number.NaN,
        scriptBytes: scripts.reduce((sum, entry) => sum + (entry.encodedBodySize ?? 0), 0),
      };
    });
    return { ...timings, clickable };
  } finally {
    await context.close();
  }
}

/**
 * Clicks the long conversation's row and times, in the page, from the pointerdown to the first
 * animation frame in which its newest message is rendered inside the list's viewport.
 */
async function openLongConversation(page: Page, conversationId: string, newestBody: string): Promise<number> {
  const row = page.locator(`${chatsRow}[data-conversation-id="${conversationId}"]`);
  await row.waitFor();
  await page.evaluate(
    (probe) => {
      const page = globalThis as unknown as PageGlobals;
      page.benchOpened = new Promise((resolve) => {
        const check = (clickedAt: number): void => {
          const scroller = page.document.querySelector('[aria-label="Conversation history"]');
          const rows = scroller?.querySelectorAll('[role="list"][aria-label="Messages"] [role="listitem"]');
          const last = rows?.[rows.length - 1];
          if (scroller && last && last.getAttribute('aria-posinset') === last.getAttribute('aria-setsize')) {
            const box = last.getBoundingClientRect();
            const view = scroller.getBoundingClientRect();
            if (last.textContent?.includes(probe) && box.bottom <= view.bottom + 2 && box.bottom > view.top) {
              resolve(page.performance.now() - clickedAt);
              return;
            }
          }
          page.requestAnimationFrame(() => check(clickedAt));
        };
        page.document.addEventListener('pointerdown', () => check(page.performance.now()), {
          capture: true,
          once: true,
        });
      });
    },
    newestBody.slice(0, 40),
  );
  await row.click();
  return page.evaluate(() => (globalThis as unknown as PageGlobals).benchOpened!);
}

interface ScrollResult {
  readonly reachedTop: boolean;
  readonly totalMs: number;
  readonly frameTimes: number[];
  readonly sizesSeen: number;
  readonly firstSize: number;
  readonly lastSize: number;
  /** Frames that began with the list already at scrollTop 0, waiting for an older page. */
  readonly framesAtTop: number;
  readonly longFrames: { duration: number; blocking: number }[];
}

/** Scrolls the open conversation up by `step` px per animation frame until its first message shows. */
function scrollToFirst(options: {
  step: number;
  total: number;
  firstBody: string;
  timeoutMs: number;
}): Promise<ScrollResult> {
  const page = globalThis as unknown as PageGlobals;
  const scroller = page.document.querySelector('[aria-label="Conversation history"]')!;
  const list = scroller.querySelector('[role="list"][aria-label="Messages"]')!;
  const frameTimes: number[] = [];
  const sizes = new Set<number>();
  const longFrames: { duration: number; blocking: number }[] = [];
  let firstSize = 0;
  let framesAtTop = 0;
  const channel = new page.MessageChannel();
  const observer = page.PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
    ? new page.PerformanceObserver((entries) => {
        for (const entry of entries.getEntries()) {
          longFrames.push({ duration: entry.duration, blocking: entry.blockingDuration ?? 0 });
        }
      })
    : undefined;
  observer?.observe({ type: 'long-animation-frame' });
  return new Promise((resolve) => {
    const started = page.performance.now();
    const finish = (reachedTop: boolean, lastSize: number): void => {
      observer?.disconnect();
      channel.port1.close();
      resolve({
        reachedTop,
        totalMs: page.performance.now() - started,
        frameTimes,
        sizesSeen: sizes.size,
        firstSize,
        lastSize,
        framesAtTop,
        longFrames,
      });
    };
    const frame = (time: number): void => {
      frameTimes.push(time);
      const size = Number(list.querySelector('[role="listitem"]')?.getAttribute('aria-setsize') ?? 0);
      if (firstSize === 0) firstSize = size;
      sizes.add(size);
      if (scroller.scrollTop === 0) {
        const first = list.querySelector('[aria-posinset="1"]');
        const loading = page.document.querySelector('.timeline__loading');
        if (size === options.total && first?.textContent?.includes(options.firstBody) && !loading) {
          finish(true, size);
          return;
        }
        framesAtTop += 1;
      }
      if (time - started > options.timeoutMs) {
        finish(false, size);
        return;
      }
      // Between this frame and the next, as input would: a scrollTop set inside the frame would
      // reach the list only after its ResizeObserver had put the anchored row back in place.
      channel.port2.postMessage(null);
      page.requestAnimationFrame(frame);
    };
    channel.port1.onmessage = () => {
      scroller.scrollTop = Math.max(0, scroller.scrollTop - options.step);
    };
    page.requestAnimationFrame(frame);
  });
}

/**
 * STARLING_BENCH_UI_SCREENSHOTS names a directory: the long conversation open at its newest
 * messages is saved there in both themes (the system's, as the app follows it by default), at the
 * benchmark's size with a message hovered (its actions shown) and at 700 px wide, to look at what
 * a change to the timeline did to it.
 */
async function timelineScreenshots(page: Page, directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await page.locator('.message--incoming .message__bubble').last().hover();
    await page.screenshot({ path: path.join(directory, `timeline-${theme}.png`) });
    await page.setViewportSize({ width: 700, height: 600 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(directory, `timeline-700-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: null });
  await page.setViewportSize(viewport);
}

// --- the report -------------------------------------------------------------------------------------

function summary(values: readonly number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((left, right) => left - right);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

const ms = (value: number): string => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function timingRow(name: string, values: readonly number[]): string {
  const { p50, p95, max } = summary(values);
  return `| ${name} | ${values.length} | ${ms(p50)} | ${ms(p95)} | ${ms(max)} |`;
}

/** The built UI's scripts and styles, raw and gzipped (the emoji picker benchmark reports them too). */
export async function bundleSizes(): Promise<{ name: string; bytes: number; gzip: number }[]> {
  const assets = path.resolve(__dirname, '..', 'renderer', 'assets');
  const names = (await readdir(assets)).filter((name) => name.endsWith('.js') || name.endsWith('.css'));
  return Promise.all(
    names.map(async (name) => {
      const content = await readFile(path.join(assets, name));
      return { name, bytes: content.length, gzip: gzipSync(content).length };
    }),
  );
}

export async function uiBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-ui-'));
  const devnet = await startDevnetProcess(directory, ['--dir', path.join(directory, 'devnet')]);
  let host: Awaited<ReturnType<typeof startStarlingServer>> | undefined;
  let browser: Browser | undefined;
  try {
    const profileDirectory = path.join(directory, 'profile');
    const prepared = await prepareProfile(profileDirectory, devnet.networkFile);
    host = await startStarlingServer(
      ['serve', '--profile', profileDirectory, '--network', devnet.networkFile, '--port', '0'],
      { cwd: directory, readyLine: /^listening (.+)$/mu, env: { STARLING_PASSPHRASE: benchPassphrase } },
    );
    const url = host.announced;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArguments() });
    const bundle = await bundleSizes();

    // 1. Cold starts, each in a new context (no cache, no cookie): one unmeasured first.
    await coldStart(browser, url);
    const starts: ColdStart[] = [];
    for (let run = 0; run < coldStartRuns; run += 1) starts.push(await coldStart(browser, url));

    // 2. Opening the long conversation, the page reloaded before each run; one unmeasured first.
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(url);
    const opens: number[] = [];
    for (let run = 0; run <= openRuns; run += 1) {
      if (run > 0) await page.reload();
      const opened = await openLongConversation(page, prepared.longConversationId, prepared.newestBody);
      if (run > 0) opens.push(opened);
    }

    const screenshots = process.env.STARLING_BENCH_UI_SCREENSHOTS;
    if (screenshots) await timelineScreenshots(page, screenshots);

    // 3. Scrolling it end to end, from a fresh load.
    await page.reload();
    await openLongConversation(page, prepared.longConversationId, prepared.newestBody);
    await page.waitForTimeout(500);
    const scrollLimit = scrollLimitMs();
    const scroll = await page.evaluate(scrollToFirst, {
      step: scrollStep,
      total: longConversationSize,
      firstBody: prepared.firstBody.slice(0, 40),
      timeoutMs: scrollLimit,
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name: string): Promise<number> =>
      (await cdp.send('Performance.getMetrics')).metrics.find((entry) => entry.name === name)?.value ??
      Number.NaN;
    const heapBefore = await metric('JSHeapUsedSize');
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfter = await metric('JSHeapUsedSize');
    const domNodes = await metric('Nodes');
    const heapTotal = await metric('JSHeapTotalSize');

    // 4. Where the frame time goes: a shorter scroll from the newest message, traced.
    await page.reload();
    await openLongConversation(page, prepared.longConversationId, prepared.newestBody);
    await page.waitForTimeout(500);
    let tracedFrames = 0;
    const breakdown = await traceBreakdown(
      browser,
      page,
      async () => {
        const traced = await page.evaluate(scrollToFirst, {
          step: scrollStep,
          total: longConversationSize,
          firstBody: prepared.firstBody.slice(0, 40),
          timeoutMs: tracedScrollMs,
        });
        tracedFrames = traced.frameTimes.length;
      },
      process.env.STARLING_BENCH_UI_TRACE,
    );
    await context.close();

    // The report.
    console.log(
      `\nUI in ${browser.version()} (headless, --disable-gpu: software compositing), viewport ` +
        `${viewport.width}×${viewport.height}; starling serve and a devnet process on the same machine`,
    );
    console.log(
      `profile: ${otherConversations + 1} conversations, one of ${longConversationSize.toLocaleString('en')} ` +
        `messages over ${historyDays} days; ${prepared.messages.toLocaleString('en')} messages written in ` +
        `${prepared.seconds.toFixed(1)} s (batches of ${insertBatch}), database ${mib(prepared.databaseBytes)}`,
    );
    console.log(
      `bundle: ${bundle
        .map((file) => `${file.name} ${kib(file.bytes)} (gzip ${kib(file.gzip)})`)
        .join(', ')}; ${kib(starts[0]?.scriptBytes ?? 0)} of script transferred (served uncompressed)`,
    );
    console.log('\n| operation | runs | p50 (ms) | p95 (ms) | max (ms) |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(
      timingRow(
        'cold start: navigation → first frame with conversation rows (in the page)',
        starts.map((start) => start.rowsFrame),
      ),
    );
    console.log(
      timingRow(
        'cold start: page.goto → a row clickable (Playwright, new context)',
        starts.map((start) => start.clickable),
      ),
    );
    console.log(
      timingRow(
        'navigation: domContentLoaded',
        starts.map((start) => start.domContentLoaded),
      ),
    );
    console.log(
      timingRow(
        'navigation: load',
        starts.map((start) => start.load),
      ),
    );
    console.log(
      timingRow(
        'first contentful paint',
        starts.map((start) => start.firstContentfulPaint),
      ),
    );
    console.log(
      timingRow(
        `open the ${longConversationSize.toLocaleString('en')}-message conversation: click → newest message in view`,
        opens,
      ),
    );

    const durations = scroll.frameTimes.slice(1).map((time, index) => time - scroll.frameTimes[index]!);
    const frames = summary(durations);
    const share = (test: (duration: number) => boolean): string =>
      `${((durations.filter(test).length / durations.length) * 100).toFixed(1)} %`;
    const pages = (scroll.lastSize - scroll.firstSize) / pageSize;
    const longTotal = scroll.longFrames.reduce((sum, entry) => sum + entry.duration, 0);
    const blockingTotal = scroll.longFrames.reduce((sum, entry) => sum + entry.blocking, 0);
    console.log(
      `\nScroll bottom → top, scrollTop -= ${scrollStep} px per animation frame` +
        (scroll.reachedTop
          ? ''
          : scrollLimit < scrollTimeoutMs
            ? ` (cut short at ${scrollLimit / 1000} s by STARLING_BENCH_UI_SCROLL_SECONDS: the newest part only)`
            : ` (did NOT reach the first message in ${scrollTimeoutMs / 1000} s)`),
    );
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(
      `| total time | ${(scroll.totalMs / 1000).toFixed(1)} s (${ms(scroll.totalMs / Math.max(1, pages))} ms per page) |`,
    );
    console.log(
      `| messages loaded (pages of ${pageSize}) | ${(scroll.lastSize - scroll.firstSize).toLocaleString('en')} ` +
        `(${pages}; ${scroll.sizesSeen - 1} seen) |`,
    );
    console.log(
      `| frames | ${durations.length} (${(durations.length / (scroll.totalMs / 1000)).toFixed(1)}/s) |`,
    );
    console.log(`| frames that began at the top, waiting for a page | ${scroll.framesAtTop} |`);
    console.log(
      `| frame duration p50 / p95 / p99 / max | ${ms(frames.p50)} / ${ms(frames.p95)} / ${ms(frames.p99)} / ${ms(frames.max)} ms |`,
    );
    console.log(`| frames ≤ 16.7 ms | ${share((duration) => duration <= 16.7)} |`);
    console.log(
      `| frames ≤ 17.5 ms (one 60 Hz interval, with jitter) | ${share((duration) => duration <= 17.5)} |`,
    );
    console.log(`| frames > 33.4 ms (a frame or more dropped) | ${share((duration) => duration > 33.4)} |`);
    console.log(
      `| long animation frames (> 50 ms) | ${scroll.longFrames.length}, ${(longTotal / 1000).toFixed(1)} s in all, ` +
        `${(blockingTotal / 1000).toFixed(1)} s blocking |`,
    );
    console.log(
      `| JS heap at the end, used / after GC / total | ${mib(heapBefore)} / ${mib(heapAfter)} / ${mib(heapTotal)} |`,
    );
    console.log(`| DOM nodes at the end | ${domNodes} |`);
    console.log(
      `\nWhere the frame time goes: a traced scroll of ${tracedScrollMs / 1000} s from the newest message ` +
        `(${tracedFrames} frames; tracing slows the page, so these frames are not counted above)`,
    );
    for (const line of breakdownTable(breakdown, tracedFrames)) console.log(line);
  } finally {
    await browser?.close();
    await host?.stop();
    await devnet.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
