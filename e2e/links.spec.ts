// Links in messages, in the real UI: a web address is a link, a click asks first with the real host
// (a lookalike shown as punycode) and only then opens a new tab without opener; the app itself never
// navigates; other schemes are never links.
import path from 'node:path';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import { bubble, chooseTheme, composer, createAccount, openNewConversation } from './support/starlingUi';

const stranger = `05${'3c'.repeat(32)}`;
const text = 'Sign in at https://\u0430pple.com/login, not javascript:alert(1) or file:///etc/passwd';

test('a link in a message asks before it opens outside the app', async ({ network }) => {
  const ada = await network.person('ada');
  const page = ada.page;
  await createAccount(page, 'Ada');
  await chooseTheme(page, 'light');
  await openNewConversation(page);
  await page.getByRole('textbox', { name: 'Session ID' }).fill(stranger);
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await composer(page).fill(text);
  await composer(page).press('Enter');
  const message = bubble(page, text.replace('\u0430pple.com', 'xn--pple-43d.com'));
  const link = message.getByRole('link');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveText('https://xn--pple-43d.com/login');
  const appUrl = page.url();
  // The site itself, stood in for: these machines reach no web site.
  await ada.context.route('https://xn--pple-43d.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<p>the site</p>' }),
  );

  await link.click();
  const question = page.getByRole('dialog', { name: 'Open this link in your browser?' });
  await expect(question).toContainText('It goes to xn--pple-43d.com');
  await expect(question).toContainText('punycode');
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await question.getByRole('button', { name: 'Cancel' }).click();
      await chooseTheme(page, 'dark');
      await page.getByRole('button', { name: /^Chats\b/u }).click();
      await page.getByRole('list', { name: 'Chats' }).getByRole('button').first().click();
      await message.getByRole('link').click();
    }
    await expect(question).toBeVisible();
    await page.screenshot({ path: path.join(screenshotDirectory, `link-question-${theme}.png`) });
  }
  await page.setViewportSize({ width: 700, height: 600 });
  await page.screenshot({ path: path.join(screenshotDirectory, 'link-question-700.png') });

  // Cancel opens nothing; Enter on the focused link asks again, and "Open in browser" opens a tab.
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await message.getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(question).toBeVisible();
  const [tab] = await Promise.all([
    ada.context.waitForEvent('page'),
    question.getByRole('button', { name: 'Open in browser' }).click(),
  ]);
  await tab.waitForLoadState();
  expect(tab.url()).toBe('https://xn--pple-43d.com/login');
  // Neither a way back to the app (opener) nor where the link was (referrer).
  expect(await tab.evaluate(() => [window.opener === null, document.referrer])).toEqual([true, '']);
  await tab.close();
  expect(page.url()).toBe(appUrl);
});
