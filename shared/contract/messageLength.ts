// How long a message's text may be: the one source of truth for the contract (which refuses longer
// requests), the engine (which refuses longer incoming bodies) and the composer (which says so before
// sending, and offers to send the rest as more messages, split here). Pure, for every side.
//
// The network's limit is in bytes: a stored message is at most 76,800 bytes (protocol-network.md
// §4.4), and the text travels as UTF-8 inside the padded, encrypted and wrapped message
// (protocol-messages.md §2.3). Measured, a body of 76,350 UTF-8 bytes still fits with a 100-character
// display name; the byte limit below leaves room for the rest a message may carry (a quote, up to 32
// file pointers, a profile picture's address and key). The character limit is what people are
// told; the byte limit only binds for scripts whose letters take 3 or 4 bytes (Chinese, emoji).

/** Characters (UTF-16 code units, as a text field counts them) in one message. */
export const maximumMessageLength = 60_000;

/** UTF-8 bytes of one message's text: what the network's 76,800-byte messages leave room for. */
export const maximumMessageBytes = 64_000;

/** The UTF-8 size of `text`, counted without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Whether `text` fits one message. */
export function fitsOneMessage(text: string): boolean {
  return text.length <= maximumMessageLength && utf8Length(text) <= maximumMessageBytes;
}

/** Why `text` cannot go as one message, in words; null when it can. */
export function messageLengthProblem(text: string): string | null {
  if (text.length > maximumMessageLength) {
    return `A message holds at most ${maximumMessageLength.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`;
  }
  if (utf8Length(text) > maximumMessageBytes) {
    return (
      `This message is too long for the network: its ${text.length.toLocaleString('en')} characters take ` +
      `${utf8Length(text).toLocaleString('en')} bytes, and a message holds ${maximumMessageBytes.toLocaleString('en')}.`
    );
  }
  return null;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Splits `text` into messages that each fit, in order, losing nothing but the white space at each
 * cut. A cut falls at the last paragraph break, else line break, else sentence end, else white
 * space in the second half of what fits; only a text without any falls between two characters
 * (whole graphemes: never inside a surrogate pair, an emoji sequence or a letter with its accents).
 */
export function splitMessage(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  while (!fitsOneMessage(rest)) {
    const cut = cutIndex(rest);
    const part = rest.slice(0, cut).trimEnd();
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (parts.length === 0) return [rest];
  if (rest.trim() !== '') parts.push(rest.trimEnd());
  return parts;
}

/** Where to cut `text` (which does not fit): the end of its first message. */
function cutIndex(text: string): number {
  // The grapheme boundaries up to the longest start that fits.
  const boundaries = new Set<number>();
  let end = 0;
  let bytes = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const size = utf8Length(segment);
    if (index + segment.length > maximumMessageLength || bytes + size > maximumMessageBytes) break;
    bytes += size;
    end = index + segment.length;
    boundaries.add(end);
  }
  // A single grapheme over the limit (thousands of combining marks): cut it, rather than loop.
  if (end === 0) return Math.min(text.length, maximumMessageLength);
  const fitting = text.slice(0, end);
  const half = end / 2;
  const atLeastHalf = (index: number): number | undefined => (index >= half ? index : undefined);
  const paragraph = atLeastHalf(fitting.lastIndexOf('\n\n') + 2);
  if (paragraph !== undefined) return paragraph;
  const line = atLeastHalf(fitting.lastIndexOf('\n') + 1);
  if (line !== undefined) return line;
  const sentence = lastSentenceEnd(fitting);
  if (sentence !== undefined && sentence >= half && sentence < end) return sentence;
  for (let index = end - 1; index >= half; index -= 1) {
    if (/\s/u.test(fitting[index]!) && boundaries.has(index + 1)) return index + 1;
  }
  return end;
}

/** The end of the last whole sentence of `text` (the start of the one it ends in). */
function lastSentenceEnd(text: string): number | undefined {
  let last: number | undefined;
  for (const { index } of sentences.segment(text)) if (index > 0) last = index;
  return last;
}
