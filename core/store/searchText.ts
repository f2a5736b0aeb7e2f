// How a search typed by a person becomes an FTS5 query, and how a found message becomes a snippet
// with its matches marked. Pure, for tests. Words here are what the index's tokenizer (unicode61,
// migrations 11 and 12) takes as words: runs of letters, digits, private-use characters and
// combining marks (a Devanagari vowel sign, a Latin accent), except the emoji variation selectors;
// everything else (spaces, punctuation, quotes, `*`, `-`, `:`, bidi controls) separates words. So a query never carries FTS5 syntax: each word is quoted, and
// operators such as NEAR, OR or a column filter are searched for as plain words.
import type { SnippetPart } from '../../shared/contract/views';

const word = /(?:(?![\uFE0E\uFE0F])[\p{L}\p{N}\p{Co}\p{M}])+/gu;

export interface SearchTerms {
  readonly words: readonly string[];
  /** The last word is still being typed (no space after it): it matches as a prefix. */
  readonly lastIsPrefix: boolean;
}

export function searchTerms(query: string): SearchTerms {
  const found = [...query.matchAll(word)];
  const last = found.at(-1);
  return {
    words: found.map((match) => match[0]),
    lastIsPrefix: last !== undefined && last.index + last[0].length === query.length,
  };
}

/** The FTS5 expression: every word quoted (a quote inside doubled), all required, the last as a prefix. */
export function ftsExpression(terms: SearchTerms): string | null {
  if (terms.words.length === 0) return null;
  return terms.words
    .map((term, index) => {
      const quoted = `"${term.replaceAll('"', '""')}"`;
      return index === terms.words.length - 1 && terms.lastIsPrefix ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** A word as the index compares it: without case or Latin accents. */
export function foldWord(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036F]/gu, '');
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** Where the query's words are in the text (UTF-16 offsets), as the index would match them. */
export function matchedRanges(text: string, terms: SearchTerms): Range[] {
  const exact = new Set<string>();
  let prefix: string | undefined;
  terms.words.forEach((term, index) => {
    if (index === terms.words.length - 1 && terms.lastIsPrefix) prefix = foldWord(term);
    else exact.add(foldWord(term));
  });
  const ranges: Range[] = [];
  for (const found of text.matchAll(word)) {
    const folded = foldWord(found[0]);
    if (exact.has(folded) || (prefix !== undefined && folded.startsWith(prefix))) {
      ranges.push({ start: found.index, end: found.index + found[0].length });
    }
  }
  return ranges;
}

/** Characters of context kept before the first match, and the snippet's length at most. */
const contextBefore = 40;
const snippetLength = 160;
/**
 * Embeddings, overrides and isolates: a snippet cut out of a text may lose the character that ends
 * one, which would then reorder the name and time beside it; a one-line excerpt needs none.
 */
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/gu;

function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Moves a cut to the nearest space within `reach` (so words stay whole), never inside a surrogate pair. */
function snapCut(text: string, index: number, direction: -1 | 1, reach: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(text.length, index));
  for (let step = 0; step < reach; step += 1) {
    const at = index + direction * step;
    if (at <= 0 || at >= text.length) break;
    if (/\s/u.test(text[at]!)) return direction === 1 ? at + 1 : at;
  }
  return isLowSurrogate(text, index) ? index - 1 : index;
}

/**
 * The part of a message's text around its first match, as plain parts marked matched or not (data,
 * never markup: the renderer shows them as text). Line breaks become spaces; "…" marks a cut.
 */
export function snippetOf(text: string, terms: SearchTerms): SnippetPart[] {
  const ranges = matchedRanges(text, terms);
  const firstMatch = ranges[0]?.start ?? 0;
  let start = firstMatch <= contextBefore ? 0 : snapCut(text, firstMatch - contextBefore, 1, contextBefore);
  if (start > firstMatch) start = firstMatch;
  const end = snapCut(text, Math.min(text.length, start + snippetLength), -1, 40);
  const parts: SnippetPart[] = [];
  const push = (from: number, to: number, match: boolean): void => {
    if (to <= from) return;
    parts.push({ text: text.slice(from, to).replace(bidiControls, '').replace(/\s+/gu, ' '), match });
  };
  let position = start;
  for (const range of ranges) {
    if (range.end <= start) continue;
    if (range.start >= end) break;
    push(position, Math.max(position, range.start), false);
    push(Math.max(position, range.start), Math.min(range.end, end), true);
    position = Math.min(range.end, end);
  }
  push(position, end, false);
  if (start > 0) parts.unshift({ text: '…', match: false });
  if (end < text.length) parts.push({ text: '…', match: false });
  return mergeNeighbours(parts);
}

function mergeNeighbours(parts: readonly SnippetPart[]): SnippetPart[] {
  const merged: SnippetPart[] = [];
  for (const part of parts) {
    const previous = merged.at(-1);
    if (previous && previous.match === part.match)
      merged[merged.length - 1] = { ...part, text: previous.text + part.text };
    else merged.push(part);
  }
  if (merged[0] && !merged[0].match) merged[0] = { ...merged[0], text: merged[0].text.trimStart() };
  const last = merged.at(-1);
  if (last && !last.match) merged[merged.length - 1] = { ...last, text: last.text.trimEnd() };
  return merged.filter((part) => part.text !== '');
}
