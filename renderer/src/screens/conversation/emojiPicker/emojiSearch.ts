// Finding emoji by what a person types: words of the name, shortcodes (with or without colons) and
// the data's keywords, each word typed matching the start of one of them ("thumb" finds "thumbs up",
// ":+1" finds it too). Best matches first: the name itself, then names starting with the text,
// then shortcodes, then any word; the picker's order within each.
import type { EmojiEntry } from './emojiCatalog';

/** Enough to fill the picker's grid several times; more would only slow the typing. */
export const maximumResults = 180;

function rank(entry: EmojiEntry, text: string, queryWords: readonly string[]): number | undefined {
  const name = entry.name.toLowerCase();
  const matchesAll = queryWords.every((typed) => entry.words.some((word) => word.startsWith(typed)));
  if (!matchesAll && !name.includes(text)) return undefined;
  if (name === text) return 0;
  if (name.startsWith(text)) return 1;
  if (entry.shortcodes.some((code) => code.toLowerCase().startsWith(text))) return 2;
  return matchesAll ? 3 : 4;
}

export function searchEmoji(all: readonly EmojiEntry[], query: string): EmojiEntry[] {
  const text = query
    .trim()
    .toLowerCase()
    .replace(/^:+|:+$/gu, '');
  if (text === '') return [];
  const queryWords = text.split(/[\s_]+/u).filter((word) => word !== '');
  const ranked: { entry: EmojiEntry; rank: number; position: number }[] = [];
  all.forEach((entry, position) => {
    const found = rank(entry, text, queryWords);
    if (found !== undefined) ranked.push({ entry, rank: found, position });
  });
  ranked.sort((left, right) => left.rank - right.rank || left.position - right.position);
  return ranked.slice(0, maximumResults).map(({ entry }) => entry);
}
