// A room seeded with 2,000 signed posts straight into the store (issue 15), read over plain HTTP as a
// client scrolls it (protocol-messages.md §6.4, §6.5): `recent` then `before/<id>` visit every post
// once, newest first, each a padded Content that its poster's blinded key signed; `since/<seqno>`
// gives the next 100 in seqno order; a restarted server serves the same room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BlindedUser,
  startTestCommunity,
  stopTestCommunity,
  testCalls,
  testRoom,
} from '../../test/communityClient';
import { readCommunityPost } from '../../shared/protocol/community/communityMessage';
import { CommunityServer } from './communityServer';
import { type SeedResult, seedRoom } from './roomSeed';

const seededCount = 2_000;
const pageSize = 100;

interface Listed {
  readonly id: number;
  readonly seqno: number;
  readonly posted: number;
  readonly session_id: string;
  readonly data: string;
  readonly signature: string;
}

describe('a seeded room', () => {
  let directory: string;
  let server: CommunityServer;
  let alice: BlindedUser;
  let seeded: SeedResult;
  const { send, postAs } = testCalls(() => server);

  const list = async (target: string): Promise<Listed[]> => {
    const reply = await send('GET', target, { user: alice });
    expect(reply.status).toBe(200);
    return reply.json as Listed[];
  };

  beforeAll(async () => {
    ({ directory, server, alice } = await startTestCommunity('starling-community-seed-'));
    await postAs(alice, 'before the seeding');
    seeded = await seedRoom(server.store, server.keys.x25519.publicKey, {
      room: testRoom,
      count: seededCount,
      lastPosted: Date.now() / 1000,
    });
  }, 60_000);
  afterAll(async () => stopTestCommunity({ directory, server }));

  it('gives the posts the next IDs and seqnos of the room', async () => {
    expect(seeded).toMatchObject({
      room: testRoom,
      count: seededCount,
      firstId: 2,
      lastId: seededCount + 1,
      firstSeqno: 2,
      lastSeqno: seededCount + 1,
    });
    expect(seeded.posters).toHaveLength(5);
    const info = (await send('GET', `/room/${testRoom}`, { user: alice })).json;
    expect(info).toMatchObject({ message_sequence: seededCount + 1 });
  });

  it('is paged by recent and before/<id> through every post once, newest first, each signed', async () => {
    const visited: Listed[] = await list(`/room/${testRoom}/messages/recent?limit=${pageSize}`);
    for (;;) {
      const oldest = visited[visited.length - 1]!;
      const page = await list(`/room/${testRoom}/messages/before/${oldest.id}?limit=${pageSize}`);
      if (page.length === 0) break;
      visited.push(...page);
    }
    // The seeded posts, then the one posted before them.
    const expectedIds = Array.from({ length: seededCount + 1 }, (_, index) => seededCount + 1 - index);
    expect(visited.map((message) => message.id)).toEqual(expectedIds);
    const posts = visited.slice(0, seededCount);
    for (const [index, post] of posts.entries()) {
      const number = seededCount - index;
      const read = await readCommunityPost(post);
      expect(read.ok).toBe(true);
      if (!read.ok) continue;
      expect(read.content.dataMessage?.body).toBe(`message ${number}`);
      // Desktop takes ⌊posted·1000⌋ as the sent time and checks sigTimestamp against it.
      expect(Number(read.content.sigTimestamp)).toBe(Math.floor(post.posted * 1000));
      expect(seeded.posters).toContain(post.session_id);
    }
    const posted = posts.map((post) => post.posted);
    expect(posted).toEqual([...posted].sort((left, right) => right - left));
    expect(new Set(posted).size).toBe(seededCount);
    expect(new Set(posts.map((post) => post.data)).size).toBe(seededCount);
  });

  it('gives the next 100 changes after a seqno, in seqno order', async () => {
    const after = seeded.firstSeqno + 499;
    const updates = await list(`/room/${testRoom}/messages/since/${after}?t=r`);
    expect(updates.map((message) => message.seqno)).toEqual(
      Array.from({ length: pageSize }, (_, index) => after + 1 + index),
    );
    expect(updates.map((message) => message.id)).toEqual(
      Array.from({ length: pageSize }, (_, index) => seeded.firstId + 500 + index),
    );
    const last = await list(`/room/${testRoom}/messages/since/${seeded.lastSeqno - 3}?limit=${pageSize}`);
    expect(last.map((message) => message.seqno)).toEqual([
      seeded.lastSeqno - 2,
      seeded.lastSeqno - 1,
      seeded.lastSeqno,
    ]);
  });

  it('is served the same by a restarted server, which goes on from its IDs and seqnos', async () => {
    const newest = await list(`/room/${testRoom}/messages/recent?limit=${pageSize}`);
    await server.stop();
    server = new CommunityServer({ port: 0, directory, limits: { postLimit: 1000 } });
    await server.start();
    expect(await list(`/room/${testRoom}/messages/recent?limit=${pageSize}`)).toEqual(newest);
    const middle = await list(`/room/${testRoom}/messages/before/${seeded.firstId + 1000}?limit=3`);
    expect(middle.map((message) => message.id)).toEqual([999, 998, 997].map((n) => seeded.firstId + n));
    const next = await postAs(alice, 'after the restart');
    expect(next).toMatchObject({ id: seeded.lastId + 1, seqno: seeded.lastSeqno + 1 });
  });

  it('refuses a room that does not exist and a count out of bounds', async () => {
    const seed = (room: string, count: number) =>
      seedRoom(server.store, server.keys.x25519.publicKey, { room, count, lastPosted: Date.now() / 1000 });
    await expect(seed('nowhere', 1)).rejects.toThrow('There is no room “nowhere”.');
    await expect(seed(testRoom, 0)).rejects.toThrow('A seeding adds 1 to 1,000,000 messages.');
  });
});
