import { describe, expect, it } from 'vitest';
import { ftsExpression, searchTerms, snippetOf } from './searchText';

describe('searchText', () => {
  it('quotes every word and makes only a word still being typed a prefix', () => {
    expect(ftsExpression(searchTerms('meet at noo'))).toBe('"meet" "at" "noo"*');
    expect(ftsExpression(searchTerms('meet at noon '))).toBe('"meet" "at" "noon"');
    expect(ftsExpression(searchTerms('noon!'))).toBe('"noon"');
    expect(ftsExpression(searchTerms('title:x* NEAR("a" -b)'))).toBe('"title" "x" "NEAR" "a" "b"');
    expect(ftsExpression(searchTerms(' *"-:() '))).toBeNull();
    // Bidi controls and zero-width characters separate words, as they do in the index.
    expect(searchTerms('\u202Eשלום\u202C').words).toEqual(['שלום']);
    // Combining marks belong to their word; an emoji's variation selector does not.
    expect(searchTerms('दोस्त ❤️Thanks').words).toEqual(['दोस्त', 'Thanks']);
  });

  it('marks matches whatever their case and accents, as plain data', () => {
    expect(snippetOf('Ask ZOE or Zoë about <b>it</b>', searchTerms('zoe b'))).toEqual([
      { text: 'Ask ', match: false },
      { text: 'ZOE', match: true },
      { text: ' or ', match: false },
      { text: 'Zoë', match: true },
      { text: ' about <', match: false },
      { text: 'b', match: true },
      { text: '>it</', match: false },
      { text: 'b', match: true },
      { text: '>', match: false },
    ]);
  });

  it('cuts a long text around its first match at spaces, in one line, without bidi overrides', () => {
    const before = 'word '.repeat(40);
    const after = ' more'.repeat(60);
    const parts = snippetOf(`${before}line\n\u202Etarget\u202C here${after}`, searchTerms('target'));
    expect(parts[0]!.text.startsWith('…')).toBe(true);
    expect(parts.at(-1)!.text.endsWith('…')).toBe(true);
    const text = parts.map((part) => part.text).join('');
    expect(text).toMatch(/^…word /u);
    expect(text).toContain('line target here more');
    expect(text).not.toMatch(/[\u202A-\u202E\n]/u);
    expect(text.length).toBeLessThan(180);
    expect(parts.filter((part) => part.match)).toEqual([{ text: 'target', match: true }]);
  });

  it('never splits a character made of two code units', () => {
    const text = `${'😀'.repeat(200)}`;
    const joined = snippetOf(text, searchTerms('x'))
      .map((part) => part.text)
      .join('');
    expect(joined.endsWith('…')).toBe(true);
    expect(/\p{Cs}/u.test(joined.replace(/\p{Extended_Pictographic}/gu, ''))).toBe(false);
  });
});
