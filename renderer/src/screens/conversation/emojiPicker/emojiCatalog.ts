// The emoji the picker offers, built from emojibase-data (its English compact set and its own
// shortcodes): categories in Unicode's order, names for screen readers, words to search by, and the
// five skin-toned forms of the emoji that take one. Pure, so tests build it from the same data.
import type { CompactEmoji, ShortcodesDataset } from 'emojibase';
import type { SkinTone } from '../../../../../shared/contract/views';

export interface EmojiEntry {
  /** As Unicode's fully-qualified form writes it, which other Session clients send too. */
  readonly emoji: string;
  /** CLDR's name ("thumbs up"): what a screen reader says. */
  readonly name: string;
  readonly categoryKey: EmojiCategoryKey;
  /** Without colons ("thumbsup", "+1"). */
  readonly shortcodes: readonly string[];
  /** What to find it by, lower case: the name's words, the shortcodes, the data's tags. */
  readonly words: readonly string[];
  /** Light to dark (the order of `skinTones` after 'none'), for emoji that take a tone. */
  readonly toned?: readonly { readonly emoji: string; readonly name: string }[];
}

export type EmojiCategoryKey =
  'smileys' | 'people' | 'nature' | 'food' | 'travel' | 'activities' | 'objects' | 'symbols' | 'flags';

export interface EmojiCategory {
  readonly key: EmojiCategoryKey;
  readonly label: string;
  readonly emoji: readonly EmojiEntry[];
}

export interface EmojiCatalog {
  readonly categories: readonly EmojiCategory[];
  /** Every emoji in the picker's order. */
  readonly all: readonly EmojiEntry[];
  /** Any form of an emoji (toned, with or without a variation selector) → its entry. */
  readonly byEmoji: ReadonlyMap<string, EmojiEntry>;
}

/**
 * Emojibase's groups by number (its meta/groups.json), in the picker's order. Group 2, "component"
 * (the bare skin tone and hair swatches), is no emoji to send; regional indicators have no group.
 */
const groups: readonly { readonly group: number; readonly key: EmojiCategoryKey; readonly label: string }[] =
  [
    { group: 0, key: 'smileys', label: 'Smileys & emotion' },
    { group: 1, key: 'people', label: 'People & body' },
    { group: 3, key: 'nature', label: 'Animals & nature' },
    { group: 4, key: 'food', label: 'Food & drink' },
    { group: 5, key: 'travel', label: 'Travel & places' },
    { group: 6, key: 'activities', label: 'Activities' },
    { group: 7, key: 'objects', label: 'Objects' },
    { group: 8, key: 'symbols', label: 'Symbols' },
    { group: 9, key: 'flags', label: 'Flags' },
  ];

const variationSelector = '\u{FE0F}';
/** U+1F3FB–1F3FF, light to dark: the tone of a toned form, by the modifiers it holds. */
const toneModifiers = ['\u{1F3FB}', '\u{1F3FC}', '\u{1F3FD}', '\u{1F3FE}', '\u{1F3FF}'];

/**
 * Emojibase writes a variation selector after every emoji with a text form, even those shown as
 * emoji by default ("👍️"). Unicode's fully-qualified form (emoji-test.txt), which the other Session
 * clients send, has none there: without this, our 👍 and theirs would be two different reactions.
 */
export function fullyQualified(unicode: string): string {
  const single = /^(\P{M})\u{FE0F}$/u.exec(unicode);
  return single && /^\p{Emoji_Presentation}$/u.test(single[1]!) ? single[1]! : unicode;
}

/** The tone of a toned form (0: lightest), or undefined when it mixes tones (two people's hands). */
function uniformTone(unicode: string): number | undefined {
  const tones = new Set(
    [...unicode].map((character) => toneModifiers.indexOf(character)).filter((at) => at >= 0),
  );
  return tones.size === 1 ? [...tones][0] : undefined;
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}+-]+/u)
    .filter((word) => word !== '');
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

export function buildCatalog(data: readonly CompactEmoji[], shortcodes: ShortcodesDataset): EmojiCatalog {
  const byGroup = new Map<number, EmojiEntry[]>(groups.map(({ group }) => [group, []]));
  const byEmoji = new Map<string, EmojiEntry>();
  const sorted = [...data].sort((left, right) => (left.order ?? Infinity) - (right.order ?? Infinity));
  for (const item of sorted) {
    const category = groups.find(({ group }) => group === item.group);
    if (!category) continue;
    const toned: { emoji: string; name: string }[] = [];
    for (const skin of item.skins ?? []) {
      const tone = uniformTone(skin.unicode);
      if (tone !== undefined && toned[tone] === undefined) {
        toned[tone] = { emoji: fullyQualified(skin.unicode), name: skin.label };
      }
    }
    const codes = asList(shortcodes[item.hexcode]);
    const entry: EmojiEntry = {
      emoji: fullyQualified(item.unicode),
      name: item.label,
      categoryKey: category.key,
      shortcodes: codes,
      words: [
        ...new Set([
          ...wordsOf(item.label),
          ...codes.map((code) => code.toLowerCase()),
          ...(item.tags ?? []).map((tag) => tag.toLowerCase()),
          ...asList(item.emoticon),
        ]),
      ],
      // Some emoji have tones in the data for only some combinations: all five or none.
      ...(toned.filter(Boolean).length === toneModifiers.length ? { toned } : {}),
    };
    byGroup.get(item.group!)!.push(entry);
    for (const form of [entry.emoji, item.unicode, entry.emoji.replaceAll(variationSelector, '')]) {
      if (!byEmoji.has(form)) byEmoji.set(form, entry);
    }
    for (const form of entry.toned ?? []) byEmoji.set(form.emoji, entry);
  }
  const categories = groups.map(({ group, key, label }) => ({ key, label, emoji: byGroup.get(group)! }));
  return { categories, all: categories.flatMap((category) => category.emoji), byEmoji };
}

/** The form of `entry` in `tone`: its own when it takes no tone. */
export function inTone(entry: EmojiEntry, tone: SkinTone): { readonly emoji: string; readonly name: string } {
  const index = skinToneIndex(tone);
  return (index >= 0 && entry.toned?.[index]) || entry;
}

/** 0–4 for the five tones, light to dark; -1 for none. */
function skinToneIndex(tone: SkinTone): number {
  return ['light', 'mediumLight', 'medium', 'mediumDark', 'dark'].indexOf(tone);
}
