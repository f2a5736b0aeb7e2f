import { describe, expect, it } from 'vitest';
import { controlText, endedGroupText, listOfNames, memberBadge, personName } from './groupText';

const own = `05${'a'.repeat(64)}`;
const bob = `05${'b'.repeat(64)}`;
const carol = `05${'c'.repeat(64)}`;
const dan = `05${'d'.repeat(64)}`;
const sources = {
  ownSessionId: own,
  conversations: { [bob]: { displayName: 'Bob', nickname: 'Bobby' }, [carol]: { displayName: null } },
  members: [{ sessionId: carol, name: 'Carol', admin: false, status: 'accepted' as const }],
};

describe('group words', () => {
  it('names people: you, a nickname first, then the group’s name, then a short ID', () => {
    expect(personName(own, sources)).toBe('You');
    expect(personName(bob, sources)).toBe('Bobby');
    expect(personName(carol, sources)).toBe('Carol');
    expect(personName(dan, sources)).toBe('05dddd…dddd');
  });

  it('lists names as a sentence does', () => {
    expect(listOfNames(['Bob'])).toBe('Bob');
    expect(listOfNames(['Bob', 'Carol'])).toBe('Bob and Carol');
    expect(listOfNames(['Bob', 'Carol', 'Dan'])).toBe('Bob, Carol and Dan');
  });

  it('tells what happened in a control line, with the names the control message carries', () => {
    const members = [
      { sessionId: carol, name: null },
      { sessionId: dan, name: 'Dan' },
    ];
    expect(controlText({ kind: 'membersAdded', members }, bob, sources)).toBe('Bobby added Carol and Dan');
    expect(
      controlText({ kind: 'membersRemoved', members: [{ sessionId: own, name: 'Me' }] }, bob, sources),
    ).toBe('Bobby removed you');
    expect(controlText({ kind: 'membersPromoted', members: [members[1]!] }, own, sources)).toBe(
      'You made Dan an admin',
    );
    expect(controlText({ kind: 'memberLeft' }, dan, sources)).toBe('05dddd…dddd left the group');
    expect(controlText({ kind: 'renamed', name: 'Crag' }, own, sources)).toBe(
      'You renamed the group to “Crag”',
    );
    expect(controlText({ kind: 'removedYou' }, bob, sources)).toBe('You were removed from the group');
    expect(controlText({ kind: 'groupDeleted' }, bob, sources)).toBe('The group was deleted');
  });

  it('tells a timer change and an accepted request, in any conversation', () => {
    expect(controlText({ kind: 'disappearingChanged', mode: 'afterSend', seconds: 300 }, own, sources)).toBe(
      'You set messages to disappear 5 minutes after they are sent',
    );
    expect(
      controlText({ kind: 'disappearingChanged', mode: 'afterRead', seconds: 86_400 }, bob, sources),
    ).toBe('Bobby set messages to disappear 1 day after they are read');
    expect(controlText({ kind: 'disappearingChanged', mode: 'off', seconds: 0 }, bob, sources)).toBe(
      'Bobby turned off disappearing messages',
    );
    expect(controlText({ kind: 'requestAccepted' }, own, sources)).toBe('You accepted the message request');
    expect(controlText({ kind: 'requestAccepted' }, bob, sources)).toBe(
      'Bobby accepted your message request',
    );
  });

  it('badges members who are not simply in, and explains an ended group', () => {
    expect(memberBadge({ sessionId: bob, name: null, admin: false, status: 'inviteFailed' })).toBe(
      'Invite failed',
    );
    expect(memberBadge({ sessionId: bob, name: null, admin: true, status: 'accepted' })).toBeNull();
    expect(endedGroupText('member')).toBeNull();
    expect(endedGroupText('kicked')).toMatch(/^You were removed/u);
    expect(endedGroupText('destroyed')).toMatch(/deleted/u);
  });
});
