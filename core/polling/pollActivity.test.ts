import { describe, expect, it } from 'vitest';
import { communityConversationId } from '../../shared/protocol/identity/conversationId';
import { carries, jittered, paceOf, type PolledSource } from './pollActivity';

const contact = `05${'ab'.repeat(32)}`;
const group = `03${'cd'.repeat(32)}`;
const otherGroup = `03${'ef'.repeat(32)}`;
const server = 'http://127.0.0.1:8080';
const room = communityConversationId(server, 'lobby');

const own: PolledSource = { kind: 'own' };
const theGroup: PolledSource = { kind: 'group', groupId: group };
const theServer: PolledSource = { kind: 'community', baseUrl: server };

describe('paceOf', () => {
  it('puts only the source that carries the open conversation at the lively pace', () => {
    const chat = { activity: 'activeConversation', conversationId: contact } as const;
    expect(paceOf(chat, own)).toBe('activeConversation');
    expect(paceOf(chat, theGroup)).toBe('foreground');
    expect(paceOf(chat, theServer)).toBe('foreground');

    const inGroup = { activity: 'activeConversation', conversationId: group } as const;
    expect(paceOf(inGroup, own)).toBe('foreground');
    expect(paceOf(inGroup, theGroup)).toBe('activeConversation');
    expect(paceOf(inGroup, { kind: 'group', groupId: otherGroup })).toBe('foreground');

    const inRoom = { activity: 'activeConversation', conversationId: room } as const;
    expect(paceOf(inRoom, own)).toBe('foreground');
    expect(paceOf(inRoom, theServer)).toBe('activeConversation');
    expect(paceOf(inRoom, { kind: 'community', baseUrl: 'http://127.0.0.1:8081' })).toBe('foreground');
  });

  it('gives every source the report’s pace when no conversation is named, and when hidden', () => {
    expect(paceOf({ activity: 'activeConversation' }, theGroup)).toBe('activeConversation');
    expect(paceOf({ activity: 'background', conversationId: contact }, own)).toBe('background');
    expect(paceOf({ activity: 'foreground' }, theServer)).toBe('foreground');
  });

  it('has no server carry a room ID that is not canonical', () => {
    expect(carries(theServer, `${server}/Lobby`)).toBe(false);
  });
});

describe('jittered', () => {
  it('spreads a pause by a tenth either side, and keeps no pause at none', () => {
    expect(jittered(1_500, () => 0)).toBe(1_350);
    expect(jittered(1_500, () => 0.5)).toBe(1_500);
    expect(jittered(1_500, () => 0.999_999)).toBe(1_650);
    expect(jittered(0, () => 0.7)).toBe(0);
  });
});
