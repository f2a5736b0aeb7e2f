// Issue 15 end to end: Alice and Bob join the devnet's community room in the UI, Alice by its link
// and Bob from the server's room list. They post, Bob mentions Alice with the picker (she reads
// "@You", marked), Bob reacts and sees who reacted, and a moderator (made one with the devnet's admin
// command) pins a message, bans a member and lifts the ban in the room's moderation tools, and gives
// the room a description in its settings; Alice shares an image, which Bob's engine fetches from the
// room. Screenshots of the join screen, the mention picker and the mention, the room, its image, its
// information, its moderation tools and settings, in both themes and at 700 px wide.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, type Person, screenshotDirectory, test } from './support/starlingHosts';
import {
  bubble,
  chatsTab,
  showSidebar,
  conversationRow,
  createAccount,
  openNewConversation,
  chooseTheme,
  send,
} from './support/starlingUi';

const run = promisify(execFile);
/** A picture to share (the app's icon), under the name a person would give it. */
const imagePath = path.resolve(__dirname, '..', 'assets', 'icons', '256x256.png');
const starling = path.resolve(__dirname, '..', 'bin', 'starling.js');

interface CommunityServer {
  readonly url: string;
  readonly publicKey: string;
  readonly rooms: readonly string[];
}

async function communityServer(networkFile: string): Promise<CommunityServer> {
  const network = JSON.parse(await readFile(networkFile, 'utf8')) as {
    communityServers: CommunityServer[];
  };
  return network.communityServers[0]!;
}

/** `starling devnet community …` on the running devnet: what its admin would do. */
async function administer(devnetDirectory: string, args: readonly string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [
    starling,
    'devnet',
    'community',
    ...args,
    '--dir',
    devnetDirectory,
  ]);
  return JSON.parse(stdout) as unknown;
}

const room = (page: Page, name: string) => page.getByRole('region', { name: `Community ${name}` });

async function openRoom(page: Page, name: string): Promise<void> {
  await showSidebar(page);
  await chatsTab(page).click();
  await conversationRow(page, 'Chats', name).click();
  await expect(room(page, name)).toBeVisible();
}

async function ownRoomId(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Room information' }).click();
  const dialog = page.getByRole('dialog');
  const id = (await dialog.getByTestId('own-room-id').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Close' }).click();
  return id;
}

test('two people meet in a community room: join, post, mention, react, pin, ban and unban', async ({
  network,
}) => {
  test.setTimeout(600_000);
  const server = await communityServer(network.devnet.networkFile);
  const token = server.rooms[0]!;
  const link = `${server.url}/${token}?public_key=${server.publicKey}`;
  const [alice, bob] = await Promise.all([network.person('alice'), network.person('bob')]);
  await createAccount(alice.page, 'Alice');
  await createAccount(bob.page, 'Bob');
  let roomName = '';

  await test.step('Alice joins by the link, after the field said what was wrong with a bad one', async () => {
    await openNewConversation(alice.page);
    const field = alice.page.getByRole('textbox', { name: 'Community link' });
    await field.fill(`${server.url}/${token}`);
    await field.blur();
    await expect(alice.page.getByText(/lacks the server’s key/u)).toBeVisible();
    await field.fill(link);
    await expect(alice.page.getByText(`The room ${token} on`)).toBeVisible();
    await alice.page.getByRole('button', { name: 'Join room' }).click();
    const header = alice.page.locator('.conversation-header');
    await expect(header.getByText(new URL(server.url).host)).toBeVisible({ timeout: 30_000 });
    roomName = (await header.getByRole('heading').textContent()) ?? '';
    expect(roomName).not.toBe('');
    await expect(room(alice.page, roomName)).toBeVisible();
  });

  await test.step('Bob finds the room in the server’s list and joins it', async () => {
    await openNewConversation(bob.page);
    await bob.page
      .getByRole('textbox', { name: 'Community link' })
      .fill(`${server.url}?public_key=${server.publicKey}`);
    await bob.page.getByRole('button', { name: 'Show rooms' }).click();
    const list = bob.page.getByRole('list', { name: /^Rooms on / });
    await expect(list.getByText(roomName, { exact: true })).toBeVisible({ timeout: 30_000 });
    await screenshotAt(bob, 'community-join', async () => {
      await openNewConversation(bob.page);
      await bob.page
        .getByRole('textbox', { name: 'Community link' })
        .fill(`${server.url}?public_key=${server.publicKey}`);
      await bob.page.getByRole('button', { name: 'Show rooms' }).click();
      const rooms = bob.page.getByRole('list', { name: /^Rooms on / });
      await expect(rooms).toBeVisible({ timeout: 30_000 });
      await rooms.scrollIntoViewIfNeeded();
    });
    await bob.page.getByRole('button', { name: `Join ${roomName}` }).click();
    await expect(room(bob.page, roomName)).toBeVisible({ timeout: 30_000 });
  });

  await test.step('they post; each sees the other’s message under their name', async () => {
    await send(alice.page, 'Hello room, Alice here');
    await expect(bubble(bob.page, 'Hello room, Alice here')).toBeVisible({ timeout: 45_000 });
    await expect(room(bob.page, roomName).getByText('Alice', { exact: true })).toBeVisible();
    await send(bob.page, 'Hi Alice, Bob here');
    await expect(bubble(alice.page, 'Hi Alice, Bob here')).toBeVisible({ timeout: 45_000 });
  });

  await test.step('Bob mentions Alice with the picker; Alice reads it, marked as her, in bold', async () => {
    const field = bob.page.getByRole('textbox', { name: `Message to ${roomName}` });
    const picker = bob.page.getByRole('listbox', { name: 'Mention a member' });
    await screenshotAt(bob, 'community-mention', async () => {
      await openRoom(bob.page, roomName);
      await field.fill('Welcome @al');
      // The room's members seen so far: Alice posted, so she is offered, by her name.
      await expect(picker.getByRole('option')).toHaveCount(1);
      await expect(picker.getByRole('option')).toContainText('Alice');
    });
    await field.press('Enter');
    await expect(field).toHaveValue('Welcome @Alice ');
    await expect(picker).toBeHidden();
    await field.pressSequentially('to the room');
    await field.press('Enter');
    await expect(bubble(bob.page, 'Welcome @Alice to the room').locator('.mention')).toHaveText('@Alice');
    // It went as "@" and her blinded ID in the room, so her engine knows the mention is of her.
    const mention = bubble(alice.page, 'Welcome @You to the room').locator('.mention--you');
    await expect(mention).toHaveText('@You', { timeout: 45_000 });
    expect(
      Number(await mention.evaluate((element) => getComputedStyle(element).fontWeight)),
    ).toBeGreaterThanOrEqual(600);
    await screenshotAt(alice, 'community-mentioned', async () => {
      await openRoom(alice.page, roomName);
      await expect(bubble(alice.page, 'Welcome @You to the room')).toBeVisible();
    });
  });

  await test.step('Alice shares an image with the paperclip; Bob sees it in the room', async () => {
    const [chooser] = await Promise.all([
      alice.page.waitForEvent('filechooser'),
      room(alice.page, roomName).getByRole('button', { name: 'Attach files' }).click(),
    ]);
    await chooser.setFiles({ name: 'crag.png', mimeType: 'image/png', buffer: await readFile(imagePath) });
    const tray = alice.page.getByRole('list', { name: '1 file to send' });
    await expect(tray.getByText('crag.png')).toBeVisible();
    // Enter does nothing while the file is still being prepared: wait until it may go.
    await alice.page.getByRole('textbox', { name: `Message to ${roomName}` }).fill('The crag from the top');
    await expect(room(alice.page, roomName).getByRole('button', { name: 'Send' })).toBeEnabled();
    await send(alice.page, 'The crag from the top');
    await expect(tray).toBeHidden();
    const shared = bubble(bob.page, 'The crag from the top');
    await expect(shared).toBeVisible({ timeout: 45_000 });
    // Uploaded to the room, fetched from it, and decoded by Bob's engine before his screen shows it.
    await expect(shared.getByRole('img', { name: 'crag.png' })).toBeVisible({ timeout: 30_000 });
    await screenshotAt(bob, 'community-image', async () => {
      await openRoom(bob.page, roomName);
      await expect(
        bubble(bob.page, 'The crag from the top').getByRole('img', { name: 'crag.png' }),
      ).toBeVisible();
    });
  });

  await test.step('Bob reacts; Alice sees the count and who reacted', async () => {
    const message = bob.page.locator('.message--incoming').filter({ hasText: 'Hello room, Alice here' });
    await message.hover();
    await message.getByRole('button', { name: 'React' }).click();
    await bob.page.getByRole('menuitem', { name: 'React with thumbs up' }).click();
    const reaction = alice.page.getByRole('button', { name: /^👍 1$/u });
    await expect(reaction).toBeVisible({ timeout: 45_000 });
    await expect(reaction).toHaveAttribute('title', /reacted with 👍/u);
  });

  await test.step('the room’s information tells the link, the standing and our ID there', async () => {
    const bobId = await ownRoomId(bob.page);
    expect(bobId).toMatch(/^15[0-9a-f]{64}$/u);
    await screenshotAt(alice, 'community-room', async () => {
      await openRoom(alice.page, roomName);
      await expect(bubble(alice.page, 'Hi Alice, Bob here')).toBeVisible();
    });
    await screenshotAt(
      alice,
      'community-room-info',
      async () => {
        await openRoom(alice.page, roomName);
        await alice.page.getByRole('button', { name: 'Room information' }).click();
        await expect(alice.page.getByRole('dialog').getByText('Link to share')).toBeVisible();
      },
      () => alice.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click(),
    );
  });

  await test.step('made an admin, Alice sees her standing in the header', async () => {
    const aliceId = await ownRoomId(alice.page);
    await administer(path.join(network.directory, 'devnet'), [
      'add-moderator',
      '--id',
      aliceId,
      '--room',
      token,
      '--admin',
    ]);
    await expect(room(alice.page, roomName).locator('.community-header__standing')).toHaveText('Admin', {
      timeout: 60_000,
    });
  });

  await test.step('Alice edits her post; Bob reads the new text, marked edited', async () => {
    await alice.page.locator('.message--outgoing').filter({ hasText: 'Hello room, Alice here' }).click({
      button: 'right',
    });
    await alice.page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Edit message' });
    await dialog.getByRole('textbox').fill('Hello room, Alice here (edited)');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(bubble(alice.page, 'Hello room, Alice here (edited)')).toBeVisible();
    const edited = bubble(bob.page, 'Hello room, Alice here (edited)');
    await expect(edited).toBeVisible({ timeout: 45_000 });
    await expect(edited.getByText('edited', { exact: true })).toBeVisible();
  });

  await test.step('Alice pins Bob’s message; Bob sees it in the banner', async () => {
    await alice.page.locator('.message--incoming').filter({ hasText: 'Hi Alice, Bob here' }).click({
      button: 'right',
    });
    await alice.page.getByRole('menuitem', { name: 'Pin to the room' }).click();
    const banner = bob.page.getByRole('region', { name: 'Pinned messages' });
    await expect(banner.getByText('Hi Alice, Bob here')).toBeVisible({ timeout: 45_000 });
    await screenshotAt(bob, 'community-pinned', async () => {
      await openRoom(bob.page, roomName);
      await expect(bob.page.getByRole('region', { name: 'Pinned messages' })).toBeVisible();
    });
  });

  await test.step('Alice bans Bob for a day; his next post fails, in words', async () => {
    await screenshotAt(
      alice,
      'community-ban',
      async () => {
        await openRoom(alice.page, roomName);
        await alice.page.locator('.message--incoming').filter({ hasText: 'Hi Alice, Bob here' }).click({
          button: 'right',
        });
        await alice.page.getByRole('menuitem', { name: 'Ban Bob…' }).click();
        await expect(
          alice.page.getByRole('dialog', { name: 'Ban Bob?' }).getByRole('radio', { name: 'For a day' }),
        ).toBeChecked();
      },
      () =>
        alice.page.getByRole('dialog', { name: 'Ban Bob?' }).getByRole('button', { name: 'Cancel' }).click(),
    );
    await alice.page.locator('.message--incoming').filter({ hasText: 'Hi Alice, Bob here' }).click({
      button: 'right',
    });
    await alice.page.getByRole('menuitem', { name: 'Ban Bob…' }).click();
    await alice.page.getByRole('dialog', { name: 'Ban Bob?' }).getByRole('button', { name: 'Ban' }).click();
    await expect(alice.page.getByText(/Bob is banned from the room until/u)).toBeVisible();
    const field = bob.page.getByRole('form', { name: 'Write a message' }).getByRole('textbox');
    await field.fill('Am I still here?');
    await field.press('Enter');
    await expect(
      bob.page
        .locator('.message--outgoing')
        .filter({ hasText: 'Am I still here?' })
        .getByText('Failed to send'),
    ).toBeVisible({ timeout: 45_000 });
  });

  await test.step('Alice lifts the ban in the room’s moderation tools, by Bob’s ID there; Bob writes again', async () => {
    const bobId = await ownRoomId(bob.page);
    const tools = () => alice.page.getByRole('dialog').getByRole('region', { name: 'Moderation' });
    const openTools = async () => {
      await alice.page.getByRole('button', { name: 'Room information' }).click();
      await tools().getByRole('textbox', { name: 'A member’s ID' }).fill(bobId);
      await tools().scrollIntoViewIfNeeded();
    };
    await screenshotAt(
      alice,
      'community-moderation',
      async () => {
        await openRoom(alice.page, roomName);
        await openTools();
      },
      () => alice.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click(),
    );
    await openRoom(alice.page, roomName);
    await openTools();
    await tools().getByRole('button', { name: 'Lift ban' }).click();
    await expect(tools().getByRole('status')).toHaveText(/may take part in the room again/u);
    await alice.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    const field = bob.page.getByRole('form', { name: 'Write a message' }).getByRole('textbox');
    await field.fill('Thanks, I will behave');
    await field.press('Enter');
    await expect(bubble(alice.page, 'Thanks, I will behave')).toBeVisible({ timeout: 45_000 });
  });

  await test.step('Alice gives the room a description in its settings; Bob reads it in the room’s information', async () => {
    const settings = () => alice.page.getByRole('dialog').getByRole('region', { name: 'Room settings' });
    const openSettings = async () => {
      await alice.page.getByRole('button', { name: 'Room information' }).click();
      await settings().getByRole('textbox', { name: 'Description' }).fill('Say hello, and be kind.');
      await settings().scrollIntoViewIfNeeded();
    };
    await screenshotAt(
      alice,
      'community-settings',
      async () => {
        await openRoom(alice.page, roomName);
        await openSettings();
      },
      () => alice.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click(),
    );
    await openRoom(alice.page, roomName);
    await openSettings();
    await settings().getByRole('button', { name: 'Save' }).click();
    await expect(settings().getByRole('status')).toHaveText('Saved for everyone in the room.');
    await alice.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(async () => {
      await bob.page.getByRole('button', { name: 'Room information' }).click();
      try {
        await expect(bob.page.getByRole('dialog').getByText('Say hello, and be kind.')).toBeVisible({
          timeout: 2_000,
        });
      } finally {
        await bob.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      }
    }).toPass({ timeout: 60_000 });
  });
});

/**
 * Screenshots in both themes at 1280 px, then the dark one at 700 px wide; `close` puts away what
 * `show` opened (a dialog) before the theme is changed in Settings. Ends in the light theme, shown and closed.
 */
async function screenshotAt(
  person: Person,
  name: string,
  show: () => Promise<void>,
  close: () => Promise<void> = async () => undefined,
): Promise<void> {
  const page = person.page;
  for (const theme of ['light', 'dark'] as const) {
    await chooseTheme(page, theme);
    await show();
    await page.screenshot({ path: path.join(screenshotDirectory, `${name}-${theme}.png`) });
    await close();
  }
  await page.setViewportSize({ width: 700, height: 720 });
  await show();
  await page.screenshot({ path: path.join(screenshotDirectory, `${name}-700.png`) });
  await close();
  await page.setViewportSize({ width: 1280, height: 800 });
  // Back in the light theme, the screen is shown once more for the steps that follow.
  await chooseTheme(page, 'light');
  await show();
  await close();
}
