// The headless host refuses a missing or wrong token, and an invalid request gets a clear error;
// two hosts live side by side in one browser, and a page of another local site cannot drive them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './support/starlingHosts';

test('the host refuses requests without its token and explains invalid calls', async ({
  network,
  request,
}) => {
  const person = await network.person('eve');
  const origin = new URL(person.url).origin;

  const withoutToken = await request.get(`${origin}/`, { maxRedirects: 0 });
  expect(withoutToken.status()).toBe(401);
  expect(await withoutToken.text()).toContain('needs the link with its token');
  const wrongToken = await request.get(`${origin}/?token=not-the-token`, { maxRedirects: 0 });
  expect(wrongToken.status()).toBe(401);

  // From the page itself (which holds the cookie): an invalid request and an unknown method.
  const replies = await person.page.evaluate(async () => {
    // The page's own socket key, which the exchange's redirect gave it in the address's fragment.
    const socket = new WebSocket(`ws://${location.host}/api`, [
      `starling.${localStorage.getItem('starling-key')}`,
    ]);
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const call = (id: number, method: string, request: unknown) =>
      new Promise<unknown>((resolve) => {
        socket.addEventListener('message', function listener(event) {
          const frame = JSON.parse(String(event.data)) as { id?: number };
          if (frame.id === id) {
            socket.removeEventListener('message', listener);
            resolve(frame);
          }
        });
        socket.send(JSON.stringify({ id, method, request }));
      });
    const results = [
      await call(1, 'checkRecoveryPhrase', { recoveryPhrase: 42 }),
      await call(2, 'deleteEverything', {}),
    ];
    socket.close();
    return results;
  });
  expect(replies[0]).toMatchObject({ id: 1, ok: false, error: { code: 'invalidRequest' } });
  expect(replies[1]).toMatchObject({ id: 2, ok: false, error: { code: 'unknownMethod' } });

  // A page of another origin cannot open the socket, even with the token in hand.
  const stranger = await person.context.newPage();
  await stranger.goto('about:blank');
  const socketUrl = `${origin.replace('http', 'ws')}/api?token=${new URL(person.url).searchParams.get('token')}`;
  expect(await socketOutcome(stranger, socketUrl)).toBe('refused');
});

/** Whether `page` can open a WebSocket to `url`, as its own scripts would. */
function socketOutcome(page: Page, url: string): Promise<'open' | 'refused'> {
  return page.evaluate(
    (target) =>
      new Promise<'open' | 'refused'>((resolve) => {
        const socket = new WebSocket(target);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    url,
  );
}

/** A page of its own on another port of 127.0.0.1, as any local web server would serve. */
async function startOtherLocalSite(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>Another local site</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('two hosts in one browser both keep working after reloads, and no other local page reaches them', async ({
  network,
}) => {
  const ada = await network.person('ada');
  const bob = await network.person('bob', { context: ada.context });
  const createButton = (page: Page) => page.getByRole('button', { name: 'Create account' });
  for (const person of [ada, bob]) await expect(createButton(person.page)).toBeVisible();

  // Each host set its own cookie (named after its port); neither replaced the other's.
  const names = (await ada.context.cookies()).map((cookie) => cookie.name).sort();
  const ports = [ada, bob].map((person) => new URL(person.url).port);
  expect(names).toEqual(ports.map((port) => `starling_${port}`).sort());
  for (const person of [ada, bob, ada]) {
    await person.page.reload();
    await expect(createButton(person.page)).toBeVisible();
    await expect(person.page.getByText('The connection to Starling was lost', { exact: false })).toHaveCount(
      0,
    );
  }

  // A page served from another port of 127.0.0.1 gets the cookies (browsers do not scope them by
  // port), but the host refuses its socket: the Origin is not the host's own.
  const site = await startOtherLocalSite();
  try {
    const stranger = await ada.context.newPage();
    await stranger.goto(site.origin);
    for (const person of [ada, bob]) {
      const socketUrl = `ws://${new URL(person.url).host}/api`;
      expect(await socketOutcome(stranger, socketUrl)).toBe('refused');
    }
    await stranger.close();
  } finally {
    await site.close();
  }
});
