import { crc32 as zlibCrc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Encode } from '../bytes';
import { crc32 } from './crc32';
import { englishWords } from './englishWords.generated';
import {
  decodeMnemonic,
  encodeMnemonic,
  isRecoveryWord,
  MnemonicError,
  normalizePhrase,
  readPhraseWords,
  suggestRecoveryWords,
} from './mnemonic';

// protocol-messages.md §7 (computed and verified against the official word list).
const vectors = [
  {
    seed: '0123456789abcdef0123456789abcdef',
    phrase: 'vexed enjoy pigment films adept voted vexed enjoy pigment films adept voted adept',
  },
  {
    seed: '00112233445566778899aabbccddeeff',
    phrase:
      'python costume hamburger heels amnesty lukewarm antics value picked roped sowed southern amnesty',
  },
];

function decodeError(phrase: string): MnemonicError {
  try {
    decodeMnemonic(phrase);
  } catch (error) {
    if (error instanceof MnemonicError) return error;
    throw error;
  }
  throw new Error(`expected “${phrase}” to be refused`);
}

describe('the word list', () => {
  it('is the 1626-word list with unique three-letter prefixes', () => {
    expect(englishWords).toHaveLength(1626);
    expect(englishWords[0]).toBe('abbey');
    expect(englishWords.at(-1)).toBe('zoom');
    expect(new Set(englishWords.map((word) => word.slice(0, 3))).size).toBe(1626);
  });
});

describe('crc32', () => {
  it('agrees with zlib', () => {
    for (let length = 0; length < 200; length += 7) {
      const bytes = randomBytes(length);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
    expect(crc32(utf8Encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('encodeMnemonic / decodeMnemonic', () => {
  it.each(vectors)('matches the official phrase for seed $seed', ({ seed, phrase }) => {
    expect(encodeMnemonic(fromHex(seed)).join(' ')).toBe(phrase);
    expect(toHex(decodeMnemonic(phrase))).toBe(seed);
  });

  it('round-trips random seeds of 16 and 32 bytes', () => {
    for (let round = 0; round < 300; round += 1) {
      const seed = new Uint8Array(randomBytes(round % 2 === 0 ? 16 : 32));
      const words = encodeMnemonic(seed);
      expect(words).toHaveLength(seed.length === 16 ? 13 : 25);
      expect(decodeMnemonic(words.join(' '))).toEqual(seed);
    }
  });

  it('tolerates capitals, extra spaces, line breaks and commas', () => {
    const messy = `  Python  COSTUME\nhamburger,heels amnesty\tlukewarm antics value picked roped sowed southern Amnesty  `;
    expect(toHex(decodeMnemonic(messy))).toBe(vectors[1]!.seed);
  });

  it('matches words by their first three letters, as the official clients do', () => {
    const abbreviated = vectors[1]!.phrase
      .split(' ')
      .map((word) => word.slice(0, 3))
      .join(' ');
    expect(toHex(decodeMnemonic(abbreviated))).toBe(vectors[1]!.seed);
  });

  it('refuses an empty phrase', () => {
    expect(decodeError('   ').code).toBe('empty');
  });

  it('refuses a phrase with the wrong number of words and says how many it has', () => {
    const words = vectors[0]!.phrase.split(' ');
    const missingChecksum = decodeError(words.slice(0, 12).join(' '));
    expect(missingChecksum.code).toBe('wordCount');
    expect(missingChecksum.message).toMatch(/12 words.*last word is missing/u);
    const tooMany = decodeError([...words, 'abbey'].join(' '));
    expect(tooMany.code).toBe('wordCount');
    expect(tooMany.message).toContain('14 words');
    expect(decodeError('abbey').message).toContain('1 word.');
  });

  it('accepts a word by its start of three letters or more, and nothing else by its prefix (#17.9)', () => {
    const words = vectors[1]!.phrase.split(' ');
    // "hamb" can only be "hamburger": no two list words share their first three letters.
    words[2] = 'hamb';
    expect(toHex(decodeMnemonic(words.join(' ')))).toBe(vectors[1]!.seed);
    // "hamster" only shares "ham" with "hamburger": it is not read as that word (the official
    // clients would, and then refuse the whole phrase with a checksum that "does not match").
    words[2] = 'hamster';
    const error = decodeError(words.join(' '));
    expect(error.code).toBe('unknownWord');
    expect(error.unknownWords).toEqual([
      { position: 3, word: 'hamster', suggestions: expect.arrayContaining(['hamburger']) as string[] },
    ]);
    expect(error.positions).toEqual([3]);
  });

  it('names each unknown word with its position and the nearest words', () => {
    const words = vectors[1]!.phrase.split(' ');
    words[2] = 'hamburgr';
    words[7] = 'xylophone';
    const error = decodeError(words.join(' '));
    expect(error.code).toBe('unknownWord');
    expect(error.unknownWords.map(({ position }) => position)).toEqual([3, 8]);
    expect(error.unknownWords[0]!.suggestions[0]).toBe('hamburger');
    expect(error.message).toContain('Word 3, “hamburgr”');
    expect(error.message).toContain('Word 8, “xylophone”');

    const typo = vectors[1]!.phrase.split(' ');
    typo[0] = 'pyhton';
    const typoError = decodeError(typo.join(' '));
    expect(typoError.unknownWords[0]!.suggestions[0]).toBe('python');
    expect(typoError.message).toContain('Did you mean “python”');
  });

  it('refuses a phrase whose checksum word does not match', () => {
    const words = vectors[1]!.phrase.split(' ');
    words[12] = 'python';
    const repeated = decodeError(words.join(' '));
    expect(repeated.code).toBe('checksum');
    // "python" is one of the first twelve: the mistake can be anywhere, so no word is singled out.
    expect(repeated.positions).toEqual([]);
    expect(repeated.message).toMatch(/check word/u);
    expect(repeated.message).not.toMatch(/all in the list/u);

    // A 13th word that repeats none of the first twelve is where to look first.
    words[12] = 'zoom';
    const stranger = decodeError(words.join(' '));
    expect(stranger.code).toBe('checksum');
    expect(stranger.positions).toEqual([13]);
    expect(stranger.message).toContain('“zoom” is none of them');

    const swapped = vectors[1]!.phrase.split(' ');
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    expect(decodeError(swapped.join(' ')).code).toBe('checksum');
  });

  it('refuses word triples that no seed produces', () => {
    // "abbey zoom zones" decodes to 1626³ − 1626, above 2^32 − 1; give it a passing checksum.
    const dataWords = ['abbey', 'zoom', 'zones', ...vectors[0]!.phrase.split(' ').slice(3, 12)];
    const prefixes = dataWords.map((word) => word.slice(0, 3)).join('');
    const checksum = dataWords[crc32(utf8Encode(prefixes)) % 12]!;
    const error = decodeError([...dataWords, checksum].join(' '));
    expect(error.code).toBe('invalidPhrase');
    expect(error.positions).toEqual([1, 2, 3]);
  });
});

describe('helpers for phrase input', () => {
  it('reads each word as the list word it stands for, or says why it cannot', () => {
    expect(readPhraseWords('Ham hamburger  qz ha')).toEqual([
      { position: 1, typed: 'ham', word: 'hamburger', state: 'word', suggestions: [] },
      { position: 2, typed: 'hamburger', word: 'hamburger', state: 'word', suggestions: [] },
      { position: 3, typed: 'qz', word: null, state: 'unknown', suggestions: expect.any(Array) as string[] },
      // Two letters that begin list words: the start of a word, not yet one.
      {
        position: 4,
        typed: 'ha',
        word: null,
        state: 'unfinished',
        suggestions: expect.any(Array) as string[],
      },
    ]);
  });

  it('normalizes what a person typed', () => {
    expect(normalizePhrase(' A  b\nC ')).toEqual(['a', 'b', 'c']);
  });

  it('recognises list words and suggests neighbours', () => {
    expect(isRecoveryWord('Abbey')).toBe(true);
    expect(isRecoveryWord('abb')).toBe(true);
    expect(isRecoveryWord('ab')).toBe(false);
    expect(isRecoveryWord('abbeys')).toBe(false);
    expect(suggestRecoveryWords('abbye')).toContain('abbey');
    expect(suggestRecoveryWords('qqqqqqqqqq')).toEqual([]);
  });
});
