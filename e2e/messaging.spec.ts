// Issue 6 end to end: two people on their own `starling serve` hosts create accounts, exchange
// Session IDs by copy and by QR code (a saved PNG read from a file, and a code held up to a fake
// camera), then write to each other: the first message is a request to accept, replies quote,
// reactions, read receipts, typing indicators and unsend reach the other side, and the account
// restored from its phrase on a third host finds the conversation's history. Screenshots of the
// main screens in both themes are kept in out/e2e/screenshots/.
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumArguments, chromiumPath } from '../test/chromium';
import { writeQrVideo } from './support/qrVideo';
import { expect, type Person, screenshotDirectory, test } from './support/starlingHosts';
import {
  bubble,
  chatsTab,
  chooseTheme,
  composer,
  conversation,
  conversationRow,
  copyOwnSessionId,
  createAccount,
  messageAction,
  openNewConversation,
  openProfile,
  openSettings,
  requestsTab,
  restoreAccount,
  saveSessionIdQr,
  screenshotInBothThemes,
  send,
  setSwitch,
} from './support/starlingUi';

/** Lets the page use the clipboard (the Profile's Copy, and reading what it copied). */
async function allowClipboard(person: Person): Promise<void> {
  await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(person.url).origin,
  });
}

const sessionIdField = (page: Page) => page.getByRole('textbox', { name: 'Session ID' });

/** New conversation's "From an image", choosing `file` in the file dialog it opens. */
async function readQrFromFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'From an image' }).click(),
  ]);
  await chooser.setFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'from the image' })).toBeVisible();
}

const first = 'Hello Bob, Ada here. I read your QR code from the picture you sent.';
const reply = 'Hi Ada! I scanned yours with my camera.';
const second = 'Did this one arrive too?';
const typed = 'Yes, both arrived';
const mistake = 'Oops, this was meant for someone else';

test('two people exchange IDs by copy and QR, chat, and the history comes back on restore', async ({
  network,
}) => {
  test.setTimeout(300_000);
  let camera: Browser | undefined;
  try {
    // Ada: an account, her Session ID copied and her QR code saved as PNG.
    const ada = await network.person('ada');
    await allowClipboard(ada);
    const adaPhrase = await createAccount(ada.page, 'Ada');
    await chooseTheme(ada.page, 'light');
    const adaQr = path.join(network.directory, 'ada-qr.png');
    await saveSessionIdQr(ada.page, adaQr);
    const adaId = await copyOwnSessionId(ada.page);
    await screenshotInBothThemes(ada.page, 'profile', async () => {
      await openProfile(ada.page);
      await expect(ada.page.getByRole('img', { name: 'QR code of your Session ID' })).toBeVisible();
    });

    // Bob's camera shows Ada's QR code: Chromium takes the fake video at launch.
    const video = path.join(network.directory, 'ada-qr.y4m');
    await writeQrVideo(adaQr, video);
    camera = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArguments(video) });
    const bob = await network.person('bob', { browser: camera });
    await allowClipboard(bob);
    await createAccount(bob.page, 'Bob');
    await chooseTheme(bob.page, 'light');
    const bobQr = path.join(network.directory, 'bob-qr.png');
    await saveSessionIdQr(bob.page, bobQr);
    const bobId = await copyOwnSessionId(bob.page);
    expect(bobId).not.toBe(adaId);

    await test.step('Bob reads Ada’s Session ID with the camera', async () => {
      await openNewConversation(bob.page);
      await bob.page.getByRole('button', { name: 'Scan QR code' }).click();
      await expect(sessionIdField(bob.page)).toHaveValue(adaId);
      await expect(bob.page.getByRole('status').filter({ hasText: 'from the QR code' })).toBeVisible();
      await expect(bob.page.getByRole('button', { name: 'Start conversation' })).toBeFocused();
    });

    await test.step('Ada takes Bob’s Session ID as copied, then from his QR image, and writes', async () => {
      await openNewConversation(ada.page);
      await sessionIdField(ada.page).fill(bobId);
      await expect(ada.page.getByText('Valid Session ID:')).toBeVisible();
      await sessionIdField(ada.page).fill('');
      await readQrFromFile(ada.page, bobQr);
      await expect(sessionIdField(ada.page)).toHaveValue(bobId);
      await screenshotInBothThemes(ada.page, 'new-conversation', async () => {
        await openNewConversation(ada.page);
        await readQrFromFile(ada.page, bobQr);
      });
      await ada.page.getByRole('button', { name: 'Start conversation' }).click();
      await expect(ada.page.getByText('No messages yet. Say hello!')).toBeVisible();
      await send(ada.page, first);
      await expect(bubble(ada.page, first).getByRole('img', { name: 'Sent' })).toBeVisible();
    });

    await test.step('Bob turns read receipts and typing indicators on; Ada turns typing on', async () => {
      await setSwitch(bob.page, 'Read receipts', true);
      await setSwitch(bob.page, 'Typing indicators', true);
      await setSwitch(ada.page, 'Typing indicators', true);
    });

    await test.step('the first message is a request at Bob’s; he accepts it', async () => {
      await expect(requestsTab(bob.page)).toHaveAccessibleName('Message requests, 1 waiting');
      await requestsTab(bob.page).click();
      await conversationRow(bob.page, 'Message requests', 'Ada').click();
      const requestBar = bob.page.getByRole('region', { name: 'Message request' });
      await expect(requestBar).toContainText('Ada wants to send you messages');
      await expect(bubble(bob.page, first)).toBeVisible();
      await screenshotInBothThemes(bob.page, 'requests', async () => {
        await requestsTab(bob.page).click();
        await conversationRow(bob.page, 'Message requests', 'Ada').click();
        await expect(requestBar).toBeVisible();
      });
      await requestBar.getByRole('button', { name: 'Accept' }).click();
      await expect(requestBar).toBeHidden();
      await expect(chatsTab(bob.page)).toHaveAttribute('aria-pressed', 'true');
      await expect(conversationRow(bob.page, 'Chats', 'Ada')).toBeVisible();
      await expect(requestsTab(bob.page)).toHaveAccessibleName('Message requests');
    });

    await test.step('Bob replies with a quote; Ada sees it and reacts', async () => {
      await messageAction(bob.page, first, 'Reply');
      await expect(bob.page.getByText('Replying to Ada')).toBeVisible();
      await send(bob.page, reply);
      // Ada comes back from Settings to the conversation, now named by Bob's display name.
      await chatsTab(ada.page).click();
      await expect(conversation(ada.page, 'Bob')).toBeVisible();
      const received = bubble(ada.page, reply);
      await expect(received).toBeVisible();
      await expect(received.getByRole('blockquote')).toContainText(first);
      await messageAction(ada.page, reply, 'React with thumbs up');
      await expect(ada.page.getByRole('button', { name: '👍 1, including you' })).toBeVisible();
      await expect(bob.page.getByRole('button', { name: '👍 1', exact: true })).toBeVisible();
    });

    await test.step('Bob reads Ada’s next message: she sees it read', async () => {
      await send(ada.page, second);
      await expect(bubble(bob.page, second)).toBeVisible();
      await expect(bubble(ada.page, second).getByRole('img', { name: 'Read' })).toBeVisible();
    });

    await test.step('Ada sees Bob typing until he sends', async () => {
      // Bob keeps typing, a key every 300 ms as a person would, so that the indicator he sends is
      // not followed by a "stopped" (3 s idle) before Ada's next poll.
      let stillTyping = true;
      const typist = (async () => {
        for (let index = 0; stillTyping; index += 1) {
          await composer(bob.page).pressSequentially(typed[index % typed.length]!);
          await bob.page.waitForTimeout(300);
        }
      })();
      try {
        const indicator = conversation(ada.page, 'Bob').getByRole('status').filter({ hasText: 'typing…' });
        await expect(indicator).toBeVisible();
        await expect(conversationRow(ada.page, 'Chats', 'Bob')).toContainText('typing…');
        await screenshotInBothThemes(ada.page, 'conversation-typing', async () => {
          await chatsTab(ada.page).click();
          await expect(indicator).toBeVisible();
        });
      } finally {
        stillTyping = false;
        await typist;
      }
      await composer(bob.page).fill(typed);
      await composer(bob.page).press('Enter');
      await expect(bubble(ada.page, typed)).toBeVisible();
      await expect(conversation(ada.page, 'Bob').getByText('typing…')).toBeHidden();
    });

    await test.step('Ada unsends a message: deleted at both sides', async () => {
      await send(ada.page, mistake);
      await expect(bubble(bob.page, mistake)).toBeVisible();
      await messageAction(ada.page, mistake, 'Delete for everyone');
      const dialog = ada.page.getByRole('dialog', { name: 'Delete for everyone?' });
      await expect(dialog).toContainText('deleted here and on Bob');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(dialog).toBeHidden();
      await expect(bubble(ada.page, mistake)).toHaveCount(0);
      await expect(ada.page.getByText('This message was deleted')).toBeVisible();
      await expect(bob.page.getByText('This message was deleted')).toBeVisible();
      await expect(bubble(bob.page, mistake)).toHaveCount(0);
    });

    await test.step('screenshots: the conversation with a reply and a reaction, and settings', async () => {
      await screenshotInBothThemes(ada.page, 'conversation', async () => {
        await chatsTab(ada.page).click();
        await expect(bubble(ada.page, reply).getByRole('blockquote')).toBeVisible();
      });
      await screenshotInBothThemes(bob.page, 'conversation-bob', async () => {
        await chatsTab(bob.page).click();
        await expect(bob.page.getByRole('button', { name: '👍 1', exact: true })).toBeVisible();
      });
      await screenshotInBothThemes(ada.page, 'settings', async () => {
        await openSettings(ada.page);
        // Choosing the theme scrolled the page down to it: the screenshot starts at the top.
        await ada.page.getByRole('heading', { name: 'Settings', level: 1 }).scrollIntoViewIfNeeded();
        await expect(ada.page.getByText(/Connected through \d onion path/u)).toBeVisible();
      });
      // Ada never turned read receipts on: Bob's messages stay "Sent".
      await expect(bubble(bob.page, typed).getByRole('img', { name: 'Sent' })).toBeVisible();
    });

    await test.step('Ada restores her account on a third host and finds the history', async () => {
      const again = await network.person('ada-desktop');
      await restoreAccount(again.page, adaPhrase);
      const row = conversationRow(again.page, 'Chats', 'Bob');
      await expect(row).toBeVisible();
      await screenshotInBothThemes(again.page, 'conversation-list', async () => {
        await chatsTab(again.page).click();
        await expect(again.page.getByRole('heading', { name: 'Pick a conversation' })).toBeVisible();
      });
      await row.click();
      await expect(conversation(again.page, 'Bob')).toBeVisible();
      for (const text of [first, reply, second, typed]) {
        await expect(bubble(again.page, text)).toBeVisible();
      }
      await expect(bubble(again.page, mistake)).toHaveCount(0);
      await again.page.screenshot({
        path: path.join(screenshotDirectory, 'restored-conversation-light.png'),
      });
    });
  } finally {
    await camera?.close();
  }
});
