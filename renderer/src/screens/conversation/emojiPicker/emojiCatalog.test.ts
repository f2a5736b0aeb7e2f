import data from 'emojibase-data/en/compact.json';
import shortcodes from 'emojibase-data/en/shortcodes/emojibase.json';
import { describe, expect, it } from 'vitest';
import { buildCatalog, fullyQualified, inTone } from './emojiCatalog';

const catalog = buildCatalog(data, shortcodes);

describe('the emoji catalog', () => {
  it('writes emoji as Unicode’s fully-qualified forms, as other clients send them', () => {
    // Emojibase adds a variation selector to 👍 (shown as emoji anyway); ❤ needs it.
    expect(fullyQualified('👍\u{FE0F}')).toBe('👍');
    expect(fullyQualified('❤\u{FE0F}')).toBe('❤\u{FE0F}');
    expect(fullyQualified('👁\u{FE0F}\u200D🗨\u{FE0F}')).toBe('👁\u{FE0F}\u200D🗨\u{FE0F}');
    expect(catalog.byEmoji.get('👍')?.emoji).toBe('👍');
    expect(catalog.byEmoji.get('👍\u{FE0F}')?.name).toBe('thumbs up');
    expect(catalog.byEmoji.get('❤️')?.name).toBe('red heart');
  });

  it('has the nine categories in Unicode’s order, without skin tone swatches or lone letters', () => {
    expect(catalog.categories.map((category) => category.label)).toEqual([
      'Smileys & emotion',
      'People & body',
      'Animals & nature',
      'Food & drink',
      'Travel & places',
      'Activities',
      'Objects',
      'Symbols',
      'Flags',
    ]);
    expect(catalog.all.length).toBeGreaterThan(1_850);
    expect(catalog.categories[0]?.emoji[0]?.name).toBe('grinning face');
    const names = new Set(catalog.all.map((entry) => entry.name));
    expect(names.has('medium skin tone')).toBe(false);
    expect(names.has('regional indicator A')).toBe(false);
  });

  it('knows the five tones of the emoji that take one, even those of two people', () => {
    const thumbs = catalog.byEmoji.get('👍')!;
    expect(thumbs.toned?.map((form) => form.emoji)).toEqual(['👍🏻', '👍🏼', '👍🏽', '👍🏾', '👍🏿']);
    expect(inTone(thumbs, 'medium')).toEqual({ emoji: '👍🏽', name: 'thumbs up: medium skin tone' });
    expect(inTone(thumbs, 'none')).toBe(thumbs);
    expect(catalog.byEmoji.get('👍🏿')).toBe(thumbs);
    const handshake = catalog.all.find((entry) => entry.name === 'handshake')!;
    expect(handshake.toned).toHaveLength(5);
    expect(inTone(handshake, 'dark').name).toBe('handshake: dark skin tone');
    const grinning = catalog.byEmoji.get('😀')!;
    expect(grinning.toned).toBeUndefined();
    expect(inTone(grinning, 'dark').emoji).toBe('😀');
  });

  it('finds an emoji by its shortcodes and keywords', () => {
    const thumbs = catalog.byEmoji.get('👍')!;
    expect(thumbs.shortcodes).toContain('thumbsup');
    expect(thumbs.words).toEqual(expect.arrayContaining(['thumbs', 'up', '+1', 'like']));
  });
});
