// A flood of message requests from throwaway IDs (issue 12), as a person handles it in the real UI:
// strangers write through the devnet, their requests are listed, chosen all at once, then declined in
// bulk, and the rest declined with "Decline all".
import path from 'node:path';
import { runStarling } from '../test/starlingProcess';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import { createAccount, requestsTab, screenshotInBothThemes } from './support/starlingUi';

const strangers = 6;

test('a flood of requests is declined in bulk', async ({ network }) => {
  test.setTimeout(150_000);
  const victim = await network.person('victim');
  const page = victim.page;
  await createAccount(page, 'Victim');
  const shown = await runStarling(['account', 'show', '--profile', victim.profileDirectory], {
    cwd: network.directory,
  });
  const victimId = (JSON.parse(shown.stdout) as { sessionId: string }).sessionId;

  // Each stranger is a throwaway account that sends one message, as a flooding script would.
  await Promise.all(
    Array.from({ length: strangers }, async (_, index) => {
      const profile = path.join(network.directory, `stranger-${index}`);
      const cwd = network.directory;
      const created = await runStarling(['account', 'create', '--profile', profile, '--unprotected'], {
        cwd,
        timeoutMs: 30_000,
      });
      expect(created.code, created.stderr).toBe(0);
      const sent = await runStarling(
        [
          'send',
          ...['--profile', profile, '--network', network.devnet.networkFile],
          ...['--to', victimId, '--text', `Win a prize, offer ${index + 1}`],
        ],
        { cwd, timeoutMs: 60_000 },
      );
      expect(sent.code, sent.stderr).toBe(0);
    }),
  );

  await requestsTab(page).click();
  const list = page.getByRole('list', { name: 'Message requests' });
  await expect(list.getByRole('listitem')).toHaveCount(strangers, { timeout: 30_000 });

  await page.getByRole('checkbox', { name: 'Select all' }).check();
  await expect(page.getByText(`${strangers} selected`)).toBeVisible();
  // The first one stays, to be declined with everything else at the end.
  const first = list.getByRole('checkbox').first();
  await first.uncheck();
  await expect(page.getByText(`${strangers - 1} selected`)).toBeVisible();
  await screenshotInBothThemes(page, 'requests-selected', async () => {
    await requestsTab(page).click();
    await expect(page.getByText(`${strangers - 1} selected`)).toBeVisible();
  });
  await page.setViewportSize({ width: 700, height: 600 });
  await page.screenshot({ path: path.join(screenshotDirectory, 'requests-selected-700.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page
    .getByRole('toolbar', { name: 'Message requests' })
    .getByRole('button', { name: 'Decline' })
    .click();
  await expect(list.getByRole('listitem')).toHaveCount(1);

  await page.getByRole('button', { name: 'Decline all' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Decline all' }).click();
  await expect(page.getByText(/No message requests/u)).toBeVisible();
});
