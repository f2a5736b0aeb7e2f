import { describe, expect, it } from 'vitest';
import { isClientMethod, validateRequest } from './validateRequest';

const bob = `05${'b'.repeat(64)}`;

describe('validateRequest', () => {
  it('canonicalises Session IDs and fills in defaults', () => {
    expect(validateRequest('listMessages', { conversationId: ` ${bob.toUpperCase()} ` })).toEqual({
      conversationId: bob,
      limit: 50,
    });
    expect(validateRequest('react', { messageId: 3, emoji: '👍' })).toEqual({
      messageId: 3,
      emoji: '👍',
      remove: false,
    });
    expect(validateRequest('getAccount', undefined)).toEqual({});
  });

  it('refuses bad requests in words a person can act on', () => {
    expect(() => validateRequest('sendMessage', { conversationId: '05abc', text: 'hi' })).toThrow(
      'A Session ID has 66 characters; this one has 5 (too short). (conversationId)',
    );
    // A 25… ID is never a conversation; a 15… one is a blinded DM's (the engine knows its server).
    expect(() =>
      validateRequest('sendMessage', { conversationId: `25${'a'.repeat(64)}`, text: 'hi' }),
    ).toThrow(/community-blinded ID/u);
    expect(() => validateRequest('sendMessage', { conversationId: bob, text: '  \n ' })).toThrow(
      'A message needs some text or a file.',
    );
    expect(() => validateRequest('sendMessage', { conversationId: bob, text: 'x'.repeat(60_001) })).toThrow(
      /at most 60,000 characters; this one has 60,001/u,
    );
    // Chinese takes 3 bytes a character: 30,000 fit the characters, not the network's bytes.
    expect(() => validateRequest('sendMessage', { conversationId: bob, text: '中'.repeat(30_000) })).toThrow(
      /take 90,000 bytes, and a message holds 64,000/u,
    );
    expect(
      validateRequest('sendMessage', { conversationId: bob, text: '中'.repeat(21_000) }).text,
    ).toHaveLength(21_000);
    expect(() =>
      validateRequest('setDisappearing', { conversationId: bob, setting: { mode: 'afterSend', seconds: 0 } }),
    ).toThrow(expect.objectContaining({ code: 'invalidRequest' }));
    expect(() => validateRequest('markRead', 'not an object')).toThrow(
      expect.objectContaining({ code: 'invalidRequest' }),
    );
  });

  it('bounds a message search and says what is wrong in words', () => {
    expect(validateRequest('searchMessages', { query: 'zoe ' })).toEqual({ query: 'zoe ', limit: 20 });
    expect(() => validateRequest('searchMessages', { query: '   ' })).toThrow('Type a word to search for.');
    expect(() => validateRequest('searchMessages', { query: 'x'.repeat(201) })).toThrow(
      'A search holds at most 200 characters.',
    );
    expect(() => validateRequest('searchMessages', { query: 'x', limit: 51 })).toThrow(
      'Ask for at most 50 results at a time.',
    );
    expect(() => validateRequest('searchMessages', { query: 'x', limit: 0 })).toThrow(
      'Ask for at least 1 result.',
    );
    expect(() => validateRequest('searchMessages', { query: 'x', conversationId: '05abc' })).toThrow(
      /A Session ID has 66 characters/u,
    );
    expect(() => validateRequest('searchMessages', { query: 'x', before: { sentAt: 1, id: -1 } })).toThrow(
      expect.objectContaining({ code: 'invalidRequest' }),
    );
    expect(() =>
      validateRequest('listMessages', { conversationId: bob, around: 3, before: { sentAt: 1, id: 2 } }),
    ).toThrow('Ask for messages before a cursor, after one or around a message: one of them at most.');
  });

  it('names community members by their 15… ID for blinded DMs, and refuses other IDs in words', () => {
    const member = `15${'c'.repeat(64)}`;
    const room = 'http://127.0.0.1:8080/lobby';
    expect(
      validateRequest('messageCommunityMember', {
        conversationId: room,
        member: ` ${member.toUpperCase()} `,
      }),
    ).toEqual({ conversationId: room, member });
    expect(() => validateRequest('messageCommunityMember', { conversationId: room, member: bob })).toThrow(
      'Name the member by their 15… community ID. (member)',
    );
    expect(() => validateRequest('messageCommunityMember', { conversationId: bob, member })).toThrow(
      expect.objectContaining({ code: 'invalidRequest' }),
    );
    expect(
      validateRequest('sendMessage', { conversationId: member.toUpperCase(), text: 'hi' }).conversationId,
    ).toBe(member);
    // A blinded request is declined and blocked as a Session ID's is.
    expect(validateRequest('block', { conversationId: member })).toEqual({ conversationId: member });
    expect(validateRequest('declineRequests', { conversationIds: [member, bob] })).toEqual({
      conversationIds: [member, bob],
    });
    // …and named with a nickname, kept on this device (its Contacts entry would need a 05 ID).
    expect(validateRequest('setNickname', { conversationId: member, nickname: 'Lobby friend' })).toEqual({
      conversationId: member,
      nickname: 'Lobby friend',
    });
    expect(() => validateRequest('block', { conversationId: `15${'c'.repeat(63)}` })).toThrow(
      /community-blinded ID/u,
    );
    expect(validateRequest('updateSettings', { communityMessageRequests: false })).toEqual({
      communityMessageRequests: false,
    });
    expect(() => validateRequest('updateSettings', { communityMessageRequests: 'no' })).toThrow(
      expect.objectContaining({ code: 'invalidRequest' }),
    );
  });

  it('knows its methods and nothing else', () => {
    expect(isClientMethod('sendMessage')).toBe(true);
    expect(isClientMethod('constructor')).toBe(false);
    expect(isClientMethod('__proto__')).toBe(false);
    expect(isClientMethod(42)).toBe(false);
  });
});
