import { describe, expect, it } from 'vitest';
import { endsInWord, replaceWord, wordRanges } from './phraseText';

describe('the words of a typed phrase', () => {
  it('finds each word across spaces, line breaks and commas', () => {
    const text = ' abbey,  ham\nzoom ';
    expect(wordRanges(text).map(({ start, end }) => text.slice(start, end))).toEqual([
      'abbey',
      'ham',
      'zoom',
    ]);
  });

  it('replaces one word and keeps the rest of the text as typed', () => {
    expect(replaceWord('Abbey,  hamster\nzoom', 2, 'hamburger')).toBe('Abbey,  hamburger\nzoom');
    expect(replaceWord('abbey', 4, 'zoom')).toBe('abbey');
  });

  it('tells a word being typed from a finished one', () => {
    expect(endsInWord('abbey ha')).toBe(true);
    expect(endsInWord('abbey ha ')).toBe(false);
    expect(endsInWord('')).toBe(false);
  });
});
