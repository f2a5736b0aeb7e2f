// Onboarding in the real UI: creating an account shows the 13 words and waits for the person to
// confirm they saved them; restoring points at wrong words as they are typed, then restores.
import path from 'node:path';
import { expect, screenshotDirectory, test } from './support/starlingHosts';

test('create an account, confirm the phrase, and restore it on another host', async ({ network }) => {
  // A first start as a person has it on a computer without a keychain: no passphrase given.
  const ada = await network.person('ada', { keys: 'nothing' });
  const page = ada.page;
  await expect(page.getByRole('heading', { name: 'Choose a passphrase' })).toBeVisible();
  // Before an account the theme follows the system's: both, and a narrow window.
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(screenshotDirectory, `choose-passphrase-${colorScheme}.png`) });
  }
  await page.setViewportSize({ width: 700, height: 800 });
  await page.screenshot({ path: path.join(screenshotDirectory, 'choose-passphrase-700.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByLabel('Passphrase', { exact: true }).fill('a passphrase Ada chose');
  await page.getByLabel('Confirm passphrase').fill('a passphrase Ada chose');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Starling' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDirectory, 'onboarding-welcome.png') });

  await page.getByRole('button', { name: 'Create account' }).click();
  const create = page.getByRole('button', { name: 'Create account' });
  await expect(create).toBeDisabled();
  await page.getByLabel('Display name').fill('Ada');
  await create.click();

  const words = page.getByRole('list', { name: 'Recovery phrase' }).getByRole('listitem');
  await expect(words).toHaveCount(13);
  const phrase = (await words.allInnerTexts()).map((word) => word.trim()).join(' ');
  await page.screenshot({ path: path.join(screenshotDirectory, 'onboarding-phrase.png') });
  const proceed = page.getByRole('button', { name: 'Continue' });
  await expect(proceed).toBeDisabled();
  await page.getByLabel('I have saved my recovery phrase').check();
  await proceed.click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();

  // A second host, restoring the same account: wrong words are pointed out as they are typed, each
  // at its word (a word is known by any start of it of three letters or more, and by nothing else).
  const again = await network.person('ada-laptop');
  await again.page.getByRole('button', { name: 'I have an account' }).click();
  const field = again.page.getByLabel('Recovery phrase');
  const phraseWords = phrase.split(' ');
  // Each bad word is shown at its place with its own message (#17.9); the first word typed by its
  // first three letters is read as the whole word.
  const wrong = [
    phraseWords[0]!.slice(0, 3),
    ...phraseWords.slice(1, 4),
    'qzxvk',
    phraseWords[5]!,
    `${phraseWords[6]!.slice(0, 3)}qq`,
  ];
  await field.fill(wrong.join(' '));
  const alert = again.page.getByRole('alert');
  await expect(alert.getByRole('listitem')).toHaveCount(2);
  await expect(alert.getByRole('listitem').first()).toHaveText(
    /^Word 5, “qzxvk”, is not a recovery-phrase word/u,
  );
  await expect(alert.getByRole('listitem').nth(1)).toContainText(`Word 7, “${wrong[6]!}”`);
  await expect(again.page.getByRole('button', { name: `Word 1: ${phraseWords[0]!}` })).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  for (const colorScheme of ['dark', 'light'] as const) {
    await again.page.emulateMedia({ colorScheme });
    await again.page.screenshot({
      path: path.join(screenshotDirectory, `onboarding-restore-error-${colorScheme}.png`),
    });
  }
  await again.page.setViewportSize({ width: 700, height: 600 });
  await again.page.screenshot({ path: path.join(screenshotDirectory, 'onboarding-restore-error-700.png') });
  // The suggestion for word 7 puts the list word in its place.
  await again.page.getByRole('button', { name: `Use “${phraseWords[6]!}” as word 7` }).click();
  await expect(alert.getByRole('listitem')).toHaveCount(1);
  await again.page.setViewportSize({ width: 1280, height: 800 });
  await field.fill(phrase);
  await expect(again.page.getByText('13 of 13 words')).toBeVisible();
  await again.page.getByRole('button', { name: 'Restore account' }).click();
  await expect(again.page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
});
