// Issue 17's emoji picker end to end: Bob reacts to Ada's message with an emoji he found by search,
// in the skin tone he chose, and Ada sees it; Ada inserts an emoji found in the composer's picker,
// and Bob reads it; after a reload Bob's picker opens on Recent with his pick first, in his tone.
// Screenshots of the picker opened from the composer and from a message, in both themes and at
// 700 px wide.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { runStarling } from '../test/starlingProcess';
import { expect, type Person, screenshotDirectory, test } from './support/starlingHosts';
import {
  acceptRequest,
  bubble,
  chatsTab,
  showSidebar,
  composer,
  conversationRow,
  createAccount,
  screenshotInBothThemes,
  send,
  writeTo,
} from './support/starlingUi';

async function sessionIdOf(person: Person, cwd: string): Promise<string> {
  const shown = await runStarling(['account', 'show', '--profile', person.profileDirectory], { cwd });
  return (JSON.parse(shown.stdout) as { sessionId: string }).sessionId;
}

async function openChat(page: Page, name: string): Promise<void> {
  await showSidebar(page);
  await chatsTab(page).click();
  await conversationRow(page, 'Chats', name).click();
}

const picker = (page: Page, name: string) => page.getByRole('dialog', { name });
const searchField = (page: Page) => page.getByRole('searchbox', { name: 'Search emoji' });

/** A message's actions menu, then "More reactions": the picker, its search field in focus. */
async function openReactionPicker(page: Page, text: string): Promise<void> {
  await bubble(page, text).click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'More actions' })
    .getByRole('menuitem', { name: 'More reactions' })
    .click();
  await expect(searchField(page)).toBeFocused();
}

/** The picker in both themes, then the dark one at 700 px wide (and back to 1280 px). */
async function screenshotPicker(page: Page, name: string, show: () => Promise<void>): Promise<void> {
  await screenshotInBothThemes(page, name, show);
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 700, height: 600 });
  await show();
  await page.screenshot({ path: path.join(screenshotDirectory, `${name}-700.png`) });
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1280, height: 720 });
}

const question = 'Lunch at noon on Friday?';

test('a reaction found by search in the picker reaches the other side, and Recent remembers it', async ({
  network,
}) => {
  test.setTimeout(240_000);
  const [ada, bob] = await Promise.all([network.person('ada'), network.person('bob')]);
  await createAccount(ada.page, 'Ada');
  await createAccount(bob.page, 'Bob');
  const bobId = await sessionIdOf(bob, network.directory);

  await test.step('Ada writes to Bob, who accepts', async () => {
    await writeTo(ada.page, bobId, question);
    await acceptRequest(bob.page, 'Ada');
    await expect(bubble(bob.page, question)).toBeVisible();
  });

  await test.step('Bob chooses a skin tone and reacts with thumbs up, found by “thumb”', async () => {
    await openReactionPicker(bob.page, question);
    const dialog = picker(bob.page, 'More reactions');
    await dialog.getByRole('button', { name: 'Skin tone: No' }).click();
    await dialog
      .getByRole('group', { name: 'Skin tone' })
      .getByRole('button', { name: 'Medium skin tone' })
      .click();
    await expect(dialog.getByRole('button', { name: 'Skin tone: Medium' })).toBeFocused();
    await searchField(bob.page).fill('thumb');
    const first = dialog.getByRole('grid', { name: 'Emoji for “thumb”' }).getByRole('gridcell').first();
    await expect(first).toHaveAccessibleName('thumbs up: medium skin tone');
    await searchField(bob.page).press('ArrowDown');
    await expect(first).toBeFocused();
    await first.press('Enter');
    await expect(dialog).toBeHidden();
    // The focus is back on the message it reacted to.
    await expect(bubble(bob.page, question)).toBeFocused();
    await expect(bob.page.getByRole('button', { name: '👍🏽 1, including you' })).toBeVisible();
    await expect(ada.page.getByRole('button', { name: '👍🏽 1', exact: true })).toBeVisible({
      timeout: 45_000,
    });
  });

  await test.step('Ada inserts an emoji from the composer’s picker; Bob reads it', async () => {
    await composer(ada.page).fill('See you there ');
    await ada.page.getByRole('button', { name: 'Insert emoji' }).click();
    await expect(searchField(ada.page)).toBeFocused();
    await searchField(ada.page).fill('tada');
    await searchField(ada.page).press('Enter');
    await expect(picker(ada.page, 'Insert emoji')).toBeHidden();
    await expect(composer(ada.page)).toBeFocused();
    await expect(composer(ada.page)).toHaveValue('See you there 🎉');
    await composer(ada.page).press('Enter');
    await expect(bubble(bob.page, 'See you there 🎉')).toBeVisible({ timeout: 45_000 });
  });

  await test.step('after a reload, Bob’s picker opens on Recent with his pick first, in his tone', async () => {
    await bob.page.reload();
    await openChat(bob.page, 'Ada');
    await openReactionPicker(bob.page, question);
    const dialog = picker(bob.page, 'More reactions');
    await expect(dialog.getByRole('tab', { name: 'Recent' })).toHaveAttribute('aria-selected', 'true');
    await expect(
      dialog.getByRole('grid', { name: 'Recent' }).getByRole('gridcell').first(),
    ).toHaveAccessibleName('thumbs up: medium skin tone');
    await bob.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  await test.step('screenshots: the picker from a message and from the composer', async () => {
    await screenshotInBothThemes(bob.page, 'emoji-more-reactions-menu', async () => {
      await openChat(bob.page, 'Ada');
      await bubble(bob.page, question).click({ button: 'right' });
      await expect(bob.page.getByRole('menuitem', { name: 'More reactions' })).toBeVisible();
    });
    await bob.page.keyboard.press('Escape');
    await screenshotPicker(bob.page, 'emoji-picker-reaction', async () => {
      await openChat(bob.page, 'Ada');
      await openReactionPicker(bob.page, question);
      await searchField(bob.page).fill('heart');
      await expect(picker(bob.page, 'More reactions').getByRole('gridcell').first()).toBeVisible();
    });
    await send(bob.page, 'Friday works');
    await screenshotPicker(bob.page, 'emoji-picker-composer', async () => {
      await openChat(bob.page, 'Ada');
      await bob.page.getByRole('button', { name: 'Insert emoji' }).click();
      const dialog = picker(bob.page, 'Insert emoji');
      await dialog.getByRole('tab', { name: 'People & body' }).click();
      await expect(dialog.getByRole('grid', { name: 'People & body' })).toBeVisible();
    });
  });
});
