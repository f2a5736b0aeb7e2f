// A narrow window (#17.3): below 800 px the sidebar and the screen in use are not squeezed side by
// side; the list fills the window, an opened conversation or screen replaces it with a way back.
// Screenshots of every main screen at 700×600 and 1280×800 in both themes.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import {
  chooseTheme,
  conversationRow,
  createAccount,
  openNewConversation,
  openProfile,
  openSettings,
  writeTo,
} from './support/starlingUi';

const stranger = `05${'3c'.repeat(32)}`;
const sizes = [
  { name: '700', width: 700, height: 600 },
  { name: '1280', width: 1280, height: 800 },
] as const;

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const back = (page: Page) => page.getByRole('button', { name: 'Back to chats' });

/** In a narrow window the sidebar's buttons are behind the way back. */
async function toList(page: Page): Promise<void> {
  if (await back(page).isVisible()) await back(page).click();
}

test('a narrow window shows the list or the screen in use, with a way back', async ({ network }) => {
  test.setTimeout(240_000);
  const ada = await network.person('ada');
  const page = ada.page;
  await createAccount(page, 'Ada Lovelace');
  await writeTo(page, stranger, 'A first message, long enough to wrap in a narrow window at least once.');

  await page.setViewportSize({ width: 700, height: 600 });
  // The conversation is open: the list gives it the window, and the way back is there.
  await expect(sidebar(page)).toBeHidden();
  await back(page).click();
  await expect(sidebar(page)).toBeVisible();
  await expect(page.getByRole('region', { name: /^Conversation with/u })).toBeHidden();
  // The focus is not lost with the hidden half: back on the row of the conversation it came from,
  // and opening it again puts it on the pane's way back (or what the pane focused itself).
  await expect(conversationRow(page, 'Chats', '053c3c')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /^Conversation with/u })).toBeVisible();
  await expect(page.locator(':focus')).toBeVisible();
  await page.keyboard.press('Tab');
  await back(page).click();
  await expect(conversationRow(page, 'Chats', '053c3c')).toBeFocused();
  // The tabs fit and are whole.
  for (const tab of [/^Chats\b/u, /^Message requests\b/u]) {
    const box = (await page.getByRole('button', { name: tab }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(700);
  }
  await openSettings(page);
  await expect(sidebar(page)).toBeHidden();
  await back(page).click();
  await expect(sidebar(page)).toBeVisible();

  const screens: readonly (readonly [string, () => Promise<void>])[] = [
    [
      'list',
      async () => {
        await page.getByRole('button', { name: /^Chats\b/u }).click();
      },
    ],
    [
      'conversation',
      async () => {
        await page.getByRole('button', { name: /^Chats\b/u }).click();
        await conversationRow(page, 'Chats', '053c3c').click();
        await expect(page.getByRole('region', { name: /^Conversation with/u })).toBeVisible();
      },
    ],
    ['settings', () => openSettings(page)],
    ['profile', () => openProfile(page)],
    ['new-conversation', () => openNewConversation(page)],
  ];
  for (const theme of ['light', 'dark'] as const) {
    await toList(page);
    await chooseTheme(page, theme);
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const [name, show] of screens) {
        await toList(page);
        await show();
        // Wide windows never show the way back: the list is beside the screen.
        if (size.width > 800) await expect(back(page)).toBeHidden();
        await page.screenshot({
          path: path.join(screenshotDirectory, `narrow-${name}-${size.name}-${theme}.png`),
        });
      }
    }
  }
});
