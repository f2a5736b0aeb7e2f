import { describe, expect, it } from 'vitest';
import {
  fitsOneMessage,
  maximumMessageBytes,
  maximumMessageLength,
  messageLengthProblem,
  splitMessage,
  utf8Length,
} from './messageLength';

const encoder = new TextEncoder();

/** Every part fits, and together they are the text but for the white space at the cuts. */
function expectFaithfulSplit(text: string, parts: readonly string[]): void {
  for (const part of parts) expect(fitsOneMessage(part)).toBe(true);
  expect(parts.join('').replace(/\s/gu, '')).toBe(text.replace(/\s/gu, ''));
}

describe('the length of a message', () => {
  it('counts UTF-8 bytes as the network stores them', () => {
    for (const text of ['', 'hello', 'é', '中文', '😀', '👩🏽‍💻 ok', 'a\ud800b']) {
      expect(utf8Length(text)).toBe(encoder.encode(text).length);
    }
  });

  it('says in words why a text does not fit, by characters or by bytes', () => {
    expect(messageLengthProblem('x'.repeat(maximumMessageLength))).toBeNull();
    expect(messageLengthProblem('x'.repeat(100_000))).toBe(
      'A message holds at most 60,000 characters; this one has 100,000.',
    );
    expect(messageLengthProblem('😀'.repeat(20_000))).toMatch(/40,000 characters take 80,000 bytes/u);
  });
});

describe('splitting a long text into messages', () => {
  it('keeps a text that fits whole', () => {
    expect(splitMessage('Hello there')).toEqual(['Hello there']);
  });

  it('cuts 100,000 characters of sentences at a sentence end, in order', () => {
    const sentence = 'The quick brown fox jumps over the lazy dog. ';
    const text = sentence.repeat(Math.ceil(100_000 / sentence.length)).slice(0, 100_000);
    const parts = splitMessage(text);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.endsWith('dog.')).toBe(true);
    expect(parts[1]!.startsWith('The quick')).toBe(true);
    expectFaithfulSplit(text, parts);
  });

  it('prefers a paragraph break, then a line break, to a sentence end', () => {
    const paragraph = `${'Word. '.repeat(6_000)}\n\n`;
    const text = paragraph.repeat(3);
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    // Each part is a whole paragraph (the space before the break goes with the cut).
    for (const part of parts) expect(part).toBe(paragraph.trim());
    expectFaithfulSplit(text, parts);
  });

  it('cuts at white space when there are no sentences, and between characters when there is none', () => {
    const words = 'word '.repeat(30_000);
    const wordParts = splitMessage(words);
    for (const part of wordParts) expect(part.endsWith('word')).toBe(true);
    expectFaithfulSplit(words, wordParts);
    const solid = 'x'.repeat(150_000);
    expect(splitMessage(solid).map((part) => part.length)).toEqual([60_000, 60_000, 30_000]);
  });

  it('never cuts inside a surrogate pair or an emoji sequence, and keeps to the byte limit', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 UTF-16 units, 25 bytes, one grapheme
    const text = family.repeat(6_000);
    const parts = splitMessage(text);
    for (const part of parts) {
      expect(utf8Length(part)).toBeLessThanOrEqual(maximumMessageBytes);
      expect(part.length % family.length).toBe(0);
    }
    expect(parts.join('')).toBe(text);
    const emoji = '😀'.repeat(40_000); // 80,000 units: cut on pairs
    const emojiParts = splitMessage(emoji);
    for (const part of emojiParts) expect(/^(?:😀)+$/u.test(part)).toBe(true);
    expect(emojiParts.join('')).toBe(emoji);
  });

  it('splits Chinese by its bytes', () => {
    const text = '中文句子。'.repeat(10_000);
    const parts = splitMessage(text);
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.endsWith('。')).toBe(true);
    expectFaithfulSplit(text, parts);
  });
});
