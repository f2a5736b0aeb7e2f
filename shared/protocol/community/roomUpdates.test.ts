import { describe, expect, it } from 'vitest';
import { readRoomPollInfo, readRoomUpdate, readRoomUpdates } from './roomUpdates';

const poster = `15${'ab'.repeat(32)}`;

describe('room updates from a community server (§6.4, §6.5)', () => {
  it('reads a post, an edit, a deletion and a reaction-only update', () => {
    expect(
      readRoomUpdate({
        id: 7,
        seqno: 9,
        session_id: poster,
        posted: 1700000000.5,
        data: 'AA==',
        signature: 'BB==',
      }),
    ).toMatchObject({ id: 7, seqno: 9, sessionId: poster, posted: 1700000000.5, deleted: false });
    expect(
      readRoomUpdate({ id: 7, seqno: 10, session_id: poster, posted: 1, edited: 2, data: 'AA==' }),
    ).toMatchObject({
      edited: 2,
    });
    expect(readRoomUpdate({ id: 7, seqno: 11, session_id: poster, data: null, deleted: true })).toMatchObject(
      {
        deleted: true,
        data: undefined,
      },
    );
    const reactions = readRoomUpdate({
      id: 7,
      seqno: 12,
      reactions: {
        '👍': { index: 1, count: 3, reactors: [poster, 'nonsense'], you: true },
        '🎉': { index: 0, count: 1 },
      },
    });
    expect(reactions?.sessionId).toBeUndefined();
    expect(reactions?.reactions).toEqual([
      { emoji: '🎉', count: 1, mine: false, reactors: [], index: 0 },
      { emoji: '👍', count: 3, mine: true, reactors: [poster], index: 1 },
    ]);
  });

  it('leaves out what does not have the documented shape', () => {
    for (const hostile of [
      null,
      [],
      'post',
      { id: -1, seqno: 1 },
      { id: 1.5, seqno: 1 },
      { id: 1, seqno: '2' },
      { id: 1, seqno: 2, session_id: '05zz' },
    ]) {
      expect(readRoomUpdate(hostile)).toBeUndefined();
    }
    const update = readRoomUpdate({
      id: 1,
      seqno: 2,
      session_id: poster,
      posted: Number.POSITIVE_INFINITY,
      reactions: { ['x'.repeat(100)]: { count: 1 }, '👍': { count: -4 } },
    });
    expect(update?.posted).toBeUndefined();
    expect(update?.reactions).toEqual([]);
    expect(readRoomUpdates({ not: 'a list' })).toBeUndefined();
    expect(readRoomUpdates([{ id: 1, seqno: 1 }, 'junk'])).toHaveLength(1);
  });

  it('reads pollInfo with the room details only when they came', () => {
    expect(readRoomPollInfo({ token: 'lobby', active_users: 4, read: true, write: true })).toMatchObject({
      activeUsers: 4,
      write: true,
      upload: false,
      moderator: false,
      details: undefined,
    });
    const info = readRoomPollInfo({
      token: 'lobby',
      details: {
        token: 'lobby',
        name: 'Lobby',
        info_updates: 3,
        message_sequence: 40,
        pinned_messages: [{ id: 5, pinned_at: 1700000000, pinned_by: poster }, { id: 'x' }],
        moderators: [poster, 42],
      },
    });
    expect(info?.details).toMatchObject({
      name: 'Lobby',
      infoUpdates: 3,
      pinned: [{ id: 5, pinnedAt: 1700000000000, pinnedBy: poster }],
      moderators: [poster],
    });
    expect(readRoomPollInfo({ token: 'lobby', details: { token: 'lobby' } })?.details).toBeUndefined();
  });
});
