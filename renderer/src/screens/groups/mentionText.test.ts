import { describe, expect, it } from 'vitest';
import type { GroupMemberView } from '../../../../shared/contract/views';
import { mentionsShown } from './groupText';
import { insertMention, mentionCandidates, mentionQueryAt, wireText } from './mentionText';

const own = `05${'a'.repeat(64)}`;
const bob = `05${'b'.repeat(64)}`;
const bobby = `05${'c'.repeat(64)}`;
const dan = `05${'d'.repeat(64)}`;
const member = (sessionId: string, name: string | null, status: GroupMemberView['status'] = 'accepted') => ({
  sessionId,
  name,
  admin: false,
  status,
});
const members: GroupMemberView[] = [
  member(own, 'Me'),
  member(bob, 'Bob'),
  member(bobby, 'Bobby Tables'),
  member(dan, 'Dan Abob', 'removing'),
];
const sources = { ownSessionId: own, conversations: {}, members };

describe('mentions in the composer', () => {
  it('finds the "@…" being typed: at the start or after a space, up to the caret', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQueryAt('hi @bo there', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQueryAt('hi @bo there', 12)).toBeNull();
    expect(mentionQueryAt('mail me@home', 12)).toBeNull();
    expect(mentionQueryAt('no at sign', 10)).toBeNull();
  });

  it('offers members by name, starts first, never oneself or someone being removed', () => {
    expect(mentionCandidates(members, 'bob', sources).map((candidate) => candidate.name)).toEqual([
      'Bob',
      'Bobby Tables',
    ]);
    expect(mentionCandidates(members, 'tab', sources)).toEqual([{ sessionId: bobby, name: 'Bobby Tables' }]);
    expect(mentionCandidates(members, '', sources)).toHaveLength(2);
    expect(mentionCandidates(members, 'me', sources)).toEqual([]);
  });

  it('inserts "@Name " in place of the query and moves the caret after it', () => {
    const text = 'hi @bo, look';
    expect(insertMention(text, { start: 3, query: 'bo' }, 6, 'Bob')).toEqual({
      text: 'hi @Bob , look',
      caret: 8,
    });
  });

  it('sends inserted mentions in the wire form, longest name first, only where a word ends', () => {
    const inserted = { '@Bob': bob, '@Bobby Tables': bobby };
    expect(wireText('@Bobby Tables and @Bob!', inserted)).toBe(`@${bobby} and @${bob}!`);
    expect(wireText('@Bobby and @Bobcat', inserted)).toBe('@Bobby and @Bobcat');
    expect(wireText('typed @Dan by hand', inserted)).toBe('typed @Dan by hand');
    expect(wireText('plain', {})).toBe('plain');
  });

  it('shows a text’s mentions by name, oneself as "@You"', () => {
    expect(mentionsShown(`@${bob} ping @${own}`, sources)).toBe('@Bob ping @You');
  });
});
