// What a person does in the UI, by the names and roles a screen reader would use: onboarding,
// the sidebar's screens, settings, the composer and a message's actions, and screenshots of a
// screen in both themes.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshotDirectory } from './starlingHosts';

const sessionIdPattern = /^05[0-9a-f]{64}$/u;

/** Creates an account through onboarding and returns its recovery phrase. */
export async function createAccount(page: Page, displayName: string): Promise<string> {
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Display name').fill(displayName);
  await page.getByRole('button', { name: 'Create account' }).click();
  const words = page.getByRole('list', { name: 'Recovery phrase' }).getByRole('listitem');
  await expect(words).toHaveCount(13);
  const phrase = (await words.allInnerTexts()).map((word) => word.trim()).join(' ');
  await page.getByLabel('I have saved my recovery phrase').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  return phrase;
}

/** Restores an account from its phrase through onboarding's "I have an account". */
export async function restoreAccount(page: Page, phrase: string): Promise<void> {
  await page.getByRole('button', { name: 'I have an account' }).click();
  await page.getByLabel('Recovery phrase').fill(phrase);
  await expect(page.getByText('13 of 13 words')).toBeVisible();
  await page.getByRole('button', { name: 'Restore account' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
}

export async function openProfile(page: Page): Promise<void> {
  await showSidebar(page);
  await page.getByRole('button', { name: /^Profile: / }).click();
  await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
}

/** In a narrow window a screen covers the sidebar: its back button brings the list back. */
export async function showSidebar(page: Page): Promise<void> {
  const back = page.getByRole('button', { name: /^Back to (chats|message requests)$/u });
  if (await back.isVisible()) await back.click();
}

export async function openSettings(page: Page): Promise<void> {
  await showSidebar(page);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

export async function openNewConversation(page: Page): Promise<void> {
  await showSidebar(page);
  await page.getByRole('button', { name: 'New conversation', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'New conversation', level: 1 })).toBeVisible();
}

/** The Profile's Copy button, and what it put on the clipboard (the context needs the permissions). */
export async function copyOwnSessionId(page: Page): Promise<string> {
  await openProfile(page);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('button', { name: '✓ Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(sessionIdPattern);
  // The same ID is shown in full beside the QR code.
  await expect(page.getByText(copied, { exact: true })).toBeVisible();
  return copied;
}

/** The Profile's "Save as PNG": the QR code of the own Session ID, saved to `file`. */
export async function saveSessionIdQr(page: Page, file: string): Promise<void> {
  await openProfile(page);
  await expect(page.getByRole('img', { name: 'QR code of your Session ID' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Save as PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('starling-session-id.png');
  await download.saveAs(file);
}

/** Turns a privacy switch of Settings on or off, and waits until the engine took it. */
export async function setSwitch(page: Page, label: string, on: boolean): Promise<void> {
  await openSettings(page);
  const toggle = page.getByRole('switch', { name: label });
  if ((await toggle.getAttribute('aria-checked')) !== String(on)) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', String(on));
  await expect(toggle).not.toHaveAttribute('aria-busy', 'true');
}

export type Theme = 'light' | 'dark';

export async function chooseTheme(page: Page, theme: Theme): Promise<void> {
  await openSettings(page);
  await page.getByRole('radio', { name: theme === 'light' ? 'Light' : 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/**
 * Saves `name-light.png` and `name-dark.png` in the screenshot directory: for each theme, chosen in
 * Settings, `show` brings the screen back and waits for what it should show. Ends in the light theme.
 */
export async function screenshotInBothThemes(
  page: Page,
  name: string,
  show: () => Promise<void>,
): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    await chooseTheme(page, theme);
    await show();
    await page.screenshot({ path: path.join(screenshotDirectory, `${name}-${theme}.png`) });
  }
}

export function chatsTab(page: Page): Locator {
  return page.getByRole('button', { name: /^Chats\b/u });
}

export function requestsTab(page: Page): Locator {
  return page.getByRole('button', { name: /^Message requests\b/u });
}

/** A conversation's row in the sidebar list, by the name it shows. */
export function conversationRow(page: Page, list: 'Chats' | 'Message requests', name: string): Locator {
  return page.getByRole('list', { name: list }).getByRole('button').filter({ hasText: name });
}

/** The open conversation with `name`. */
export function conversation(page: Page, name: string): Locator {
  return page.getByRole('region', { name: `Conversation with ${name}` });
}

/** A message's bubble in the open conversation, by its own text (not the text it quotes). */
export function bubble(page: Page, text: string): Locator {
  const body = page.getByRole('paragraph').and(page.getByText(text, { exact: true }));
  return page
    .getByRole('region', { name: 'Conversation history' })
    .getByRole('article')
    .filter({ has: body });
}

/** The composer of the open conversation. */
export function composer(page: Page): Locator {
  return page.getByRole('form', { name: 'Write a message' }).getByRole('textbox');
}

/** Writes and sends a message (Enter), and waits until it is in the list. */
export async function send(page: Page, text: string): Promise<void> {
  const field = composer(page);
  await field.fill(text);
  await field.press('Enter');
  await expect(field).toHaveValue('');
  await expect(bubble(page, text)).toBeVisible();
}

/** Opens a message's actions (its context menu) and chooses one. */
export async function messageAction(page: Page, text: string, action: string): Promise<void> {
  await bubble(page, text).click({ button: 'right' });
  await page.getByRole('menu', { name: 'More actions' }).getByRole('menuitem', { name: action }).click();
}

/** Opens a conversation with a Session ID and sends its first message. */
export async function writeTo(page: Page, sessionId: string, text: string): Promise<void> {
  await openNewConversation(page);
  await page.getByRole('textbox', { name: 'Session ID' }).fill(sessionId);
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await send(page, text);
}

/** Opens the message request whose row shows `name` (once it has arrived) and accepts it. */
export async function acceptRequest(page: Page, name: string): Promise<void> {
  await requestsTab(page).click();
  await conversationRow(page, 'Message requests', name).click({ timeout: 45_000 });
  await page.getByRole('region', { name: 'Message request' }).getByRole('button', { name: 'Accept' }).click();
}
