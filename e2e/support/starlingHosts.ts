// The people of an end-to-end test: one devnet for the test file, and for each person a profile
// served by their own `starling serve` process, opened in their own browser context.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, test as base } from '@playwright/test';
import {
  type DevnetProcess,
  startDevnetProcess,
  type StarlingServer,
  startStarlingServer,
} from '../../test/devnetProcess';

export interface Person {
  readonly name: string;
  readonly profileDirectory: string;
  readonly host: StarlingServer;
  /** The URL with the host's token. */
  readonly url: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

export interface Network {
  readonly directory: string;
  readonly devnet: DevnetProcess;
  /** Starts a host for `name` (a fresh profile unless `profileDirectory` names one) and opens it. */
  person(
    name: string,
    options?: {
      readonly profileDirectory?: string;
      readonly browser?: Browser;
      /** More `starling serve` arguments, e.g. `--update-feed URL`. */
      readonly serveArguments?: readonly string[];
      /** The passphrase the host is started with (STARLING_PASSPHRASE); `testPassphrase` by default. */
      readonly passphrase?: string;
      /**
       * What protects the keys: the passphrase (by default); 'nothing', as a person's first start
       * on a computer without a keychain (the Choose-passphrase or Unlock screen); or 'unprotected'
       * (--unprotected: a new account's keys stored without protection).
       */
      readonly keys?: 'passphrase' | 'nothing' | 'unprotected';
      /** A browser context to open the host in (e.g. beside another host); a new one by default. */
      readonly context?: BrowserContext;
    },
  ): Promise<Person>;
}

/** What protects the keys of the people of a test about something else than key protection. */
export const testPassphrase = 'the passphrase of an end-to-end test';

/** Where screenshots of the main screens are kept as test artefacts. */
export const screenshotDirectory = path.resolve(__dirname, '..', '..', 'out', 'e2e', 'screenshots');

export const test = base.extend<{ network: Network }>({
  network: async ({ browser }, use) => {
    const directory = await mkdtemp(path.join(tmpdir(), 'starling-e2e-'));
    const devnet = await startDevnetProcess(directory, ['--dir', path.join(directory, 'devnet')]);
    const people: Person[] = [];
    try {
      await use({
        directory,
        devnet,
        async person(name, options = {}) {
          const profileDirectory =
            options.profileDirectory ?? path.join(directory, `profile-${name}-${people.length}`);
          const host = await startStarlingServer(
            [
              'serve',
              '--profile',
              profileDirectory,
              '--network',
              devnet.networkFile,
              '--port',
              '0',
              ...(options.serveArguments ?? []),
              ...(options.keys === 'unprotected' ? ['--unprotected'] : []),
            ],
            {
              cwd: directory,
              readyLine: /^listening (.+)$/mu,
              env: {
                STARLING_PASSPHRASE:
                  (options.keys ?? 'passphrase') === 'passphrase'
                    ? (options.passphrase ?? testPassphrase)
                    : '',
              },
            },
          );
          const context =
            options.context ??
            (await (options.browser ?? browser).newContext({ viewport: { width: 1280, height: 800 } }));
          const page = await context.newPage();
          await page.goto(host.announced);
          const person = { name, profileDirectory, host, url: host.announced, context, page };
          people.push(person);
          return person;
        },
      });
    } finally {
      for (const person of people) {
        await person.context.close().catch(() => undefined);
        await person.host.stop();
      }
      await devnet.stop();
      await rm(directory, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
