// Issue 17, message search, end to end: Bob writes to Alice, then writes 60 more messages, so that his
// first is far back in her history (beyond the first page her app loads). Alice searches for it by
// words typed without accents and half-finished, sees it among the "Messages" results with the
// matches marked, opens it with the keyboard, and lands on it in the conversation, marked for a
// moment. Screenshots of the results and of the message found, in both themes and at 700 px.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, type Person, screenshotDirectory, test } from './support/starlingHosts';
import {
  acceptRequest,
  bubble,
  chooseTheme,
  composer,
  copyOwnSessionId,
  createAccount,
  screenshotInBothThemes,
  showSidebar,
  writeTo,
} from './support/starlingUi';

const found = 'Shall we meet at Zoë’s Café on Friday? I will bring the maps.';
const laterCount = 60;

async function allowClipboard(person: Person): Promise<void> {
  await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(person.url).origin,
  });
}

const searchField = (page: Page) =>
  page.getByRole('searchbox', { name: 'Search conversations and messages' });
const messageResults = (page: Page) => page.getByRole('list', { name: 'Messages' });

test('Alice finds a message Bob sent long ago and jumps to it', async ({ network }) => {
  test.setTimeout(300_000);
  const alice = await network.person('alice');
  await allowClipboard(alice);
  await createAccount(alice.page, 'Alice');
  const aliceId = await copyOwnSessionId(alice.page);
  const bob = await network.person('bob');
  await createAccount(bob.page, 'Bob');

  await test.step('Bob writes, Alice accepts, and Bob writes a lot more', async () => {
    await writeTo(bob.page, aliceId, found);
    // Accepted first: until then a sender may keep only their newest 50 messages here.
    await acceptRequest(alice.page, 'Bob');
    await expect(bubble(alice.page, found)).toBeVisible();
    const field = composer(bob.page);
    for (let index = 1; index <= laterCount; index += 1) {
      await field.fill(`Later message number ${index}`);
      await field.press('Enter');
      await expect(field).toHaveValue('');
    }
    await expect(bubble(alice.page, `Later message number ${laterCount}`)).toBeVisible({ timeout: 60_000 });
    // A fresh start of the page loads only the newest page of history: the first message is beyond it.
    await alice.page.reload();
    await alice.page
      .getByRole('list', { name: 'Chats' })
      .getByRole('button')
      .filter({ hasText: 'Bob' })
      .click();
    await expect(bubble(alice.page, `Later message number ${laterCount}`)).toBeVisible();
    await expect(bubble(alice.page, found)).toHaveCount(0);
  });

  await test.step('Alice searches without accents, the last word half typed', async () => {
    await searchField(alice.page).fill('zoe caf');
    const result = messageResults(alice.page).getByRole('button').filter({ hasText: 'Bob' });
    await expect(result).toHaveCount(1);
    await expect(result).toContainText('Shall we meet at Zoë’s Café on Friday?');
    await expect(result.locator('mark')).toHaveText(['Zoë', 'Café']);
    await searchField(alice.page).fill('xylophone');
    await expect(alice.page.getByText('No messages match.')).toBeVisible();
    await screenshotInBothThemes(alice.page, 'search-results', async () => {
      await searchField(alice.page).fill('zoe caf');
      await expect(result.locator('mark')).toHaveText(['Zoë', 'Café']);
    });
  });

  await test.step('Alice opens the result with the keyboard and lands on the message', async () => {
    await chooseTheme(alice.page, 'light');
    await searchField(alice.page).fill('zoe caf');
    const result = messageResults(alice.page).getByRole('button').filter({ hasText: 'Bob' });
    await expect(result).toHaveCount(1);
    await searchField(alice.page).focus();
    // Down goes to the matching conversation row first (Bob's name matches nothing: straight to messages).
    await alice.page.keyboard.press('ArrowDown');
    await expect(result).toBeFocused();
    await alice.page.keyboard.press('Enter');
    const message = bubble(alice.page, found);
    await expect(message).toBeInViewport();
    await expect(alice.page.locator('.message--found')).toContainText(found);
    await alice.page.screenshot({ path: path.join(screenshotDirectory, 'search-found-light.png') });
    // The mark goes after a moment.
    await expect(alice.page.locator('.message--found')).toHaveCount(0, { timeout: 10_000 });
    // Newer history loads as she scrolls down, up to the newest message.
    await alice.page.getByRole('button', { name: /^Jump to the newest message/u }).click();
    await expect(bubble(alice.page, `Later message number ${laterCount}`)).toBeInViewport();
  });

  await test.step('At 700 px wide, in the dark theme', async () => {
    await chooseTheme(alice.page, 'dark');
    await alice.page.setViewportSize({ width: 700, height: 600 });
    // The theme was chosen in Settings, which a narrow window shows instead of the list.
    await showSidebar(alice.page);
    await searchField(alice.page).fill('zoe caf');
    const result = messageResults(alice.page).getByRole('button').filter({ hasText: 'Bob' });
    await expect(result.locator('mark')).toHaveText(['Zoë', 'Café']);
    await alice.page.screenshot({ path: path.join(screenshotDirectory, 'search-results-700-dark.png') });
    await result.click();
    await expect(bubble(alice.page, found)).toBeInViewport();
    await alice.page.screenshot({ path: path.join(screenshotDirectory, 'search-found-700-dark.png') });
    await alice.page.setViewportSize({ width: 1280, height: 800 });
  });
});
