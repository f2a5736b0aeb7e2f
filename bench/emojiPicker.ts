// The emoji picker in Chromium (playwright-core driving Debian's Chromium, headless, software
// rendering) against `starling serve` on a devnet: how long the composer's picker takes to open
// the first time in a page (its code and data are chunks of their own, fetched, parsed and built
// into the catalog then) and afterwards, how long the largest category (People & body, about 390
// emoji) and a search take to render, and what the picker adds to the bundle. Times are taken in
// the page (performance.now), from the click to the grid in the DOM and to the next frame.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { deriveIdentityKeys } from '../shared/protocol/identity/keys';
import { chromiumArguments, chromiumPath } from '../test/chromium';
import { startDevnetProcess, startStarlingServer, type StarlingServer } from '../test/devnetProcess';
import { runStarling } from '../test/starlingProcess';
import { percentile } from './measure';
import { bundleSizes } from './ui';

const coldRuns = 15;
const warmRuns = 40;
const renderRuns = 30;
const viewport = { width: 1280, height: 800 };

interface Timing {
  /** Click (or input) → the grid (or its new content) in the DOM. */
  readonly inDom: number;
  /** → the frame after it, painted. */
  readonly painted: number;
}

// What the in-page code below uses of the DOM, typed here: bench/ compiles without the DOM library.
interface PageElement {
  value: string;
  getAttribute(name: string): string | null;
  click(): void;
  dispatchEvent(event: unknown): boolean;
}

interface PageGlobals {
  readonly document: { readonly body: unknown; querySelector(selector: string): PageElement | null };
  readonly performance: { now(): number };
  readonly MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean; attributes: boolean }): void;
    disconnect(): void;
  };
  readonly Event: new (type: string, options: { bubbles: boolean }) => unknown;
  readonly HTMLInputElement: { readonly prototype: object };
  requestAnimationFrame(callback: () => void): number;
  setTimeout(callback: () => void, delay: number): number;
}

type Action = 'open' | 'people' | 'search';

/** In the page: does `action`, then waits for the grid it brings (seen on a DOM change) and a frame. */
async function timeAction(action: Action): Promise<Timing> {
  const page = globalThis as unknown as PageGlobals;
  const grid = () => page.document.querySelector('.emoji-picker [role="grid"]');
  const ready: Record<Action, () => boolean> = {
    open: () => grid() !== null,
    people: () => grid()?.getAttribute('aria-label') === 'People & body',
    search: () => grid()?.getAttribute('aria-label') === 'Emoji for “thumb”',
  };
  const started = page.performance.now();
  const done = new Promise<void>((resolve) => {
    const observer = new page.MutationObserver(() => {
      if (!ready[action]()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(page.document.body, { childList: true, subtree: true, attributes: true });
  });
  if (action === 'open') {
    page.document.querySelector('button[aria-label="Insert emoji"]')!.click();
  } else if (action === 'people') {
    page.document.querySelector('[role="tab"][aria-label="People & body"]')!.click();
  } else {
    // As typing does: the native setter (React's own would swallow the change), then the input event.
    const field = page.document.querySelector('.emoji-picker input[type="search"]')!;
    Object.getOwnPropertyDescriptor(page.HTMLInputElement.prototype, 'value')!.set!.call(field, 'thumb');
    field.dispatchEvent(new page.Event('input', { bubbles: true }));
  }
  await done;
  const inDom = page.performance.now() - started;
  await new Promise<void>((resolve) => page.requestAnimationFrame(() => page.setTimeout(resolve, 0)));
  return { inDom, painted: page.performance.now() - started };
}

function timeInPage(page: Page, action: Action): Promise<Timing> {
  return page.evaluate(timeAction, action);
}

async function openConversation(page: Page): Promise<void> {
  await page.getByRole('list', { name: 'Chats' }).getByRole('button').first().click();
  await page.getByRole('button', { name: 'Insert emoji' }).waitFor();
}

async function closePicker(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.emoji-picker').waitFor({ state: 'detached' });
}

function row(name: string, timings: readonly Timing[]): string {
  const sorted = (pick: (timing: Timing) => number) => timings.map(pick).sort((left, right) => left - right);
  const inDom = sorted((timing) => timing.inDom);
  const painted = sorted((timing) => timing.painted);
  const figure = (values: number[]) =>
    `${percentile(values, 0.5).toFixed(1)} / ${percentile(values, 0.95).toFixed(1)}`;
  return `| ${name} | ${timings.length} | ${figure(inDom)} | ${figure(painted)} |`;
}

export async function emojiPickerBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-emoji-'));
  const devnet = await startDevnetProcess(directory, ['--dir', path.join(directory, 'devnet')]);
  let host: StarlingServer | undefined;
  let browser: Browser | undefined;
  try {
    const profileDirectory = path.join(directory, 'profile');
    const created = await runStarling(['account', 'create', '--profile', profileDirectory, '--unprotected'], {
      cwd: directory,
    });
    if (created.code !== 0) throw new Error(`account create failed: ${created.stderr}`);
    host = await startStarlingServer(
      [
        'serve',
        '--profile',
        profileDirectory,
        '--network',
        devnet.networkFile,
        '--port',
        '0',
        '--unprotected',
      ],
      { cwd: directory, readyLine: /^listening (.+)$/mu },
    );
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArguments() });
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(host.announced);

    // A conversation to write in: someone's Session ID, and a first message so that it is listed.
    const peer = (await deriveIdentityKeys(new Uint8Array(16).fill(7))).sessionId;
    await page.getByRole('button', { name: 'New conversation', exact: true }).first().click();
    await page.getByRole('textbox', { name: 'Session ID' }).fill(peer);
    await page.getByRole('button', { name: 'Start conversation' }).click();
    const field = page.getByRole('form', { name: 'Write a message' }).getByRole('textbox');
    await field.fill('Hello');
    await field.press('Enter');
    await page.getByRole('button', { name: 'Insert emoji' }).waitFor();

    // The first opening in a freshly loaded page (its chunks from the HTTP cache after the first).
    const cold: Timing[] = [];
    for (let run = 0; run <= coldRuns; run += 1) {
      await page.reload();
      await openConversation(page);
      const timing = await timeInPage(page, 'open');
      if (run > 0) cold.push(timing);
      await closePicker(page);
    }
    const warm: Timing[] = [];
    const people: Timing[] = [];
    const search: Timing[] = [];
    for (let run = 0; run < Math.max(warmRuns, renderRuns); run += 1) {
      const opened = await timeInPage(page, 'open');
      if (run < warmRuns) warm.push(opened);
      if (run < renderRuns) {
        people.push(await timeInPage(page, 'people'));
        search.push(await timeInPage(page, 'search'));
      }
      await closePicker(page);
    }

    const bundle = await bundleSizes();
    const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(
      `\nEmoji picker in ${browser.version()} (headless, software compositing), ${viewport.width}×${viewport.height}`,
    );
    console.log('| operation | runs | to the DOM p50 / p95 (ms) | to the next frame p50 / p95 (ms) |');
    console.log('|---|---:|---:|---:|');
    console.log(row('first opening in a loaded page (code + data chunks, catalog)', cold));
    console.log(row('opening again', warm));
    console.log(row('People & body tab (about 390 emoji)', people));
    console.log(row('search “thumb”', search));
    console.log('\n| file | bytes | gzip |');
    console.log('|---|---:|---:|');
    for (const file of bundle.filter((entry) => entry.name.endsWith('.js'))) {
      console.log(`| ${file.name} | ${kib(file.bytes)} | ${kib(file.gzip)} |`);
    }
  } finally {
    await browser?.close();
    await host?.stop();
    await devnet.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
