// The headless host goes away under an open page (issue 12): the page says so in words, the dot
// stops being green, a message typed and sent meanwhile stays in the composer, and once the host is
// back with a new token the page says to open the new link, which brings the page back as it was.
import path from 'node:path';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import { composer, createAccount, openNewConversation } from './support/starlingUi';

const someone = `05${'3c'.repeat(32)}`;

test('a host that goes away loses nothing typed, and its restart asks for the new link', async ({
  network,
}) => {
  test.setTimeout(120_000);
  const ana = await network.person('ana');
  const page = ana.page;
  await createAccount(page, 'Ana');
  await openNewConversation(page);
  await page.getByRole('textbox', { name: 'Session ID' }).fill(someone);
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await expect(composer(page)).toBeVisible();
  const port = new URL(ana.url).port;

  await ana.host.stop();
  const lost = page.getByRole('alert').filter({ hasText: 'Disconnected from Starling' });
  await expect(lost).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: /Onion routing: connected/u })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Onion routing: unknown/u })).toBeVisible();
  const text = 'written while the host was away';
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue(text);
  // The theme follows the system here: switching it in Settings would leave the conversation.
  for (const theme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: path.join(screenshotDirectory, `disconnected-${theme}.png`) });
  }

  // The same profile and port, a new token: the page's cookie belongs to the host that is gone.
  const again = await network.person('ana-again', {
    profileDirectory: ana.profileDirectory,
    serveArguments: ['--port', port],
  });
  await again.context.close();
  const newLink = page.getByRole('alert').filter({ hasText: 'Open the new link' });
  await expect(newLink).toBeVisible({ timeout: 20_000 });
  await expect(composer(page)).toHaveValue(text);
  await page.setViewportSize({ width: 700, height: 600 });
  await page.screenshot({ path: path.join(screenshotDirectory, 'needs-new-link-700.png') });

  // The new link opened in another tab gives the browser the new host's cookie: this page
  // reconnects by itself, with the text still in its composer, and can send it.
  const tab = await ana.context.newPage();
  await tab.goto(again.url);
  await expect(newLink).toHaveCount(0, { timeout: 20_000 });
  await expect(composer(page)).toHaveValue(text);
  // The composer says the words were held back until its connection is open again: only then does
  // Enter send (on a loaded machine the banner can go a moment before the connection is open).
  await expect(page.getByText(/^Not sent: Starling is disconnected/u)).toHaveCount(0, { timeout: 20_000 });
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('');
  await expect(page.getByText(text, { exact: true })).toBeVisible();
});
