// Mentions as the composer and the timeline handle them. The wire form is "@" and the Session ID
// (shared/protocol/messages/mentions.ts); a person reads and writes "@Name". The composer keeps what
// its picker inserted ("@Bob" → Bob's ID) beside the draft and turns it back into the wire form on
// send, so a name typed by hand never becomes a mention by accident, and a mention chosen from the
// picker always does. Pure, for tests.
import { mentionOf } from '../../../../shared/contract/pureHelpers';
import type { ConversationMember } from './conversationMembers';
import { type NameSources, personName } from './groupText';

/** The most members the picker lists at once; the rest are a few letters away. */
const mostCandidates = 8;

/** What is being typed after an "@" just before the caret, and where that "@" is. */
export interface MentionQuery {
  readonly start: number;
  readonly query: string;
}

/** The "@…" being typed at the caret: an "@" that starts a word, then no space up to the caret. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = /(?:^|\s)@([^\s@]{0,40})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

export interface MentionCandidate {
  readonly sessionId: string;
  readonly name: string;
}

/**
 * The members one may mention (not oneself, by Session ID or by the room's blinded ID; not someone
 * leaving a group), whose name fits the query: starts first.
 */
export function mentionCandidates(
  members: readonly ConversationMember[],
  query: string,
  sources: NameSources,
): MentionCandidate[] {
  const wanted = query.toLocaleLowerCase();
  const scored = members
    .filter(
      (member) =>
        member.sessionId !== sources.ownSessionId &&
        member.sessionId !== sources.ownRoomId &&
        member.status !== 'removing',
    )
    .map((member) => ({ sessionId: member.sessionId, name: personName(member.sessionId, sources) }))
    .map((candidate) => ({ candidate, at: candidate.name.toLocaleLowerCase().indexOf(wanted) }))
    .filter(({ at }) => at >= 0);
  scored.sort(
    (one, other) =>
      Number(one.at !== 0) - Number(other.at !== 0) || one.candidate.name.localeCompare(other.candidate.name),
  );
  return scored.slice(0, mostCandidates).map(({ candidate }) => candidate);
}

/** The text with the "@query" at the caret replaced by "@Name " and where the caret goes next. */
export function insertMention(
  text: string,
  at: MentionQuery,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, at.start) + inserted + text.slice(caret), caret: at.start + inserted.length };
}

/** Mentions the picker inserted in a draft: what the field shows ("@Bob") → whom it means. */
export type DraftMentions = Readonly<Record<string, string>>;

/**
 * The text to send: each "@Name" the picker inserted, as the wire form. Longer names are tried first
 * (so "@Bob Smith" is not read as "@Bob"), and a name only counts where a word ends after it ("@Bobby"
 * is not "@Bob" followed by "by").
 */
export function wireText(text: string, mentions: DraftMentions): string {
  const shownForms = Object.keys(mentions).sort((one, other) => other.length - one.length);
  if (shownForms.length === 0) return text;
  let sent = '';
  let index = 0;
  while (index < text.length) {
    const shown = text[index] === '@' ? shownForms.find((form) => endsWordAt(text, index, form)) : undefined;
    if (shown === undefined) {
      sent += text[index];
      index += 1;
    } else {
      sent += mentionOf(mentions[shown] ?? '');
      index += shown.length;
    }
  }
  return sent;
}

function endsWordAt(text: string, index: number, form: string): boolean {
  if (!text.startsWith(form, index)) return false;
  const after = text[index + form.length];
  return after === undefined || !/[\p{L}\p{N}_]/u.test(after);
}
