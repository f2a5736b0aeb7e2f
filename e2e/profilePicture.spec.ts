// Issue 16 end to end, profile pictures: Alice chooses a photo in her Profile, frames it (the blue
// corner of a red photo), and saves it; her avatar shows it at once. Bob, on his own host, sees it
// beside her name once he accepts the message request her next message opened. Screenshots of the framing dialog, the profile
// and Bob's conversation list in both themes and at 700 px wide.
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import {
  chatsTab,
  conversationRow,
  copyOwnSessionId,
  createAccount,
  openProfile,
  requestsTab,
  screenshotInBothThemes,
  writeTo,
  acceptRequest,
} from './support/starlingUi';

/** A 1200 × 800 photo: red, with a blue square in its bottom-right corner. */
async function photo(): Promise<Buffer> {
  const blue = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#2563eb' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#dc2626' } })
    .composite([{ input: blue, left: 800, top: 400 }])
    .jpeg()
    .toBuffer();
}

/** The colour at the middle of a shown picture, read from its pixels in the page. */
async function middleColour(page: Page, picture: ReturnType<Page['getByTestId']>): Promise<string> {
  const box = (await picture.boundingBox())!;
  const shot = await page.screenshot({
    clip: { x: box.x + box.width / 2 - 1, y: box.y + box.height / 2 - 1, width: 2, height: 2 },
  });
  const { data } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
  const [red, , blue] = [data[0]!, data[1]!, data[2]!];
  return blue > 150 && red < 100
    ? 'blue'
    : red > 150 && blue < 100
      ? 'red'
      : `rgb(${data[0]}, ${data[1]}, ${data[2]})`;
}

test('a profile picture chosen and framed by Alice reaches Bob', async ({ network }) => {
  test.setTimeout(240_000);
  const [alice, bob] = await Promise.all([network.person('alice'), network.person('bob')]);
  // Copying Bob's Session ID goes through the clipboard.
  await bob.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(bob.url).origin,
  });
  await createAccount(alice.page, 'Alice');
  await createAccount(bob.page, 'Bob');
  const bobId = await copyOwnSessionId(bob.page);

  await test.step('Alice frames the blue corner of her photo and saves it', async () => {
    await openProfile(alice.page);
    await alice.page.getByTestId('profile-picture-input').setInputFiles({
      name: 'crag.jpg',
      mimeType: 'image/jpeg',
      buffer: await photo(),
    });
    const dialog = alice.page.getByRole('dialog', { name: 'Frame your picture' });
    await expect(dialog).toBeVisible();
    const frame = dialog.getByRole('group', { name: 'Picture framing' });
    // Zoomed to 2× and moved to the bottom-right corner with the keys.
    await dialog.getByRole('slider', { name: 'Zoom' }).fill('2');
    await frame.focus();
    for (let step = 0; step < 40; step += 1) {
      await frame.press('ArrowRight');
      await frame.press('ArrowDown');
    }
    await alice.page.screenshot({ path: path.join(screenshotDirectory, 'picture-framing.png') });
    await dialog.getByRole('button', { name: 'Save picture' }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    const avatar = alice.page.locator('.profile-header').getByTestId('profile-picture');
    await expect(avatar).toBeVisible();
    expect(await middleColour(alice.page, avatar)).toBe('blue');
    await expect(alice.page.getByRole('button', { name: 'Remove' })).toBeVisible();
    await screenshotInBothThemes(alice.page, 'picture-profile', async () => {
      await openProfile(alice.page);
      await expect(alice.page.locator('.profile-header').getByTestId('profile-picture')).toBeVisible();
    });
  });

  await test.step('Bob sees her picture once he accepts her message request', async () => {
    await writeTo(alice.page, bobId, 'Look, a picture');
    await requestsTab(bob.page).click();
    const request = conversationRow(bob.page, 'Message requests', 'Alice');
    await expect(request).toBeVisible({ timeout: 60_000 });
    // A stranger's picture is not fetched until their request is accepted (a flood of requests
    // must not cost a download each): the request shows her initials.
    await expect(request.getByTestId('profile-picture')).toHaveCount(0);
    await acceptRequest(bob.page, 'Alice');
    const row = conversationRow(bob.page, 'Chats', 'Alice');
    await expect(row.getByTestId('profile-picture')).toBeVisible({ timeout: 30_000 });
    expect(await middleColour(bob.page, row.getByTestId('profile-picture'))).toBe('blue');
    await screenshotInBothThemes(bob.page, 'picture-conversation', async () => {
      await chatsTab(bob.page).click();
      await row.click();
      await expect(row.getByTestId('profile-picture')).toBeVisible();
    });
    await bob.page.setViewportSize({ width: 700, height: 600 });
    await bob.page.screenshot({ path: path.join(screenshotDirectory, 'picture-conversation-700.png') });
  });
});
