// Session recovery phrases (protocol-messages.md §1.2): the Electrum/Monero 1626-word list, three
// words per little-endian 32-bit chunk of the seed, and a checksum word picked with CRC-32 over the
// words' three-letter prefixes. Words are matched by those prefixes, as the official clients do.
import { StarlingError } from '../../errors';
import { utf8Encode } from '../bytes';
import { crc32 } from './crc32';
import { englishWords } from './englishWords.generated';

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

  constructor(code: MnemonicErrorCode, message: string, unknownWords: readonly UnknownWord[] = []) {
    super(code, message);
    this.name = 'MnemonicError';
    this.unknownWords = unknownWords;
  }
}

/** Splits what a person typed or pasted into words: any spacing, commas, capitals and line breaks. */
export function normalizePhrase(phrase: string): string[] {
  return phrase
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s,;]+/u)
    .filter((word) => word.length > 0);
}

function wordIndex(word: string): number | undefined {
  return word.length < prefixLength ? undefined : indexByPrefix.get(word.slice(0, prefixLength));
}

export function isRecoveryWord(word: string): boolean {
  return wordIndex(word.normalize('NFKC').toLowerCase()) !== undefined;
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

  const unknownWords = words.flatMap((word, index) =>
    wordIndex(word) === undefined
      ? [{ position: index + 1, word, suggestions: suggestRecoveryWords(word) }]
      : [],
  );
  if (unknownWords.length > 0) {
    throw new MnemonicError('unknownWord', unknownWordsMessage(unknownWords), unknownWords);
  }

  const dataWords = words.slice(0, -1);
  const expectedChecksum = dataWords[checksumIndex(dataWords)]!;
  if (expectedChecksum.slice(0, prefixLength) !== words.at(-1)!.slice(0, prefixLength)) {
    throw new MnemonicError(
      'checksum',
      'These words are all in the list, but the last word does not match the others. ' +
        'Check for a mistyped, missing or swapped word.',
    );
  }

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
      throw new MnemonicError(
        'invalidPhrase',
        'This phrase is not a valid recovery phrase: words ' +
          `${chunk * 3 + 1}–${chunk * 3 + 3} cannot occur together. Check the word order.`,
      );
    }
    view.setUint32(chunk * 4, value, true);
  }
  return seed;
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
      return `Word ${position}, “${word}”, is not a recovery-phrase word.${hint}`;
    })
    .join(' ');
}

function joinAlternatives(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;
}

/** Up to `limit` list words closest to what was typed, nearest first. */
export function suggestRecoveryWords(typed: string, limit = 3): string[] {
  const word = typed.normalize('NFKC').toLowerCase();
  const maximumDistance = Math.max(2, Math.ceil(word.length / 3));
  return englishWords
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter(({ distance }) => distance <= maximumDistance)
    .sort((left, right) => left.distance - right.distance || left.candidate.localeCompare(right.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs one. */
function editDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const distances = new Array<number>(rows * columns).fill(0);
  const at = (row: number, column: number): number => distances[row * columns + column]!;
  for (let row = 0; row < rows; row += 1) distances[row * columns] = row;
  for (let column = 0; column < columns; column += 1) distances[column] = column;
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const substitution = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(
        at(row - 1, column) + 1,
        at(row, column - 1) + 1,
        at(row - 1, column - 1) + substitution,
      );
      if (
        row > 1 &&
        column > 1 &&
        left[row - 1] === right[column - 2] &&
        left[row - 2] === right[column - 1]
      ) {
        best = Math.min(best, at(row - 2, column - 2) + 1);
      }
      distances[row * columns + column] = best;
    }
  }
  return at(rows - 1, columns - 1);
}
