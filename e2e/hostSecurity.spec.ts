// The headless host refuses a missing or wrong token, and an invalid request gets a clear error.
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
    const socket = new WebSocket(`ws://${location.host}/api`);
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
  const outcome = await stranger.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    socketUrl,
  );
  expect(outcome).toBe('refused');
});
