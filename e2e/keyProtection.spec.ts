// Keys at rest in the real UI: a wrong STARLING_PASSPHRASE leads to the Unlock screen instead of a
// host that fails to start, and a profile whose keys are unprotected is offered protection, which
// then asks for the passphrase at every start.
import path from 'node:path';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import { chatsTab, createAccount, screenshotInBothThemes } from './support/starlingUi';

test('a wrong passphrase given at start opens on the Unlock screen', async ({ network }) => {
  const passphrase = 'the passphrase that protects Di';
  const first = await network.person('di', { passphrase });
  await createAccount(first.page, 'Di');
  await first.context.close();
  await first.host.stop();

  const again = await network.person('di-again', {
    profileDirectory: first.profileDirectory,
    passphrase: 'not the passphrase of Di',
  });
  const page = again.page;
  await expect(page.getByRole('heading', { name: 'Unlock Starling' })).toBeVisible();
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
});

test('unprotected keys are offered protection, then the passphrase unlocks them', async ({ network }) => {
  const first = await network.person('cy', { keys: 'unprotected' });
  const page = first.page;
  await createAccount(page, 'Cy');
  const banner = page.getByRole('alert', { name: 'Key protection' });
  await expect(banner).toContainText('Your keys are stored without protection — choose a passphrase.');
  await screenshotInBothThemes(page, 'keys-unprotected-banner', async () => {
    await chatsTab(page).click();
    await expect(banner).toBeVisible();
  });
  await page.setViewportSize({ width: 700, height: 800 });
  await page.screenshot({ path: path.join(screenshotDirectory, 'keys-unprotected-banner-700.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  await banner.getByRole('button', { name: 'Choose a passphrase' }).click();
  const section = page.getByRole('region', { name: 'Key protection' });
  await expect(section).toContainText('Your keys are stored without protection');
  await screenshotInBothThemes(page, 'keys-protect-settings', async () => {
    await section.scrollIntoViewIfNeeded();
    await expect(section).toBeVisible();
  });
  await page.setViewportSize({ width: 700, height: 800 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshotDirectory, 'keys-protect-settings-700.png') });
  // Back to a wide window: a narrow one shows Settings without the sidebar's tabs (#17.3).
  await page.setViewportSize({ width: 1280, height: 800 });

  const passphrase = 'Cy protects the keys now';
  await section.getByLabel('New passphrase', { exact: true }).fill(passphrase);
  await section.getByLabel('Confirm new passphrase').fill(passphrase);
  await section.getByRole('button', { name: 'Protect keys' }).click();
  await expect(section).toContainText('Your keys are protected by your passphrase.');
  await chatsTab(page).click();
  await expect(banner).toHaveCount(0);
  await first.context.close();
  await first.host.stop();

  const again = await network.person('cy-again', {
    profileDirectory: first.profileDirectory,
    keys: 'nothing',
  });
  await expect(again.page.getByRole('heading', { name: 'Unlock Starling' })).toBeVisible();
  await again.page.getByLabel('Passphrase').fill(passphrase);
  await again.page.getByRole('button', { name: 'Unlock' }).click();
  await expect(again.page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  await expect(again.page.getByRole('alert', { name: 'Key protection' })).toHaveCount(0);
});
