// Issue 14 end to end: Alice, Bob and Carol on their own hosts. Bob and Carol wrote to Alice first,
// so her invites let them in at once. Alice creates a group of three in the UI, everyone writes and
// reads the others (with their names above their messages), Alice removes Carol in the members
// panel; Carol is told, and Alice's next message reaches Bob, not Carol. Screenshots of the new-group
// dialog, the group conversation and the members panel, in both themes and at 700 px wide.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, type Person, screenshotDirectory, test } from './support/starlingHosts';
import {
  bubble,
  chatsTab,
  chooseTheme,
  conversationRow,
  copyOwnSessionId,
  createAccount,
  openNewConversation,
  screenshotInBothThemes,
  send,
  writeTo,
  acceptRequest,
} from './support/starlingUi';

async function allowClipboard(person: Person): Promise<void> {
  await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(person.url).origin,
  });
}

const group = (page: Page, name: string) => page.getByRole('region', { name: `Group ${name}` });

async function openGroup(page: Page, name: string): Promise<void> {
  await chatsTab(page).click();
  await conversationRow(page, 'Chats', name).click();
  await expect(group(page, name)).toBeVisible();
}

async function openNewGroupDialog(page: Page): Promise<void> {
  await openNewConversation(page);
  await page.getByRole('button', { name: 'New group' }).click();
  await expect(page.getByRole('dialog', { name: 'New group' })).toBeVisible();
}

test('three people talk in a group, and a removed member reads nothing more', async ({ network }) => {
  test.setTimeout(300_000);
  const [alice, bob, carol] = await Promise.all([
    network.person('alice'),
    network.person('bob'),
    network.person('carol'),
  ]);
  for (const person of [alice, bob, carol]) await allowClipboard(person);
  await createAccount(alice.page, 'Alice');
  await createAccount(bob.page, 'Bob');
  await createAccount(carol.page, 'Carol');
  const aliceId = await copyOwnSessionId(alice.page);

  await test.step('Bob and Carol write to Alice, who accepts them', async () => {
    await writeTo(bob.page, aliceId, 'Hi Alice, Bob here');
    await writeTo(carol.page, aliceId, 'Hi Alice, Carol here');
    for (const text of ['Bob here', 'Carol here']) await acceptRequest(alice.page, text);
  });

  await test.step('Alice creates the group in the dialog', async () => {
    for (const theme of ['dark', 'light'] as const) {
      await chooseTheme(alice.page, theme);
      await openNewGroupDialog(alice.page);
      const dialog = alice.page.getByRole('dialog', { name: 'New group' });
      await dialog.getByLabel('Group name').fill('Climbing');
      await dialog.getByRole('checkbox', { name: /Bob/u }).check();
      await expect(dialog.getByText('1 of 9 people chosen')).toBeVisible();
      await alice.page.screenshot({ path: path.join(screenshotDirectory, `group-new-${theme}.png`) });
      await alice.page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
    await openNewGroupDialog(alice.page);
    const dialog = alice.page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Climbing');
    await dialog.getByLabel('Description').fill('Saturdays at the crag');
    await dialog.getByRole('checkbox', { name: /Bob/u }).check();
    await dialog.getByRole('checkbox', { name: /Carol/u }).check();
    await expect(dialog.getByText('2 of 9 people chosen')).toBeVisible();
    await alice.page.setViewportSize({ width: 700, height: 700 });
    await alice.page.screenshot({ path: path.join(screenshotDirectory, 'group-new-700.png') });
    await alice.page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await expect(group(alice.page, 'Climbing')).toBeVisible();
    await expect(group(alice.page, 'Climbing').getByRole('button', { name: '3 members' })).toBeVisible();
    await expect(
      alice.page.getByTestId('control-line').filter({ hasText: 'You added Bob and Carol' }),
    ).toBeVisible();
  });

  await test.step('everyone writes and reads the others', async () => {
    await send(alice.page, 'Welcome to the group!');
    await openGroup(bob.page, 'Climbing');
    await expect(bubble(bob.page, 'Welcome to the group!')).toBeVisible({ timeout: 45_000 });
    await send(bob.page, 'Thanks Alice, Saturday works');
    await openGroup(carol.page, 'Climbing');
    await expect(bubble(carol.page, 'Thanks Alice, Saturday works')).toBeVisible({ timeout: 45_000 });
    await send(carol.page, 'Count me in');
    await expect(bubble(alice.page, 'Count me in')).toBeVisible({ timeout: 45_000 });
    await expect(bubble(alice.page, 'Thanks Alice, Saturday works')).toBeVisible();
    // The sender's name stands above their message.
    await expect(
      alice.page.getByRole('region', { name: 'Conversation history' }).getByText('Carol', { exact: true }),
    ).toBeVisible();
    await expect(bubble(bob.page, 'Count me in')).toBeVisible({ timeout: 45_000 });
    await screenshotInBothThemes(alice.page, 'group-conversation', () => openGroup(alice.page, 'Climbing'));
    await alice.page.setViewportSize({ width: 700, height: 700 });
    await alice.page.screenshot({ path: path.join(screenshotDirectory, 'group-conversation-700.png') });
    await alice.page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('Bob mentions Alice with the picker, and she reads "@You"', async () => {
    const field = bob.page.getByRole('textbox', { name: 'Message to Climbing' });
    const picker = bob.page.getByRole('listbox', { name: 'Mention a member' });
    await screenshotInBothThemes(bob.page, 'group-mention', async () => {
      await openGroup(bob.page, 'Climbing');
      await field.fill('See you there @Al');
      await expect(picker.getByRole('option')).toHaveCount(1);
    });
    await bob.page.setViewportSize({ width: 700, height: 700 });
    await bob.page.screenshot({ path: path.join(screenshotDirectory, 'group-mention-700.png') });
    await bob.page.setViewportSize({ width: 1280, height: 800 });
    await field.press('Enter');
    await expect(field).toHaveValue('See you there @Alice ');
    await expect(picker).toBeHidden();
    await field.press('End');
    await field.pressSequentially('and Carol');
    await field.press('Enter');
    const mention = bubble(alice.page, 'See you there @You and Carol').locator('.mention--you');
    await expect(mention).toHaveText('@You', { timeout: 45_000 });
    // Carol reads the same message with Alice's name where Bob put it.
    await expect(bubble(carol.page, 'See you there @Alice and Carol')).toBeVisible({ timeout: 45_000 });
  });

  await test.step('the members panel, and Alice removes Carol', async () => {
    const panel = alice.page.getByRole('dialog', { name: 'Climbing' });
    const openPanel = async (): Promise<void> => {
      await openGroup(alice.page, 'Climbing');
      await group(alice.page, 'Climbing').getByRole('button', { name: '3 members' }).click();
      await expect(panel.getByRole('listitem')).toHaveCount(3);
    };
    // The panel is modal: it closes before the theme is changed in Settings.
    for (const theme of ['dark', 'light'] as const) {
      await chooseTheme(alice.page, theme);
      await openPanel();
      await alice.page.screenshot({ path: path.join(screenshotDirectory, `group-panel-${theme}.png`) });
      await alice.page.keyboard.press('Escape');
      await expect(panel).toBeHidden();
    }
    await openPanel();
    await alice.page.setViewportSize({ width: 700, height: 700 });
    await alice.page.screenshot({ path: path.join(screenshotDirectory, 'group-panel-700.png') });
    await alice.page.setViewportSize({ width: 1280, height: 800 });
    await panel.getByRole('button', { name: 'Remove Carol' }).click();
    const question = alice.page.getByRole('dialog', { name: 'Remove Carol?' });
    await expect(question).toContainText('no longer be able to read new messages');
    await question.getByRole('button', { name: 'Remove' }).click();
    await expect(panel.getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
    await alice.page.keyboard.press('Escape');
    await expect(group(alice.page, 'Climbing').getByRole('button', { name: '2 members' })).toBeVisible();
  });

  await test.step('Carol is told; Alice’s next message reaches Bob, not Carol', async () => {
    await expect(carol.page.getByText(/You were removed from this group/u)).toBeVisible({ timeout: 45_000 });
    await expect(carol.page.getByRole('form', { name: 'Write a message' })).toBeHidden();
    await screenshotInBothThemes(carol.page, 'group-removed', () => openGroup(carol.page, 'Climbing'));
    await send(alice.page, 'Just the two of us now');
    await expect(bubble(bob.page, 'Just the two of us now')).toBeVisible({ timeout: 45_000 });
    // Bob received it through the same swarm Carol polled until her removal: she has had her chance.
    await expect(bubble(carol.page, 'Count me in')).toBeVisible();
    await expect(bubble(carol.page, 'Just the two of us now')).toHaveCount(0);
  });
});
