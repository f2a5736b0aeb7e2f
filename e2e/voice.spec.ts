// Issue 16 end to end, voice notes: Alice records a note with the microphone (Chromium's fake
// microphone, fed a WAV made here: three bursts of a tone, so the note has a shape), and it goes by
// itself as a message; Bob, on his own host, gets it (downloaded as it came), sees its waveform and
// length, and plays it. Screenshots of the recorder, both bubbles in both themes, and at 700 px.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from '@playwright/test';
import { chromiumArguments, chromiumPath } from '../test/chromium';
import { expect, screenshotDirectory, test } from './support/starlingHosts';
import {
  chatsTab,
  conversationRow,
  copyOwnSessionId,
  createAccount,
  screenshotInBothThemes,
  writeTo,
  acceptRequest,
} from './support/starlingUi';

const sampleRate = 44_100;

/**
 * A mono 16-bit WAV: `seconds` of a 440 Hz tone in three bursts, each swelling and fading, with
 * quiet between. Chromium plays it in a loop as the microphone (--use-file-for-fake-audio-capture).
 */
function toneBurstsWav(seconds: number): Buffer {
  const count = Math.round(seconds * sampleRate);
  const wav = Buffer.alloc(44 + count * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + count * 2, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // the fmt chunk's size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // one channel
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(count * 2, 40);
  const burst = count / 3;
  for (let index = 0; index < count; index += 1) {
    // Each third: a swell over its first 70 %, then silence.
    const within = (index % burst) / burst;
    const envelope = within < 0.7 ? Math.sin((Math.PI * within) / 0.7) : 0;
    const sample = 0.6 * envelope * Math.sin((2 * Math.PI * 440 * index) / sampleRate);
    wav.writeInt16LE(Math.round(sample * 32_767), 44 + index * 2);
  }
  return wav;
}

/** Back to a conversation (the screenshots go through Settings to change the theme). */
async function openChat(page: Page, name: string): Promise<void> {
  await chatsTab(page).click();
  await conversationRow(page, 'Chats', name).click();
}

/** The open conversation's bubble holding a voice note (the newest, if several). */
function voiceBubble(page: Page): Locator {
  return page
    .getByRole('region', { name: 'Conversation history' })
    .getByRole('article')
    .filter({ has: page.getByRole('button', { name: /^(Play|Pause) voice message$/u }) })
    .last();
}

/** The heights of a player's bars, as drawn (percent of the waveform's height). */
async function barHeights(bubble: Locator): Promise<number[]> {
  return bubble
    .locator('.voice-player__bar')
    .evaluateAll((bars) => bars.map((bar) => Number.parseFloat((bar as HTMLElement).style.height)));
}

test('a voice note recorded by one person is played, with its waveform and length, by the other', async ({
  network,
}) => {
  test.setTimeout(300_000);
  let microphone: Browser | undefined;
  try {
    // Alice's microphone hears the WAV: Chromium takes the fake audio at launch.
    const wav = path.join(network.directory, 'tone-bursts.wav');
    await writeFile(wav, toneBurstsWav(3));
    microphone = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...chromiumArguments(), `--use-file-for-fake-audio-capture=${wav}`],
    });
    const [alice, bob] = await Promise.all([
      network.person('alice', { browser: microphone }),
      network.person('bob'),
    ]);
    await createAccount(alice.page, 'Alice');
    await createAccount(bob.page, 'Bob');
    await bob.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(bob.url).origin,
    });
    const bobId = await copyOwnSessionId(bob.page);

    await test.step('Alice writes to Bob, who accepts', async () => {
      await writeTo(alice.page, bobId, 'Listen to this');
      await acceptRequest(bob.page, 'Alice');
    });

    const composerForm = alice.page.getByRole('form', { name: 'Write a message' });
    await test.step('Alice records a note; it goes at once, as a message of its own', async () => {
      // The field is empty: the microphone stands where Send would be.
      await expect(composerForm.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
      // A microphone the system refuses: the recorder says so in words, above the button.
      await alice.page.evaluate(() => {
        const devices = navigator.mediaDevices as MediaDevices & { realGetUserMedia?: unknown };
        devices.realGetUserMedia = devices.getUserMedia;
        devices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      });
      await composerForm.getByRole('button', { name: 'Record a voice message' }).click();
      const refusal = composerForm.getByRole('alert');
      await expect(refusal).toHaveText(/may not use the microphone/u);
      await alice.page.screenshot({ path: path.join(screenshotDirectory, 'voice-microphone-refused.png') });
      await alice.page.evaluate(() => {
        const devices = navigator.mediaDevices as MediaDevices & {
          realGetUserMedia?: MediaDevices['getUserMedia'];
        };
        devices.getUserMedia = devices.realGetUserMedia!;
      });

      await composerForm.getByRole('button', { name: 'Record a voice message' }).click();
      await expect(refusal).toHaveCount(0);
      const timer = composerForm.getByRole('timer', { name: 'Recorded time' });
      await expect(timer).toHaveText('0:02', { timeout: 15_000 });
      // While recording, the recorder has the row to itself.
      await expect(composerForm.getByRole('textbox')).toBeHidden();
      await alice.page.screenshot({ path: path.join(screenshotDirectory, 'voice-recording.png') });
      await expect(timer).toHaveText('0:03', { timeout: 5_000 });
      await composerForm.getByRole('button', { name: 'Send voice message' }).click();
      await expect(composerForm.getByRole('button', { name: 'Record a voice message' })).toBeVisible();
      await expect(composerForm.getByRole('textbox')).toBeVisible();
      await expect(alice.page.getByRole('list', { name: 'Voice messages not sent' })).toHaveCount(0);

      // Her own bubble: the recorder's waveform and length, stored with the note.
      const mine = voiceBubble(alice.page);
      await expect(mine.locator('.voice-player--outgoing')).toBeVisible({ timeout: 30_000 });
      await expect(mine.locator('.voice-player__time')).toHaveText(/^0:0[34]$/u);
      await expect(mine.locator('.voice-player__waveform--unknown')).toHaveCount(0);
    });

    await test.step('Bob gets the note by itself, sees its waveform and length, and plays it', async () => {
      const note = voiceBubble(bob.page);
      await expect(note).toBeVisible({ timeout: 60_000 });
      await expect(note.locator('.voice-player--incoming')).toBeVisible();
      // Measured once from the decoded audio (Bob's copy came without details): the real length,
      // and bars that follow the three bursts, not a flat placeholder.
      await expect(note.locator('.voice-player__waveform--unknown')).toHaveCount(0, { timeout: 15_000 });
      await expect(note.locator('.voice-player__time')).toHaveText(/^0:0[34]$/u);
      const heights = await barHeights(note);
      expect(heights).toHaveLength(64);
      expect(Math.max(...heights)).toBeGreaterThan(90);
      expect(Math.min(...heights)).toBeLessThan(30);
      const slider = note.getByRole('slider', { name: 'Position in voice message' });
      await expect(slider).toHaveAttribute('aria-valuetext', /^0 seconds of [34] seconds$/u);

      await note.getByRole('button', { name: 'Play voice message' }).click();
      await expect(note.getByRole('button', { name: 'Pause voice message' })).toBeVisible();
      // Playing: the position moves and the total shows beside it.
      await expect(note.locator('.voice-player__total')).toHaveText(/\/ 0:0[34]$/u);
      await expect(note.locator('.voice-player__bar--played').first()).toBeVisible({ timeout: 5_000 });
      await expect(note.getByRole('alert')).toHaveCount(0);
      // It plays to the end, and is ready to play again from the start.
      await expect(note.getByRole('button', { name: 'Play voice message' })).toBeVisible({ timeout: 15_000 });
      await expect(note.locator('.voice-player__time')).toHaveText(/^0:0[34]$/u);
    });

    await test.step('screenshots of both sides in both themes, and at 700 px', async () => {
      await screenshotInBothThemes(bob.page, 'voice-conversation', async () => {
        await openChat(bob.page, 'Alice');
        await expect(voiceBubble(bob.page).locator('.voice-player__waveform--unknown')).toHaveCount(0);
      });
      await screenshotInBothThemes(alice.page, 'voice-sent', async () => {
        await openChat(alice.page, 'Bob');
        await expect(voiceBubble(alice.page).locator('.voice-player--outgoing')).toBeVisible();
      });
      for (const [person, name] of [
        [bob, 'voice-conversation-700.png'],
        [alice, 'voice-sent-700.png'],
      ] as const) {
        await person.page.setViewportSize({ width: 700, height: 600 });
        await expect(voiceBubble(person.page)).toBeVisible();
        await person.page.screenshot({ path: path.join(screenshotDirectory, name) });
        await person.page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    await test.step('a note that cannot go (Starling is gone) waits with the reason, and still plays', async () => {
      await composerForm.getByRole('button', { name: 'Record a voice message' }).click();
      const timer = composerForm.getByRole('timer', { name: 'Recorded time' });
      await expect(timer).toHaveText('0:01', { timeout: 15_000 });
      await alice.host.stop();
      await expect(alice.page.getByText('Disconnected from Starling.')).toBeVisible({ timeout: 15_000 });
      await composerForm.getByRole('button', { name: 'Send voice message' }).click();
      const unsent = alice.page.getByRole('list', { name: 'Voice messages not sent' });
      await expect(unsent.getByText(/^Not sent: Starling is disconnected/u)).toBeVisible();
      await expect(unsent.getByRole('button', { name: 'Send again' })).toBeVisible();
      await unsent.getByRole('button', { name: 'Play voice message' }).click();
      await expect(unsent.getByRole('button', { name: 'Pause voice message' })).toBeVisible();
      await alice.page.screenshot({ path: path.join(screenshotDirectory, 'voice-unsent.png') });
    });
  } finally {
    await microphone?.close();
  }
});
