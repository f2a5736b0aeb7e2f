import data from 'emojibase-data/en/compact.json';
import shortcodes from 'emojibase-data/en/shortcodes/emojibase.json';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from './emojiCatalog';
import { maximumResults, searchEmoji } from './emojiSearch';

const { all } = buildCatalog(data, shortcodes);
const names = (query: string) => searchEmoji(all, query).map((entry) => entry.name);

describe('searchEmoji', () => {
  it('finds thumbs up by the start of a word of its name, best first', () => {
    expect(names('thumb').slice(0, 2)).toEqual(['thumbs up', 'thumbs down']);
    expect(names('Thumbs up')[0]).toBe('thumbs up');
    expect(names('up thumbs')).toContain('thumbs up');
  });

  it('finds by shortcode, with or without colons, and by keyword', () => {
    expect(names(':+1:')[0]).toBe('thumbs up');
    expect(names('thumbsup')[0]).toBe('thumbs up');
    expect(names('tada')).toContain('party popper');
    expect(names('lol')).toContain('face with tears of joy');
  });

  it('puts the name itself first, then names that start with the text', () => {
    expect(names('fire')[0]).toBe('fire');
    expect(names('cat')[0]).toBe('cat');
  });

  it('finds nothing for nothing typed or for words no emoji has, and caps long lists', () => {
    expect(names('   ')).toEqual([]);
    expect(names('qqxzv')).toEqual([]);
    expect(searchEmoji(all, 'a').length).toBe(maximumResults);
  });
});
