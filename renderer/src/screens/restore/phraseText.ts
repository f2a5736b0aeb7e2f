// Where each word of a typed recovery phrase sits in the text, so a form can select a word or put a
// suggestion in its place. Words are split as the engine splits them (mnemonic normalizePhrase):
// any run of spaces, line breaks, commas or semicolons.

export interface WordRange {
  readonly start: number;
  readonly end: number;
}

const wordPattern = /[^\s,;]+/gu;

/** The character ranges of the words of `text`, in order (the n-th word is at index n − 1). */
export function wordRanges(text: string): WordRange[] {
  return [...text.matchAll(wordPattern)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** `text` with its `position`-th word (1-based) replaced by `word`; unchanged when there is none. */
export function replaceWord(text: string, position: number, word: string): string {
  const range = wordRanges(text)[position - 1];
  return range ? `${text.slice(0, range.start)}${word}${text.slice(range.end)}` : text;
}

/** Whether the person is still typing the last word: nothing follows it yet. */
export function endsInWord(text: string): boolean {
  return /[^\s,;]$/u.test(text);
}
