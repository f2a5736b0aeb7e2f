// Mentions in a message's text. Session has no field for them: the official clients write "@" and
// the mentioned person's whole Session ID into the body ("@05ab…" — 66 hex digits; 15/25 for the
// blinded IDs of communities) and show it as "@Name" wherever the text is shown. Starling reads and
// writes the same, so a mention made here is a mention there, and the other way round.

const mentionSource = '@((?:05|15|25)[0-9a-fA-F]{64})(?![0-9a-fA-F])';

/** A piece of a message's text: words as written, or a mention of someone. */
export type TextPiece =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'mention'; readonly sessionId: string };

/** The text in order, mentions apart (their Session IDs in lower case). */
export function splitMentions(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  // A fresh expression per call: a global one keeps its position between calls.
  for (const match of text.matchAll(new RegExp(mentionSource, 'g'))) {
    if (match.index > last) pieces.push({ kind: 'text', text: text.slice(last, match.index) });
    pieces.push({ kind: 'mention', sessionId: (match[1] ?? '').toLowerCase() });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

/** Whether the text mentions this Session ID. */
export function mentions(text: string, sessionId: string): boolean {
  return splitMentions(text).some((piece) => piece.kind === 'mention' && piece.sessionId === sessionId);
}

/** The text as a person reads it: each mention as "@" and what `nameOf` calls them. */
export function showMentions(text: string, nameOf: (sessionId: string) => string): string {
  return splitMentions(text)
    .map((piece) => (piece.kind === 'text' ? piece.text : `@${nameOf(piece.sessionId)}`))
    .join('');
}

/** The wire form of a mention: what a picker writes into the message for this person. */
export function mentionOf(sessionId: string): string {
  return `@${sessionId}`;
}
