// Session recovery phrases (protocol-messages.md §1.2): the Electrum/Monero 1626-word list, three
// words per little-endian 32-bit chunk of the seed, and a checksum word picked with CRC-32 over the
// words' three-letter prefixes. No two list words share their first three letters, so a word is
// known by any start of it of three letters or more ("ham", "hamb" or "hamburger"). The official
// clients compare only those three letters, so they also take "hamster" for "hamburger"; Starling
// does not: a word that is no start of a list word is pointed out at its place, where the official
// clients would go on and refuse the whole phrase with a checksum that does not match (#17.9). A
// phrase they write always holds whole list words, so every phrase they make is still accepted.
import { StarlingError } from '../../errors';
import { utf8Encode } from '../bytes';
import { crc32 } from './crc32';
import { englishWords } from './englishWords.generated';
import { suggestRecoveryWords } from './suggestions';

export { suggestRecoveryWords } from './suggestions';

const listSize = englishWords.length;
const prefixLength = 3;
/** A new account's seed: 16 bytes, i.e. 12 words plus the checksum word. */
export const accountSeedLength = 16;
export const recoveryPhraseWordCount = 13;
/** libsession also reads 32-byte seeds as 24 words plus a checksum (25 words). */
const longPhraseWordCount = 25;

const indexByPrefix = new Map<string, number>(
  englishWords.map((word, index) => [word.slice(0, prefixLength), index]),
);

export type MnemonicErrorCode = 'empty' | 'wordCount' | 'unknownWord' | 'checksum' | 'invalidPhrase';

export interface UnknownWord {
  /** 1-based, as a person counts. */
  readonly position: number;
  readonly word: string;
  readonly suggestions: readonly string[];
}

export class MnemonicError extends StarlingError<MnemonicErrorCode> {
  readonly unknownWords: readonly UnknownWord[];
  /** The words (1-based) the problem is at, so a form can mark them; empty when it can be anywhere. */
  readonly positions: readonly number[];

  constructor(
    code: MnemonicErrorCode,
    message: string,
    unknownWords: readonly UnknownWord[] = [],
    positions: readonly number[] = unknownWords.map(({ position }) => position),
  ) {
    super(code, message);
    this.name = 'MnemonicError';
    this.unknownWords = unknownWords;
    this.positions = positions;
  }
}

/**
 * One typed word as it is read: `word` is the list word it stands for. 'unfinished' is one or two
 * letters that begin list words (too short to tell which); 'unknown' begins none.
 */
export interface PhraseWord {
  /** 1-based, as a person counts. */
  readonly position: number;
  readonly typed: string;
  readonly word: string | null;
  readonly state: 'word' | 'unknown' | 'unfinished';
  /** The nearest list words when it is not one; empty when it is. */
  readonly suggestions: readonly string[];
}

/** Splits what a person typed or pasted into words: any spacing, commas, capitals and line breaks. */
export function normalizePhrase(phrase: string): string[] {
  return phrase
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s,;]+/u)
    .filter((word) => word.length > 0);
}

/** The list index of the word `word` begins (three letters or more), if any. */
function wordIndex(word: string): number | undefined {
  if (word.length < prefixLength) return undefined;
  const index = indexByPrefix.get(word.slice(0, prefixLength));
  return index !== undefined && englishWords[index]!.startsWith(word) ? index : undefined;
}

export function isRecoveryWord(word: string): boolean {
  return wordIndex(word.normalize('NFKC').toLowerCase()) !== undefined;
}

/** Each word of what was typed, read as the list word it stands for (see PhraseWord). */
export function readPhraseWords(phrase: string): PhraseWord[] {
  return normalizePhrase(phrase).map((typed, offset) => {
    const index = wordIndex(typed);
    const position = offset + 1;
    if (index !== undefined)
      return { position, typed, word: englishWords[index]!, state: 'word', suggestions: [] };
    const unfinished = typed.length < prefixLength && englishWords.some((word) => word.startsWith(typed));
    return {
      position,
      typed,
      word: null,
      state: unfinished ? 'unfinished' : 'unknown',
      suggestions: unfinished ? wordsBeginning(typed) : suggestionsFor(typed),
    };
  });
}

/** The nearest list words, and first the one that starts with the same three letters, if any. */
function suggestionsFor(typed: string): string[] {
  const samePrefix = indexByPrefix.get(typed.slice(0, prefixLength));
  const nearest = suggestRecoveryWords(typed);
  if (samePrefix === undefined) return nearest;
  const word = englishWords[samePrefix]!;
  return [word, ...nearest.filter((candidate) => candidate !== word)].slice(0, 3);
}

/** The first few list words that begin with `start`, for a word typed too short to tell. */
function wordsBeginning(start: string, limit = 3): string[] {
  return englishWords.filter((word) => word.startsWith(start)).slice(0, limit);
}

function checksumIndex(words: readonly string[]): number {
  const prefixes = words.map((word) => word.slice(0, prefixLength)).join('');
  return crc32(utf8Encode(prefixes)) % words.length;
}

/** Encodes a seed (a multiple of 4 bytes; 16 for accounts) as words plus the checksum word. */
export function encodeMnemonic(seed: Uint8Array): string[] {
  if (seed.length === 0 || seed.length % 4 !== 0) {
    throw new RangeError('a mnemonic seed must be a non-empty multiple of 4 bytes');
  }
  const view = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
  const words: string[] = [];
  for (let offset = 0; offset < seed.length; offset += 4) {
    const value = view.getUint32(offset, true);
    const first = value % listSize;
    const second = (Math.floor(value / listSize) + first) % listSize;
    const third = (Math.floor(value / listSize ** 2) + second) % listSize;
    words.push(englishWords[first]!, englishWords[second]!, englishWords[third]!);
  }
  words.push(words[checksumIndex(words)]!);
  return words;
}

/**
 * Decodes a recovery phrase to its seed (16 bytes for a 13-word phrase). Throws a MnemonicError
 * whose message tells the person what to fix.
 */
export function decodeMnemonic(phrase: string): Uint8Array {
  const words = normalizePhrase(phrase);
  if (words.length === 0) {
    throw new MnemonicError('empty', 'Enter your 13-word recovery phrase.');
  }
  if (words.length !== recoveryPhraseWordCount && words.length !== longPhraseWordCount) {
    throw new MnemonicError('wordCount', wordCountMessage(words.length));
  }

  const readings = readPhraseWords(phrase);
  const unknownWords = readings.flatMap(({ position, typed, word, suggestions }) =>
    word === null ? [{ position, word: typed, suggestions }] : [],
  );
  if (unknownWords.length > 0) {
    throw new MnemonicError('unknownWord', unknownWordsMessage(unknownWords), unknownWords);
  }

  // Whole list words from here on: "ham" and "hamburger" are one word, and the checksum is taken
  // over the three-letter prefixes either way.
  const listWords = readings.map(({ word }) => word!);
  const dataWords = listWords.slice(0, -1);
  const checkWord = listWords.at(-1)!;
  if (dataWords[checksumIndex(dataWords)] !== checkWord) throw checksumError(dataWords, checkWord);

  const seed = new Uint8Array((dataWords.length / 3) * 4);
  const view = new DataView(seed.buffer);
  for (let chunk = 0; chunk < dataWords.length / 3; chunk += 1) {
    const [first, second, third] = [0, 1, 2].map((offset) => wordIndex(dataWords[chunk * 3 + offset]!)!) as [
      number,
      number,
      number,
    ];
    const value =
      first +
      listSize * ((listSize - first + second) % listSize) +
      listSize ** 2 * ((listSize - second + third) % listSize);
    // Three words can describe up to 1626³ > 2^32 values; a triple above 2^32 − 1 was never
    // produced by encoding. (The official check `value mod 1626 == first` always holds.)
    if (value > 0xffffffff) {
      const positions = [chunk * 3 + 1, chunk * 3 + 2, chunk * 3 + 3];
      throw new MnemonicError(
        'invalidPhrase',
        'This phrase is not a valid recovery phrase: words ' +
          `${positions[0]!}–${positions[2]!} cannot occur together. Check the word order.`,
        [],
        positions,
      );
    }
    view.setUint32(chunk * 4, value, true);
  }
  return seed;
}

/**
 * The last word is a check word: a repeat of one of the others, picked by a checksum over all of
 * them. Said so in plain words. When it repeats none of them it is the first place to look; when it
 * repeats one, any word may be wrong (a mistyped word that is still a list word, two swapped), so
 * no word is singled out, and the word the checksum wants is never offered: "fixing" the check
 * word to fit a wrong word elsewhere would restore somebody else's account, or none.
 */
function checksumError(dataWords: readonly string[], checkWord: string): MnemonicError {
  const count = dataWords.length + 1;
  const explanation =
    `Word ${count} is a check word: it repeats one of the first ${dataWords.length} words, picked ` +
    'by a calculation over all of them, so a wrong word anywhere shows up here.';
  if (!dataWords.includes(checkWord)) {
    return new MnemonicError(
      'checksum',
      `${explanation} “${checkWord}” is none of them: check word ${count} first, then the others.`,
      [],
      [count],
    );
  }
  return new MnemonicError(
    'checksum',
    `${explanation} These words do not agree with it: one is probably mistyped as another list word, ` +
      'missing, or in the wrong place. Compare each word with your copy.',
  );
}

function wordCountMessage(count: number): string {
  if (count === recoveryPhraseWordCount - 1) {
    return 'This phrase has 12 words; a recovery phrase has 13. The last word is missing.';
  }
  const noun = count === 1 ? 'word' : 'words';
  return `A recovery phrase has 13 words; this one has ${count} ${noun}.`;
}

function unknownWordsMessage(unknownWords: readonly UnknownWord[]): string {
  return unknownWords
    .map(({ position, word, suggestions }) => {
      const hint =
        suggestions.length > 0 ? ` Did you mean ${joinAlternatives(suggestions.map((s) => `“${s}”`))}?` : '';
      return `${unknownWordMessage(position, word)}${hint}`;
    })
    .join(' ');
}

/** One word that is not a list word, in words; shared with forms that show it at its word. */
export function unknownWordMessage(position: number, typed: string): string {
  return typed.length < prefixLength
    ? `Word ${position}, “${typed}”, is too short: a word needs at least its first three letters.`
    : `Word ${position}, “${typed}”, is not a recovery-phrase word.`;
}

function joinAlternatives(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;
}
