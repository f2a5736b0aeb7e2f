// What the desktop shell adds, as the real UI shows it through `starling serve`: an update required
// before a network upgrade (a dialog that explains it, then a banner that stays), and the
// passphrase that unlocks a profile on a computer without a keychain.
import path from 'node:path';
import { feedDocument, startUpdateFeedServer } from '../test/updateFeedServer';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import { createAccount, openSettings } from './support/starlingUi';

test('a required update is explained in a dialog, then stays in view', async ({ network }) => {
  const feed = await startUpdateFeedServer();
  try {
    feed.files.set('latest-linux.yml', {
      body: feedDocument({
        version: '0.2.0',
        file: 'Starling-0.2.0.AppImage',
        bytes: Buffer.from('Starling 0.2.0'),
        extra: [
          'supportedHardfork: 19.6',
          "requiredBefore: '2027-01-15T00:00:00.000Z'",
          'notes: Works with the Session network upgrade of January.',
        ],
      }),
    });
    const ada = await network.person('ada', { serveArguments: ['--update-feed', feed.url] });
    const page = ada.page;
    await createAccount(page, 'Ada');

    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Please update to Starling 0.2.0 before 2027-01-15');
    await expect(dialog).toContainText("the Session network's upgrade to version 19.6");
    await expect(dialog).toContainText('Works with the Session network upgrade of January.');
    // The headless host cannot install: it says where to get the new version instead.
    await expect(dialog).toContainText('Download Starling 0.2.0 from the Starling website');
    await expect(dialog.getByRole('button', { name: 'Download' })).toHaveCount(0);
    await page.screenshot({ path: path.join(screenshotDirectory, 'update-required.png') });

    await dialog.getByRole('button', { name: 'Later' }).click();
    await expect(dialog).toBeHidden();
    const banner = page.getByRole('alert', { name: 'Update' });
    await expect(banner).toContainText('Please update to Starling 0.2.0 before 2027-01-15');
    await page.screenshot({ path: path.join(screenshotDirectory, 'update-required-banner.png') });

    await openSettings(page);
    const updates = page.getByRole('region', { name: 'Updates' });
    await expect(updates).toContainText('You have Starling 0.1.0.');
    await updates.getByRole('button', { name: 'Check for updates' }).click();
    await expect(updates).toContainText('Please update to Starling 0.2.0');
    expect(feed.requested.filter((name) => name === 'latest-linux.yml').length).toBeGreaterThanOrEqual(2);
  } finally {
    await feed.close();
  }
});

test('a profile protected by a passphrase is unlocked from the first screen', async ({ network }) => {
  const passphrase = 'a long and honest passphrase';
  const first = await network.person('bo', { passphrase });
  await createAccount(first.page, 'Bo');
  await first.context.close();
  await first.host.stop();

  const again = await network.person('bo-again', {
    profileDirectory: first.profileDirectory,
    keys: 'nothing',
  });
  const page = again.page;
  await expect(page.getByRole('heading', { name: 'Unlock Starling' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDirectory, 'unlock.png') });
  const field = page.getByLabel('Passphrase');
  await field.fill('not the passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('That passphrase does not unlock this profile.')).toBeVisible();
  await expect(field).toHaveValue('');

  await field.fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
});
