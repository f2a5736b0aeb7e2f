// Issue 13 end to end: Ada's account on two hosts (the second restored from her phrase) shows the
// same name and contacts; a nickname and a pin set on one host appear on the other. Screenshots of
// the nickname dialog and the pinned, nicknamed row in both themes, and at 700 px wide.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, type Person, screenshotDirectory, test } from './support/starlingHosts';
import {
  chatsTab,
  chooseTheme,
  conversation,
  conversationRow,
  copyOwnSessionId,
  createAccount,
  openNewConversation,
  openProfile,
  restoreAccount,
  screenshotInBothThemes,
  send,
} from './support/starlingUi';

async function allowClipboard(person: Person): Promise<void> {
  await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(person.url).origin,
  });
}

async function openOptions(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Conversation options' }).click();
}

test('a nickname and a pin set on one device appear on the account’s other device', async ({ network }) => {
  test.setTimeout(240_000);
  const ada = await network.person('ada');
  await allowClipboard(ada);
  const phrase = await createAccount(ada.page, 'Ada');
  const bob = await network.person('bob');
  await allowClipboard(bob);
  await createAccount(bob.page, 'Bob');
  const bobId = await copyOwnSessionId(bob.page);

  await openNewConversation(ada.page);
  await ada.page.getByRole('textbox', { name: 'Session ID' }).fill(bobId);
  await ada.page.getByRole('button', { name: 'Start conversation' }).click();
  await send(ada.page, 'Hello Bob');

  // Her second device: restored from the phrase, with her name and her conversation with Bob.
  const laptop = await network.person('ada-laptop');
  await restoreAccount(laptop.page, phrase);
  await openProfile(laptop.page);
  await expect(laptop.page.getByRole('textbox', { name: 'Display name' })).toHaveValue('Ada');
  await chatsTab(laptop.page).click();
  await expect(conversationRow(laptop.page, 'Chats', 'Hello Bob')).toBeVisible({ timeout: 30_000 });

  await test.step('Ada gives Bob a nickname and pins him on her first device', async () => {
    await chatsTab(ada.page).click();
    await conversationRow(ada.page, 'Chats', 'Hello Bob').click();
    const dialogShown = async (): Promise<void> => {
      await chatsTab(ada.page).click();
      await conversationRow(ada.page, 'Chats', 'Hello Bob').click();
      await openOptions(ada.page);
      await ada.page.getByRole('menuitem', { name: /nickname…$/u }).click();
      await expect(ada.page.getByRole('dialog')).toBeVisible();
    };
    for (const theme of ['dark', 'light'] as const) {
      await chooseTheme(ada.page, theme);
      await dialogShown();
      await ada.page.screenshot({ path: path.join(screenshotDirectory, `nickname-dialog-${theme}.png`) });
      await ada.page.keyboard.press('Escape');
      await expect(ada.page.getByRole('dialog')).toBeHidden();
    }
    await dialogShown();
    await ada.page.getByRole('dialog').getByLabel('Nickname').fill('Bobby');
    await ada.page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect(conversation(ada.page, 'Bobby')).toBeVisible();
    await openOptions(ada.page);
    await ada.page.getByRole('menuitem', { name: 'Pin to top' }).click();
    await expect(
      conversationRow(ada.page, 'Chats', 'Bobby').getByRole('img', { name: 'Pinned' }),
    ).toBeVisible();
  });

  await test.step('her other device shows both', async () => {
    const row = conversationRow(laptop.page, 'Chats', 'Bobby');
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.getByRole('img', { name: 'Pinned' })).toBeVisible({ timeout: 30_000 });
    await row.click();
    await expect(conversation(laptop.page, 'Bobby')).toBeVisible();
    await screenshotInBothThemes(laptop.page, 'nicknamed-pinned', async () => {
      await chatsTab(laptop.page).click();
      await laptop.page
        .getByRole('list', { name: 'Chats' })
        .getByRole('button')
        .filter({ hasText: 'Bobby' })
        .click();
      await expect(conversation(laptop.page, 'Bobby')).toBeVisible();
    });
    await laptop.page.setViewportSize({ width: 700, height: 600 });
    await laptop.page.screenshot({ path: path.join(screenshotDirectory, 'nicknamed-pinned-700.png') });
  });
});
