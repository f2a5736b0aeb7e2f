import { describe, expect, it } from 'vitest';
import {
  checkCommunityId,
  checkConversationId,
  communityConversationId,
  communityRoomOf,
  conversationKindOf,
} from './conversationId';

const person = `05${'ab'.repeat(32)}`;
const group = `03${'cd'.repeat(32)}`;
const key = 'a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238';

describe('conversation IDs name their kind', () => {
  it('tells people, groups and community rooms apart', () => {
    expect(conversationKindOf(person)).toBe('direct');
    expect(conversationKindOf(group)).toBe('group');
    expect(conversationKindOf('https://open.getsession.org/session')).toBe('community');
    expect(conversationKindOf('http://127.0.0.1:8080/lobby')).toBe('community');
    expect(conversationKindOf(`15${'ef'.repeat(32)}`)).toBe('blinded');
    // Not 66 characters: not a blinded ID, so not a blinded conversation.
    expect(conversationKindOf(`15${'ef'.repeat(31)}`)).toBe('direct');
  });

  it('accepts a 15… blinded ID as a conversation, canonical, and still refuses a 25… one', () => {
    expect(checkConversationId(` 15${'EF'.repeat(32)} `)).toEqual({
      ok: true,
      sessionId: `15${'ef'.repeat(32)}`,
    });
    expect(checkConversationId(`25${'ef'.repeat(32)}`)).toMatchObject({ ok: false });
  });

  it('names a room by its canonical base URL and lowercase token, as UserGroups keys it', () => {
    expect(communityConversationId('HTTPS://Open.GetSession.org:443/', 'Session')).toBe(
      'https://open.getsession.org/session',
    );
    expect(communityConversationId('http://127.0.0.1:80', 'lobby')).toBe('http://127.0.0.1/lobby');
    expect(communityRoomOf('http://127.0.0.1:8080/lob-by_1')).toEqual({
      baseUrl: 'http://127.0.0.1:8080',
      room: 'lob-by_1',
    });
    expect(() => communityRoomOf('http://127.0.0.1:8080/Lobby')).toThrow(RangeError);
    expect(() => communityRoomOf('http://127.0.0.1:8080')).toThrow();
  });

  it('accepts a room as typed: its ID or its join link, in any case', () => {
    expect(checkCommunityId(` https://Open.getsession.org/Session?public_key=${key} `)).toEqual({
      ok: true,
      conversationId: 'https://open.getsession.org/session',
    });
    expect(checkCommunityId('https://open.getsession.org/r/session')).toEqual({
      ok: true,
      conversationId: 'https://open.getsession.org/session',
    });
    expect(checkConversationId('http://127.0.0.1:9000/lobby')).toEqual({
      ok: true,
      sessionId: 'http://127.0.0.1:9000/lobby',
    });
  });

  it('refuses what is not a room, in words', () => {
    for (const input of [
      'https://open.getsession.org',
      'https://open.getsession.org/',
      'https://open.getsession.org/a/b',
      'https://open.getsession.org/bad room',
      `https://open.getsession.org/${'x'.repeat(65)}`,
      'https://exa_mple.org/room',
      'http://host:99999/room',
    ]) {
      const checked = checkConversationId(input);
      expect(checked.ok, input).toBe(false);
      if (!checked.ok) expect(checked.message.length).toBeGreaterThan(10);
    }
  });

  it('still checks people and groups as before', () => {
    expect(checkConversationId(person.toUpperCase())).toEqual({ ok: true, sessionId: person });
    expect(checkConversationId(group)).toEqual({ ok: true, sessionId: group });
    expect(checkConversationId('05abc').ok).toBe(false);
  });
});
