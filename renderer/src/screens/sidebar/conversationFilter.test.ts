import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../../shared/contract/views';
import { listedConversationIds, matchesSearch } from './conversationFilter';

function conversation(
  id: string,
  displayName: string | null,
  sentAt: number | null,
  state: ConversationView['state'] = 'accepted',
): ConversationView {
  return {
    id,
    state,
    displayName,
    unreadCount: 0,
    lastMessage: sentAt === null ? null : { body: 'hi', sentAt, direction: 'incoming' },
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: true,
    muted: null,
  };
}

const ids = {
  alice: `05${'aa'.repeat(32)}`,
  bob: `05${'bb'.repeat(32)}`,
  carol: `05${'cc'.repeat(32)}`,
  dave: `05${'dd'.repeat(32)}`,
  new: `05${'ee'.repeat(32)}`,
};

const all = {
  [ids.alice]: conversation(ids.alice, 'Alice', 300),
  [ids.bob]: conversation(ids.bob, 'Bob', 100),
  [ids.carol]: conversation(ids.carol, null, 200),
  [ids.dave]: conversation(ids.dave, 'Dave', 400, 'request'),
  [ids.new]: conversation(ids.new, null, null),
};

describe('the conversation list', () => {
  it('lists one state, newest first, with new conversations on top', () => {
    expect(listedConversationIds(all, 'accepted', '')).toEqual([ids.new, ids.alice, ids.carol, ids.bob]);
    expect(listedConversationIds(all, 'request', '')).toEqual([ids.dave]);
    expect(listedConversationIds(all, 'blocked', '')).toEqual([]);
  });

  it('keeps the open chat listed once it is blocked, until another is opened (#17 item 8)', () => {
    const blocked = { ...all, [ids.bob]: conversation(ids.bob, 'Bob', 100, 'blocked') };
    expect(listedConversationIds(blocked, 'accepted', '', ids.bob)).toEqual([
      ids.new,
      ids.alice,
      ids.carol,
      ids.bob,
    ]);
    expect(listedConversationIds(blocked, 'accepted', '', ids.alice)).toEqual([
      ids.new,
      ids.alice,
      ids.carol,
    ]);
    // Not among the requests, nor found by a search it does not match.
    expect(listedConversationIds(blocked, 'request', '', ids.bob)).toEqual([ids.dave]);
    expect(listedConversationIds(blocked, 'accepted', 'ali', ids.bob)).toEqual([ids.alice]);
  });

  it('searches display names and Session IDs, ignoring case and spaces', () => {
    expect(listedConversationIds(all, 'accepted', 'ALI')).toEqual([ids.alice]);
    expect(listedConversationIds(all, 'accepted', ' 05cc cccc ')).toEqual([ids.carol]);
    expect(listedConversationIds(all, 'accepted', 'zzz')).toEqual([]);
    expect(matchesSearch(all[ids.bob]!, '   ')).toBe(true);
  });
});
