import { describe, expect, it } from 'vitest';
import {
  avatarColour,
  conversationTitle,
  dayLabel,
  daysAgo,
  disappearingLabel,
  durationLabel,
  initialsFor,
  fullStopAfter,
  isEmojiOnly,
  listTime,
  previewText,
  remainingLabel,
} from './format';

const alice = `05${'a1'.repeat(32)}`;
const at = (text: string) => new Date(text).getTime();
// A Wednesday, at noon local time.
const now = at('2025-03-12T12:00:00');

describe('names and avatars', () => {
  it('shows the display name, else the abbreviated Session ID', () => {
    expect(conversationTitle({ id: alice, displayName: 'Alice' })).toBe('Alice');
    expect(conversationTitle({ id: alice, displayName: '  ' })).toBe('05a1a1…a1a1');
    expect(conversationTitle({ id: alice, displayName: null })).toBe('05a1a1…a1a1');
  });

  it('makes initials from the name, else from the Session ID', () => {
    expect(initialsFor('Alice Liddell', alice)).toBe('AL');
    expect(initialsFor('bob', alice)).toBe('B');
    expect(initialsFor('  zoë  van  dam ', alice)).toBe('ZV');
    expect(initialsFor(null, alice)).toBe('A1');
  });

  it('gives a Session ID always the same colour', () => {
    expect(avatarColour(alice)).toBe(avatarColour(alice));
    expect(avatarColour(alice)).toMatch(/^#[0-9a-f]{6}$/u);
    const colours = new Set(
      Array.from({ length: 40 }, (_, index) => avatarColour(`05${index}`.padEnd(66, 'f'))),
    );
    expect(colours.size).toBeGreaterThan(3);
  });
});

describe('times', () => {
  it('counts calendar days, not 24-hour spans', () => {
    expect(daysAgo(at('2025-03-12T00:01:00'), now)).toBe(0);
    expect(daysAgo(at('2025-03-11T23:59:00'), now)).toBe(1);
    expect(daysAgo(at('2025-03-05T12:00:00'), now)).toBe(7);
  });

  it('shows today as a time, this week as a weekday, else a date', () => {
    expect(listTime(at('2025-03-12T09:05:00'), now, 'en-GB')).toBe('9:05');
    expect(listTime(at('2025-03-10T09:05:00'), now, 'en-GB')).toBe('Mon');
    expect(listTime(at('2025-02-20T09:05:00'), now, 'en-GB')).toBe('20 Feb');
    expect(listTime(at('2024-12-24T09:05:00'), now, 'en-GB')).toBe('24 Dec 2024');
  });

  it('labels day separators', () => {
    expect(dayLabel(at('2025-03-12T08:00:00'), now, 'en-GB')).toBe('Today');
    expect(dayLabel(at('2025-03-11T08:00:00'), now, 'en-GB')).toBe('Yesterday');
    expect(dayLabel(at('2025-03-08T08:00:00'), now, 'en-GB')).toBe('Saturday');
    expect(dayLabel(at('2025-02-20T08:00:00'), now, 'en-GB')).toBe('Thu 20 February');
    expect(dayLabel(at('2024-02-20T08:00:00'), now, 'en-GB')).toBe('20 February 2024');
  });

  it('says how long a disappearing message has left', () => {
    expect(remainingLabel(-5)).toBe('0s');
    expect(remainingLabel(45_000)).toBe('45s');
    expect(remainingLabel(61_000)).toBe('2m');
    expect(remainingLabel(3 * 3_600_000)).toBe('3h');
    expect(remainingLabel(2 * 86_400_000)).toBe('2d');
    expect(remainingLabel(14 * 86_400_000)).toBe('2w');
  });

  it('names the disappearing durations', () => {
    expect(durationLabel(300)).toBe('5 minutes');
    expect(durationLabel(3_600)).toBe('1 hour');
    expect(durationLabel(43_200)).toBe('12 hours');
    expect(durationLabel(86_400)).toBe('1 day');
    expect(durationLabel(604_800)).toBe('1 week');
    expect(durationLabel(1_209_600)).toBe('2 weeks');
    expect(durationLabel(30)).toBe('30 seconds');
    expect(disappearingLabel({ mode: 'off', seconds: 0 })).toBe('Off');
    expect(disappearingLabel({ mode: 'afterRead', seconds: 86_400 })).toBe('1 day after read');
    expect(disappearingLabel({ mode: 'afterSend', seconds: 300 })).toBe('5 minutes after send');
  });
});

describe('previews', () => {
  it('previews the last message on one line', () => {
    expect(previewText(null)).toBe('No messages yet');
    expect(previewText({ body: null, sentAt: now, direction: 'incoming' })).toBe('Message deleted');
    expect(previewText({ body: 'hi\nthere', sentAt: now, direction: 'incoming' })).toBe('hi there');
    expect(previewText({ body: 'sure', sentAt: now, direction: 'outgoing' })).toBe('You: sure');
  });

  it('recognises messages of only a few emoji', () => {
    expect(isEmojiOnly('👍')).toBe(true);
    expect(isEmojiOnly('❤️ 😂')).toBe(true);
    expect(isEmojiOnly('👨‍👩‍👧')).toBe(true);
    expect(isEmojiOnly('👍👍👍👍')).toBe(false);
    expect(isEmojiOnly('ok 👍')).toBe(false);
    expect(isEmojiOnly('123')).toBe(false);
    expect(isEmojiOnly('')).toBe(false);
  });
});

describe('sentences that end with a name', () => {
  it('put a full stop after it unless it ends in one', () => {
    expect(fullStopAfter('Alice')).toBe('.');
    expect(fullStopAfter('Alice W.')).toBe('');
    expect(fullStopAfter('Hey!')).toBe('');
    expect(fullStopAfter('Who?')).toBe('');
    expect(fullStopAfter('05ab…cd')).toBe('.');
  });
});
