import { describe, expect, it } from 'vitest';
import { mentionOf, mentions, showMentions, splitMentions } from './mentions';

const alice = '05' + 'a1'.repeat(32);
const bob = '05' + 'B2'.repeat(32);
const blinded = '15' + 'c3'.repeat(32);

describe('mentions in a message text (the official clients write "@" and the Session ID)', () => {
  it('splits the text into words and mentions, in order', () => {
    expect(splitMentions(`hi ${mentionOf(alice)}, and @${bob}!`)).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', sessionId: alice },
      { kind: 'text', text: ', and ' },
      { kind: 'mention', sessionId: bob.toLowerCase() },
      { kind: 'text', text: '!' },
    ]);
  });

  it('reads a mention at the very start and end, and blinded community IDs', () => {
    expect(splitMentions(`@${alice}`)).toEqual([{ kind: 'mention', sessionId: alice }]);
    expect(splitMentions(`@${blinded} @${alice}`).filter((piece) => piece.kind === 'mention')).toHaveLength(
      2,
    );
  });

  it('is not fooled by near misses: too short, too long, another prefix, no "@"', () => {
    const nearMisses = [
      `@${alice.slice(0, 65)}`,
      `@${alice}0`,
      `@03${'a1'.repeat(32)}`,
      alice,
      `@ ${alice}`,
      '@alice',
    ];
    for (const text of nearMisses) {
      expect(splitMentions(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('keeps plain text whole, and an empty text has no pieces', () => {
    expect(splitMentions('no one here')).toEqual([{ kind: 'text', text: 'no one here' }]);
    expect(splitMentions('')).toEqual([]);
  });

  it('tells whether a text mentions someone', () => {
    const text = `ping @${bob.toLowerCase()}`;
    expect(mentions(text, bob.toLowerCase())).toBe(true);
    expect(mentions(text, alice)).toBe(false);
    expect(mentions(alice, alice)).toBe(false);
  });

  it('shows mentions by name, and gives back the same text each call (no state between calls)', () => {
    const names = new Map([[alice, 'Alice']]);
    const nameOf = (sessionId: string): string => names.get(sessionId) ?? 'You';
    const text = `@${alice} meet @${bob}`;
    expect(showMentions(text, nameOf)).toBe('@Alice meet @You');
    expect(showMentions(text, nameOf)).toBe('@Alice meet @You');
  });
});
