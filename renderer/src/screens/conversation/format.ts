// Words and colours the sidebar and the conversation show: names, initials, avatar colours, times
// relative to now, day separators, durations. Pure; `now` and the locale are parameters for tests.
import { abbreviateSessionId, conversationKindOf } from '../../../../shared/contract/pureHelpers';
import type { ConversationView, DisappearingSetting, MuteView } from '../../../../shared/contract/views';

const dayMs = 86_400_000;

export const noteToSelfTitle = 'Note to Self';

/**
 * What a conversation is called: Note to Self for the one with oneself, else the nickname the account
 * gave, else the name they gave themselves, else their Session ID, shortened (a room: its token).
 */
export function conversationTitle(
  conversation: Pick<ConversationView, 'id' | 'displayName' | 'nickname'>,
  ownSessionId: string | null = null,
): string {
  if (ownSessionId !== null && conversation.id === ownSessionId) return noteToSelfTitle;
  const fallback =
    conversationKindOf(conversation.id) === 'community'
      ? conversation.id.slice(conversation.id.lastIndexOf('/') + 1)
      : abbreviateSessionId(conversation.id);
  return conversation.nickname?.trim() || conversation.displayName?.trim() || fallback;
}

/** One or two letters: of the name's first two words, else two hex digits of the Session ID. */
export function initialsFor(displayName: string | null, sessionId: string): string {
  const words = (displayName ?? '').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return sessionId.slice(2, 4).toUpperCase();
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0]!.toUpperCase());
  return letters.join('');
}

/** Colours that hold white initials (WCAG AA) in both themes. */
const avatarPalette = [
  '#2f7d6d',
  '#3163a8',
  '#7048b8',
  '#a3461b',
  '#a23267',
  '#0f6f86',
  '#4f7a12',
  '#8a5a12',
  '#5a5fc2',
  '#b03a3a',
];

/** A colour that is always the same for a Session ID. */
export function avatarColour(sessionId: string): string {
  let hash = 0;
  for (let position = 2; position < sessionId.length; position += 1) {
    hash = (hash * 31 + sessionId.charCodeAt(position)) >>> 0;
  }
  return avatarPalette[hash % avatarPalette.length]!;
}

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Whole calendar days from `time` to `now` (0: today, 1: yesterday), in local time. */
export function daysAgo(time: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(time)) / dayMs);
}

export function isSameDay(left: number, right: number): boolean {
  return startOfDay(left) === startOfDay(right);
}

/**
 * Formatters by locale, options and the local time zone's offset at that time: making one costs far
 * more than using it, and toLocale…String with options makes one per call (a scrolled message list
 * formats a time per row). The offset in the key makes a new one when the system's zone changes.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatDate(time: number, locale: string | undefined, options: Intl.DateTimeFormatOptions): string {
  const key = `${locale ?? ''}|${new Date(time).getTimezoneOffset()}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format.format(time);
}

export function clockTime(time: number, locale?: string): string {
  return formatDate(time, locale, { hour: 'numeric', minute: '2-digit' });
}

/** The conversation list's time: today → 14:05, this week → Tue, else a date. */
export function listTime(time: number, now: number, locale?: string): string {
  const days = daysAgo(time, now);
  if (days <= 0) return clockTime(time, locale);
  if (days < 7) return formatDate(time, locale, { weekday: 'short' });
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return formatDate(time, locale, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** A day separator: Today, Yesterday, a weekday this week, else the date. */
export function dayLabel(time: number, now: number, locale?: string): string {
  const days = daysAgo(time, now);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 7) return formatDate(time, locale, { weekday: 'long' });
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return formatDate(
    time,
    locale,
    sameYear
      ? { weekday: 'short', day: 'numeric', month: 'long' }
      : { day: 'numeric', month: 'long', year: 'numeric' },
  );
}

/** What is left before a message disappears, short: 45s, 12m, 3h, 6d. */
export function remainingLabel(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1_000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(seconds / 3_600);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(seconds / 86_400);
  if (days < 7) return `${days}d`;
  return `${Math.round(days / 7)}w`;
}

/** A duration of the disappearing-message choices, in words: "5 minutes", "1 day", "2 weeks". */
export function durationLabel(seconds: number): string {
  const units: readonly [number, string][] = [
    [604_800, 'week'],
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

export function disappearingLabel(setting: DisappearingSetting): string {
  if (setting.mode === 'off') return 'Off';
  const when = setting.mode === 'afterSend' ? 'after send' : 'after read';
  return `${durationLabel(setting.seconds)} ${when}`;
}

/** A mute in words for the header: "Muted", "Muted until 14:05", "Muted until Tue 3 June, 09:00". */
export function mutedLabel(muted: MuteView, now: number, locale?: string): string {
  if (muted.until === null) return 'Muted';
  const time = isSameDay(muted.until, now)
    ? clockTime(muted.until, locale)
    : formatDate(muted.until, locale, {
        weekday: 'short',
        day: 'numeric',
        month: 'long',
        hour: 'numeric',
        minute: '2-digit',
      });
  return `Muted until ${time}`;
}

/** The conversation list's second line. */
export function previewText(lastMessage: ConversationView['lastMessage']): string {
  if (!lastMessage) return 'No messages yet';
  if (lastMessage.body === null) return 'Message deleted';
  const body = lastMessage.body.replace(/\s+/gu, ' ').trim();
  return lastMessage.direction === 'outgoing' ? `You: ${body}` : body;
}

/** A message of one to three emoji and nothing else, shown large as the reference client does. */
export function isEmojiOnly(body: string): boolean {
  const trimmed = body.trim();
  if (trimmed === '' || trimmed.length > 24) return false;
  if (!/^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\s)+$/u.test(trimmed)) return false;
  if (/^[\d#*\s]+$/u.test(trimmed)) return false;
  const pictographs = trimmed.match(/\p{Extended_Pictographic}/gu) ?? [];
  return pictographs.length >= 1 && pictographs.length <= 3;
}

/**
 * The full stop after a name that ends a sentence, or none when the name ends in one already
 * ("You blocked Alice W." rather than "Alice W..", #17 item 8).
 */
export function fullStopAfter(name: string): string {
  return /[.!?…。]\s*$/u.test(name) ? '' : '.';
}
