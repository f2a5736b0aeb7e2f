// Issue 15, blinded DMs in the UI (protocol-messages.md §6.6): Bob writes to Alice from a message of
// hers in the devnet's community room (Message Alice); Alice sees a message request that names his
// 15… ID and the room, accepts it and replies, and Bob reads the reply. Screenshots of the request
// and of the Settings switch that refuses such requests, in both themes and at 700 px wide.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import {
  acceptRequest,
  bubble,
  conversationRow,
  createAccount,
  messageAction,
  openNewConversation,
  openSettings,
  requestsTab,
  screenshotInBothThemes,
  send,
  showSidebar,
} from './support/starlingUi';

async function joinByLink(page: Page, link: string): Promise<void> {
  await openNewConversation(page);
  await page.getByRole('textbox', { name: 'Community link' }).fill(link);
  await page.getByRole('button', { name: 'Join room' }).click();
  await expect(page.locator('.conversation-header').getByRole('heading')).not.toBeEmpty({ timeout: 30_000 });
}

/** Whether the text of `element` shows whole (an ellipsis would cut it). */
async function shownWhole(element: Locator): Promise<boolean> {
  return element.evaluate((node) => node.scrollWidth <= node.clientWidth);
}

/**
 * A blinded conversation's row reads well: its name, its preview and the room's name whole (the
 * room's tag sits on the name's line and gives way first).
 */
async function rowReadsWell(page: Page, list: 'Chats' | 'Message requests', name: string, preview: string) {
  // By the name itself: the room's row mentions Alice too, in its preview.
  const row = conversationRow(page, list, name).filter({
    has: page.locator('.conversation-row__name', { hasText: new RegExp(`^${name}$`, 'u') }),
  });
  await expect(row.locator('.conversation-row__preview')).toHaveText(preview);
  for (const part of ['name', 'preview', 'via-room']) {
    expect(await shownWhole(row.locator(`.conversation-row__${part}`)), part).toBe(true);
  }
}

async function narrow(page: Page, name: string, show: () => Promise<void>): Promise<void> {
  await page.setViewportSize({ width: 700, height: 600 });
  await show();
  await page.screenshot({ path: path.join(screenshotDirectory, `${name}-700.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a community member writes to another by their blinded ID; a request, accepted and answered', async ({
  network,
}) => {
  test.setTimeout(300_000);
  const described = JSON.parse(await readFile(network.devnet.networkFile, 'utf8')) as {
    communityServers: { url: string; publicKey: string; rooms: string[] }[];
  };
  const server = described.communityServers[0]!;
  const link = `${server.url}/${server.rooms[0]}?public_key=${server.publicKey}`;
  const [alice, bob] = await Promise.all([network.person('alice'), network.person('bob')]);
  await createAccount(alice.page, 'Alice');
  await createAccount(bob.page, 'Bob');
  await joinByLink(alice.page, link);
  await joinByLink(bob.page, link);

  await send(alice.page, 'Hello room, Alice here');
  await expect(bubble(bob.page, 'Hello room, Alice here')).toBeVisible({ timeout: 45_000 });
  await messageAction(bob.page, 'Hello room, Alice here', 'Message Alice');
  await send(bob.page, 'Hi Alice, a word in private?');
  await rowReadsWell(bob.page, 'Chats', 'Alice', 'You: Hi Alice, a word in private?');

  await requestsTab(alice.page).click();
  const row = conversationRow(alice.page, 'Message requests', 'Bob');
  await expect(row).toBeVisible({ timeout: 45_000 });
  await expect(row.getByTitle(/^Community member 15[0-9a-f]{64}, from /u)).toBeVisible();
  await rowReadsWell(alice.page, 'Message requests', 'Bob', 'Hi Alice, a word in private?');
  const showRequest = async (): Promise<void> => {
    await requestsTab(alice.page).click();
    await conversationRow(alice.page, 'Message requests', 'Bob').click();
    await expect(bubble(alice.page, 'Hi Alice, a word in private?')).toBeVisible();
    // The header names the room Bob wrote from (the devnet's one room).
    await expect(alice.page.locator('.conversation-header').getByText('from Lobby')).toBeVisible();
  };
  await screenshotInBothThemes(alice.page, 'community-request', showRequest);
  await narrow(alice.page, 'community-request', async () => {
    // A narrow window shows one half at a time: the list first.
    await showSidebar(alice.page);
    await requestsTab(alice.page).click();
    await expect(conversationRow(alice.page, 'Message requests', 'Bob')).toBeVisible();
    await rowReadsWell(alice.page, 'Message requests', 'Bob', 'Hi Alice, a word in private?');
  });

  await narrow(alice.page, 'community-request-conversation', async () => {
    await conversationRow(alice.page, 'Message requests', 'Bob').click();
    await expect(alice.page.locator('.conversation-header').getByText('from Lobby')).toBeVisible();
  });

  await acceptRequest(alice.page, 'Bob');
  await send(alice.page, 'Sure, Bob');
  await expect(bubble(bob.page, 'Sure, Bob')).toBeVisible({ timeout: 45_000 });

  const showSwitch = async (): Promise<void> => {
    await openSettings(alice.page);
    await expect(alice.page.getByRole('switch', { name: 'Community message requests' })).toBeVisible();
    // Choosing a theme scrolled to Appearance: the shot shows the Privacy section from its heading.
    await alice.page
      .getByRole('heading', { name: 'Privacy' })
      .evaluate((node) => (node.closest('section') ?? node).scrollIntoView({ block: 'center' }));
  };
  await screenshotInBothThemes(alice.page, 'settings-community-requests', showSwitch);
  await narrow(alice.page, 'settings-community-requests', async () => {
    await showSwitch();
    await alice.page.getByRole('switch', { name: 'Community message requests' }).scrollIntoViewIfNeeded();
  });
});
