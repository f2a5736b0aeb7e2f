// Issue 16 end to end: Alice pastes an image into the composer and drops a document on the
// conversation; Bob, on his own host, sees the image by itself (downloaded as it came), opens it in
// the viewer, downloads the document on click and saves it with the same bytes. Screenshots of the
// tray, the bubbles and the viewer in both themes and at 700 px wide.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import {
  bubble,
  chatsTab,
  composer,
  conversationRow,
  copyOwnSessionId,
  createAccount,
  screenshotInBothThemes,
  writeTo,
  acceptRequest,
} from './support/starlingUi';

const imagePath = path.resolve(__dirname, '..', 'assets', 'icons', '256x256.png');
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const document = Buffer.from(
  Array.from({ length: 400 }, (_, line) => `line ${line}: the minutes of the meeting\n`).join(''),
);

/** Back to a conversation (the screenshots go through Settings to change the theme). */
async function openChat(page: Page, name: string): Promise<void> {
  await chatsTab(page).click();
  await conversationRow(page, 'Chats', name).click();
}

/** Pastes files into the composer as a screenshot or a file manager's copy would. */
async function pasteFiles(
  page: Page,
  files: { name: string; type: string; base64: string }[],
): Promise<void> {
  await composer(page).evaluate((field, given) => {
    const transfer = new DataTransfer();
    for (const file of given) {
      const bytes = Uint8Array.from(atob(file.base64), (character) => character.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    field.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
  }, files);
}

/** Drags files from outside the window and drops them on the open conversation. */
async function dropFiles(page: Page, files: { name: string; type: string; base64: string }[]): Promise<void> {
  const transfer = await page.evaluateHandle((given) => {
    const data = new DataTransfer();
    for (const file of given) {
      const bytes = Uint8Array.from(atob(file.base64), (character) => character.charCodeAt(0));
      data.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return data;
  }, files);
  const target = page.getByRole('region', { name: 'Conversation history' });
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(page.getByText(/^Drop files to send to /u)).toBeVisible();
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

test('an image by paste and a document by drag and drop reach the other side', async ({ network }) => {
  test.setTimeout(240_000);
  const [alice, bob] = await Promise.all([network.person('alice'), network.person('bob')]);
  for (const person of [alice, bob]) {
    await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(person.url).origin,
    });
  }
  await createAccount(alice.page, 'Alice');
  await createAccount(bob.page, 'Bob');
  const bobId = await copyOwnSessionId(bob.page);
  const image = await readFile(imagePath);

  await test.step('Alice writes to Bob, who accepts', async () => {
    await writeTo(alice.page, bobId, 'Photos of the crag coming');
    await acceptRequest(bob.page, 'Alice');
  });

  await test.step('Alice pastes an image and drops a document; both wait in the tray', async () => {
    await pasteFiles(alice.page, [{ name: 'crag.png', type: 'image/png', base64: image.toString('base64') }]);
    await dropFiles(alice.page, [
      { name: 'minutes.txt', type: 'text/plain', base64: document.toString('base64') },
    ]);
    const tray = alice.page.getByRole('list', { name: '2 files to send' });
    await expect(tray.getByText('crag.png')).toBeVisible();
    await expect(tray.getByText('minutes.txt')).toBeVisible();
    await expect(tray.getByText(`${Math.round(document.length / 1000)} KB`)).toBeVisible();
    await screenshotInBothThemes(alice.page, 'files-tray', async () => {
      await openChat(alice.page, 'Bob');
      await expect(tray).toBeVisible();
    });
    await composer(alice.page).fill('The crag, and the minutes');
    await composer(alice.page).press('Enter');
    await expect(tray).toBeHidden();
    await expect(bubble(alice.page, 'The crag, and the minutes')).toBeVisible();
  });

  await test.step('Bob sees the image by itself, opens it, and downloads and saves the document', async () => {
    const message = bubble(bob.page, 'The crag, and the minutes');
    await expect(message).toBeVisible({ timeout: 45_000 });
    await expect(message.getByRole('img', { name: 'crag.png' })).toBeVisible({ timeout: 30_000 });
    await message.getByRole('button', { name: 'Download minutes.txt' }).click();
    const save = message.getByRole('button', { name: 'Save minutes.txt' });
    await expect(save).toBeVisible({ timeout: 30_000 });
    const [download] = await Promise.all([bob.page.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toBe('minutes.txt');
    expect(sha256(await readFile(await download.path()))).toBe(sha256(document));

    await screenshotInBothThemes(bob.page, 'files-conversation', async () => {
      await openChat(bob.page, 'Alice');
      await expect(message.getByRole('img', { name: 'crag.png' })).toBeVisible();
    });
    await bob.page.setViewportSize({ width: 700, height: 600 });
    await bob.page.screenshot({ path: path.join(screenshotDirectory, 'files-conversation-700.png') });
    await bob.page.setViewportSize({ width: 1280, height: 800 });

    await message.getByRole('button', { name: 'Open image crag.png' }).click();
    const viewer = bob.page.getByRole('dialog', { name: /crag\.png/u });
    await expect(viewer.getByRole('img', { name: 'crag.png' })).toBeVisible();
    await bob.page.screenshot({ path: path.join(screenshotDirectory, 'files-viewer.png') });
    await bob.page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
  });
});
