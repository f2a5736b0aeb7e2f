// The community server's store across restarts: messages live in DIR/community.sqlite, the rest in
// DIR/community.json. A state written before messages moved to SQLite has them moved in; a JSON state
// that lags the database (the process died between the two writes) follows the database.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyCommunityData, type Message, newRoom } from './communityData';
import { CommunityStore } from './communityStore';
import { touch } from './messageRoutes';

const poster = `15${'ab'.repeat(32)}`;

function message(id: number, seqno: number): Message {
  return {
    id,
    token: 'lobby',
    sessionId: poster,
    posted: 1_700_000_000 + id,
    edited: null,
    seqno,
    dataSeqno: seqno,
    createdSeqno: seqno,
    data: Buffer.from(`post ${id}`).toString('base64'),
    signature: Buffer.alloc(64, id).toString('base64'),
    whisperTo: null,
    whisperMods: false,
    files: [],
    reactions: [{ emoji: '👍', reactors: [{ sessionId: poster, at: 1_700_000_100 }] }],
  };
}

describe('community store', () => {
  let directory: string;
  const jsonFile = () => path.join(directory, 'community.json');

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-community-store-'));
  });
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  it('moves the messages of an earlier JSON state into the database', async () => {
    const room = { ...newRoom('lobby', 'Lobby', 1_700_000_000), messageSequence: 2 };
    const { createdSeqno: _dropped, ...earliest } = message(1, 1);
    const earlier = {
      ...emptyCommunityData(),
      rooms: [room],
      messages: [earliest, message(2, 2)],
      nextMessageId: 3,
    };
    await writeFile(jsonFile(), JSON.stringify(earlier));
    const store = await CommunityStore.open(directory);
    try {
      expect(store.messages.message(1)).toEqual({ ...message(1, 1), createdSeqno: 0 });
      expect(store.messages.message(2)).toEqual(message(2, 2));
      expect(store.messages.nextId).toBe(3);
      expect(store.room('lobby')!.messageSequence).toBe(2);
      const written = JSON.parse(await readFile(jsonFile(), 'utf8')) as Record<string, unknown>;
      expect(written).not.toHaveProperty('messages');
      expect(written).not.toHaveProperty('nextMessageId');
    } finally {
      await store.close();
    }
  });

  it('takes message_sequence and pins from the database when the JSON state lags it', async () => {
    const first = await CommunityStore.open(directory);
    first.addRoom(newRoom('lobby', 'Lobby', 1_700_000_000));
    const room = first.room('lobby')!;
    const pinnedMessage = message(1, 0);
    touch(room, pinnedMessage, true);
    first.messages.add(pinnedMessage);
    room.pinned.push({ id: 1, pinnedAt: 1_700_000_050, pinnedBy: poster });
    await first.flush();
    const lagging = await readFile(jsonFile(), 'utf8');
    // Written to the database only, as if the process died before the JSON state was written.
    pinnedMessage.data = null;
    pinnedMessage.signature = null;
    touch(room, pinnedMessage, true);
    first.messages.save(pinnedMessage);
    const later = message(2, 0);
    touch(room, later, true);
    first.messages.add(later);
    await first.close();
    await writeFile(jsonFile(), lagging);

    const second = await CommunityStore.open(directory);
    try {
      const reopened = second.room('lobby')!;
      expect(reopened.messageSequence).toBe(3);
      expect(reopened.pinned).toEqual([]);
      expect(reopened.infoUpdates).toBe(1);
      expect(second.messages.message(1)).toMatchObject({ data: null, seqno: 2 });
      expect(second.messages.nextId).toBe(3);
    } finally {
      await second.close();
    }
  });
});
