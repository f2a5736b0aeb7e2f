// The emoji picker's recent emoji and skin tone: the ranking by itself, then through a real engine
// on a devnet, kept across a restart and refused in words when the request is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, type TestUser } from '../../test/engineHarness';
import { refusalOf as refusal } from '../../test/refusal';
import { maximumRecentEmoji } from '../store/settingsRepository';
import { type RecentEmoji, recordEmojiUse } from './emojiPreferences';

const picks = (emoji: readonly string[], from: RecentEmoji = []): RecentEmoji =>
  emoji.reduce(recordEmojiUse, from);
const order = (recent: RecentEmoji): string[] => recent.map((entry) => entry.emoji);

describe('recordEmojiUse', () => {
  it('puts the emoji picked last first among those picked as often', () => {
    expect(order(picks(['👍', '🎉', '🔥']))).toEqual(['🔥', '🎉', '👍']);
    // Picked again, an older one comes back to the front.
    expect(order(picks(['👍', '🎉', '🔥', '👍']))).toEqual(['👍', '🔥', '🎉']);
  });

  it('keeps an emoji picked often ahead of one picked once since, until that one is picked often', () => {
    const often = picks(['😂', '😂', '😂', '😂', '😂']);
    const once = picks(['🙏'], often);
    expect(order(once)).toEqual(['😂', '🙏']);
    expect(order(picks(['🙏', '🙏', '🙏', '🙏'], once))).toEqual(['🙏', '😂']);
  });

  it('forgets the lowest beyond the limit, and each emoji is listed once', () => {
    const many = Array.from({ length: maximumRecentEmoji + 5 }, (_, index) =>
      String.fromCodePoint(0x1f600 + index),
    );
    const recent = picks([...many, many[0]!]);
    expect(recent).toHaveLength(maximumRecentEmoji);
    expect(new Set(order(recent)).size).toBe(maximumRecentEmoji);
    expect(recent[0]?.emoji).toBe(many[0]);
    // The oldest of those picked once went: the five after the first.
    expect(order(recent)).not.toContain(many[1]);
    expect(order(recent)).toContain(many.at(-1));
  });
});

describe('emoji preferences through the engine', () => {
  let harness: EngineHarness;
  let alice: TestUser;

  beforeAll(async () => {
    harness = await EngineHarness.start();
    alice = await harness.user('alice');
  }, 60_000);
  afterAll(async () => harness?.close());

  it('starts empty, without a tone, ranks the picks and keeps them and the tone across a restart', async () => {
    expect(await alice.engine.getEmojiPreferences({})).toEqual({ recent: [], skinTone: 'none' });
    await alice.engine.updateEmojiPreferences({ used: '👍' });
    await alice.engine.updateEmojiPreferences({ used: '🎉' });
    expect(await alice.engine.updateEmojiPreferences({ used: '👍', skinTone: 'mediumDark' })).toEqual({
      recent: ['👍', '🎉'],
      skinTone: 'mediumDark',
    });
    await alice.restart();
    expect(await alice.engine.getEmojiPreferences({})).toEqual({
      recent: ['👍', '🎉'],
      skinTone: 'mediumDark',
    });
  });

  it('refuses an unknown tone or an empty emoji in words, and changes nothing', async () => {
    const before = await alice.engine.getEmojiPreferences({});
    expect(
      await refusal(alice.engine.updateEmojiPreferences({ skinTone: 'purple' as 'dark' })),
    ).toMatchObject({
      code: 'invalidRequest',
      message: expect.stringContaining('Choose none, light, mediumLight, medium, mediumDark or dark'),
    });
    expect(await refusal(alice.engine.updateEmojiPreferences({ used: '' }))).toMatchObject({
      code: 'invalidRequest',
      message: expect.stringContaining('Choose an emoji.'),
    });
    expect(await refusal(alice.engine.updateEmojiPreferences({ used: '🙂'.repeat(33) }))).toMatchObject({
      code: 'invalidRequest',
      message: expect.stringContaining('at most 32 characters'),
    });
    expect(await alice.engine.getEmojiPreferences({})).toEqual(before);
  });

  it('refuses a pick that is no emoji (words, spaces, control characters), and keeps the recent ones', async () => {
    await alice.engine.updateEmojiPreferences({ used: '🇫🇷' });
    await alice.engine.updateEmojiPreferences({ used: '1️⃣' });
    const before = await alice.engine.getEmojiPreferences({});
    for (const used of ['hello', ' ', '\u0000', '👍 hello', '\u202E👍']) {
      expect(await refusal(alice.engine.updateEmojiPreferences({ used })), used).toMatchObject({
        code: 'invalidRequest',
        message: expect.stringContaining('Choose an emoji from the picker'),
      });
    }
    expect(await alice.engine.getEmojiPreferences({})).toEqual(before);
    expect(before.recent).toEqual(expect.arrayContaining(['1️⃣', '🇫🇷']));
  });
});
