// The open group server over plain HTTP with real signed requests (protocol-messages.md §6):
// capabilities, rooms and room info, pollInfo, reading and posting, edits, deletions, reactions,
// batch and sequence; and its refusals: 400, 401, 403, 404, 412, 425. Files, the rate limit and
// restarts are in communityState.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blindedUser,
  type BlindedUser,
  postData,
  startTestCommunity,
  stopTestCommunity,
  testCalls,
  testRoom,
} from '../../test/communityClient';
import { CommunityServer } from './communityServer';

const room = testRoom;
const data = postData;

describe('community server over HTTP', () => {
  let directory: string;
  let server: CommunityServer;
  let alice: BlindedUser;
  let bob: BlindedUser;
  let moderator: BlindedUser;
  const { send, postAs, signature } = testCalls(() => server);

  beforeAll(async () => {
    ({ directory, server, alice, bob, moderator } = await startTestCommunity('starling-community-'));
  });
  afterAll(async () => stopTestCommunity({ directory, server }));

  it('signs as desktop does (the blinded vector of §7)', async () => {
    const seed = Buffer.from('c010d89eccbaf5d1c6d19df766c6eedf965d4a28a56f87c9fc819edb59896dd9', 'hex');
    const user = await blindedUser('c3b3c6f32f0ab5a57f853cc4f30f5da7fda5624b0c77b3fb0829de562ada081d', seed);
    expect(user.sessionId).toBe('1598932d4bccbe595a8789d7eb1629cefc483a0eaddc7e20e8fe5c771efafd9af5');
  });

  it('lists its capabilities, and answers 412 when a required one is missing', async () => {
    const plain = await send('GET', '/capabilities');
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    const present = await send('GET', '/capabilities?required=sogs,blind', { user: alice });
    expect(present.json).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    const missing = await send('GET', '/capabilities?required=sogs,teleport');
    expect(missing.status).toBe(412);
    expect(missing.json).toEqual({ capabilities: ['blind', 'reactions', 'sogs'], missing: ['teleport'] });
  });

  it('lists rooms and gives room info; an unknown room is a 404', async () => {
    const rooms = await send('GET', '/rooms', { user: alice });
    expect(rooms.status).toBe(200);
    expect(rooms.json).toEqual([
      expect.objectContaining({
        token: room,
        name: 'The Lobby',
        description: 'Say hello',
        read: true,
        write: true,
        upload: true,
        admins: [moderator.sessionId],
        moderators: [],
      }),
    ]);
    const info = await send('GET', `/room/${room}`, { user: moderator });
    expect(info.json).toMatchObject({
      token: room,
      moderator: true,
      admin: true,
      default_read: true,
      active_users_cutoff: 604800,
    });
    // No hidden staff: pysogs leaves the empty list out.
    expect(info.json).not.toHaveProperty('hidden_moderators');
    expect(info.json).not.toHaveProperty('global_moderator');
    const forAlice = (await send('GET', `/room/${room}`, { user: alice })).json as Record<string, unknown>;
    expect(forAlice).not.toHaveProperty('moderator');
    expect(forAlice).not.toHaveProperty('default_read');
    expect((await send('GET', '/room/nowhere', { user: alice })).status).toBe(404);
    expect((await send('GET', '/nothing/here')).status).toBe(404);
  });

  it('answers pollInfo with details only when info_updates changed', async () => {
    const info = (await send('GET', `/room/${room}`, { user: alice })).json as { info_updates: number };
    const same = await send('GET', `/room/${room}/pollInfo/${info.info_updates}`, { user: alice });
    expect(same.status).toBe(200);
    expect(same.json).toEqual({
      token: room,
      active_users: expect.any(Number),
      read: true,
      write: true,
      upload: true,
    });
    const older = await send('GET', `/room/${room}/pollInfo/0`, { user: alice });
    expect(older.json).toMatchObject({ token: room, details: { token: room, name: 'The Lobby' } });
  });

  it('posts (201), and reads recent, single, since and before', async () => {
    const first = await postAs(alice, 'one');
    const second = await postAs(bob, 'two');
    expect(second.id).toBeGreaterThan(first.id);
    expect(second.seqno).toBe(first.seqno + 1);
    const recent = await send('GET', `/room/${room}/messages/recent?limit=2`, { user: alice });
    expect((recent.json as { id: number }[]).map((message) => message.id)).toEqual([second.id, first.id]);
    expect((recent.json as object[])[0]).toMatchObject({
      session_id: bob.sessionId,
      data: data('two'),
      signature,
      reactions: {},
    });
    const single = await send('GET', `/room/${room}/message/${first.id}`, { user: bob });
    expect(single.json).toMatchObject({ id: first.id, data: data('one'), session_id: alice.sessionId });
    const since = await send('GET', `/room/${room}/messages/since/${first.seqno}?t=r&reactors=5`, {
      user: alice,
    });
    expect((since.json as { id: number }[]).map((message) => message.id)).toEqual([second.id]);
    const before = await send('GET', `/room/${room}/messages/before/${second.id}?limit=5`, { user: alice });
    expect((before.json as { id: number }[])[0]!.id).toBe(first.id);
    expect((await send('GET', `/room/${room}/message/999999`, { user: alice })).status).toBe(404);
    // pysogs cuts a limit into 1…256 rather than refusing it.
    const clamped = await send('GET', `/room/${room}/messages/recent?limit=9999`, { user: alice });
    expect(clamped.status).toBe(200);
    expect((await send('GET', `/room/${room}/messages/recent?limit=many`, { user: alice })).status).toBe(400);
  });

  it('refuses posts without auth (401), malformed ones (400), and whispers from non-moderators (403)', async () => {
    expect(
      (await send('POST', `/room/${room}/message`, { json: { data: data('x'), signature } })).status,
    ).toBe(401);
    const unsigned = await send('POST', `/room/${room}/message`, { user: alice, json: { data: data('x') } });
    expect(unsigned.status).toBe(400);
    // A JSON body not declared as such is refused, as Flask's request.json does in pysogs.
    const undeclared = await send('POST', `/room/${room}/message`, {
      user: alice,
      body: Buffer.from(JSON.stringify({ data: data('x'), signature })),
    });
    expect(undeclared.status).toBe(415);
    const whisper = await send('POST', `/room/${room}/message`, {
      user: alice,
      json: { data: data('psst'), signature, whisper_mods: true },
    });
    expect(whisper.status).toBe(403);
  });

  it('edits own messages only, and deletes own or as a moderator, each with a new seqno', async () => {
    const posted = await postAs(alice, 'draft');
    const edit = { data: data('final'), signature };
    expect((await send('PUT', `/room/${room}/message/${posted.id}`, { user: bob, json: edit })).status).toBe(
      403,
    );
    expect(
      (await send('PUT', `/room/${room}/message/${posted.id}`, { user: alice, json: edit })).status,
    ).toBe(200);
    const edited = (await send('GET', `/room/${room}/message/${posted.id}`, { user: bob })).json as {
      data: string;
      edited: number;
      seqno: number;
    };
    expect(edited.data).toBe(data('final'));
    expect(edited.edited).toBeGreaterThanOrEqual(posted.posted);
    expect(edited.seqno).toBeGreaterThan(posted.seqno);

    expect((await send('DELETE', `/room/${room}/message/${posted.id}`, { user: bob })).status).toBe(403);
    expect((await send('DELETE', `/room/${room}/message/${posted.id}`, { user: moderator })).status).toBe(
      200,
    );
    const since = await send('GET', `/room/${room}/messages/since/${edited.seqno}`, { user: bob });
    expect(since.json).toEqual([expect.objectContaining({ id: posted.id, data: null, deleted: true })]);
    expect((since.json as object[])[0]).not.toHaveProperty('signature');
    expect((since.json as object[])[0]).not.toHaveProperty('reactions');
    // Posted and deleted after the poll's seqno: the poller never had it, so no stub comes.
    const fleeting = await postAs(alice, 'gone at once');
    await send('DELETE', `/room/${room}/message/${fleeting.id}`, { user: alice });
    const later = await send('GET', `/room/${room}/messages/since/${fleeting.seqno - 1}`, { user: bob });
    expect((later.json as { id: number }[]).map((message) => message.id)).not.toContain(fleeting.id);
    const after = await send('GET', `/room/${room}/messages/since/${fleeting.seqno}`, { user: bob });
    expect(after.json).toEqual([expect.objectContaining({ id: fleeting.id, deleted: true })]);
    const recent = (await send('GET', `/room/${room}/messages/recent`, { user: bob })).json as {
      id: number;
    }[];
    expect(recent.map((message) => message.id)).not.toContain(posted.id);
  });

  it('adds and removes reactions, lists reactors, and reports reaction-only updates with t=r', async () => {
    const posted = await postAs(alice, 'react to me');
    const thumbs = encodeURIComponent('👍');
    const added = await send('PUT', `/room/${room}/reaction/${posted.id}/${thumbs}`, { user: bob, json: {} });
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ added: true, seqno: posted.seqno + 1 });
    const again = await send('PUT', `/room/${room}/reaction/${posted.id}/${thumbs}`, { user: bob, json: {} });
    expect((again.json as { added: boolean }).added).toBe(false);
    await send('PUT', `/room/${room}/reaction/${posted.id}/${thumbs}`, { user: alice, json: {} });

    const updates = await send('GET', `/room/${room}/messages/since/${posted.seqno}?t=r&reactors=1`, {
      user: bob,
    });
    expect(updates.json).toEqual([
      {
        id: posted.id,
        seqno: posted.seqno + 2,
        reactions: { '👍': { index: 0, count: 2, reactors: [bob.sessionId], you: true } },
      },
    ]);
    // Without t=r, reaction changes are not updates.
    expect((await send('GET', `/room/${room}/messages/since/${posted.seqno}`, { user: bob })).json).toEqual(
      [],
    );
    const withoutReactors = await send('GET', `/room/${room}/message/${posted.id}?reactors=0`, { user: bob });
    expect(withoutReactors.json).toMatchObject({ reactions: { '👍': { index: 0, count: 2, you: true } } });
    expect(
      (withoutReactors.json as { reactions: Record<string, object> }).reactions['👍'],
    ).not.toHaveProperty('reactors');
    const reactors = await send('GET', `/room/${room}/reactors/${posted.id}/${thumbs}`, { user: bob });
    expect((reactors.json as string[][]).map(([sessionId]) => sessionId)).toEqual([
      bob.sessionId,
      alice.sessionId,
    ]);

    const removed = await send('DELETE', `/room/${room}/reaction/${posted.id}/${thumbs}`, { user: bob });
    expect(removed.json).toMatchObject({ removed: true });
    const tooLong = encodeURIComponent('a'.repeat(13));
    expect(
      (await send('PUT', `/room/${room}/reaction/${posted.id}/${tooLong}`, { user: bob, json: {} })).status,
    ).toBe(400);
    expect((await send('DELETE', `/room/${room}/reactions/${posted.id}`, { user: bob })).status).toBe(403);
    const cleared = await send('DELETE', `/room/${room}/reactions/${posted.id}/${thumbs}`, {
      user: moderator,
    });
    expect(cleared.json).toMatchObject({ removed: 1 });
    const single = (await send('GET', `/room/${room}/message/${posted.id}`, { user: bob })).json;
    expect(single).toMatchObject({ reactions: {} });
  });

  it('refuses unblinded keys (401 with the text of §6.2), replayed nonces and far clocks (425)', async () => {
    const unblinded = await send('GET', `/room/${room}`, {
      headers: {
        'X-SOGS-Pubkey': `00${'11'.repeat(32)}`,
        'X-SOGS-Nonce': Buffer.alloc(16, 1).toString('base64'),
        'X-SOGS-Timestamp': String(Math.floor(Date.now() / 1000)),
        'X-SOGS-Signature': signature,
      },
    });
    expect(unblinded.status).toBe(401);
    expect(unblinded.text).toBe('Invalid authentication: this server requires the use of blinded ids');
    const nonce = new Uint8Array(16).fill(9);
    expect((await send('GET', `/room/${room}`, { user: alice, nonce })).status).toBe(200);
    expect((await send('GET', `/room/${room}`, { user: alice, nonce })).status).toBe(425);
    const late = Math.floor(Date.now() / 1000) - 25 * 3600;
    expect((await send('GET', `/room/${room}`, { user: alice, timestamp: late })).status).toBe(425);
    const forged = await send('GET', `/room/${room}`, {
      headers: {
        'X-SOGS-Pubkey': alice.sessionId,
        'X-SOGS-Nonce': Buffer.alloc(16, 2).toString('base64'),
        'X-SOGS-Timestamp': String(Math.floor(Date.now() / 1000)),
        'X-SOGS-Signature': signature,
      },
    });
    expect(forged.status).toBe(401);
  });

  it('answers batch and sequence with the caller of the outer request', async () => {
    const posted = await postAs(alice, 'batched');
    const batch = await send('POST', '/batch', {
      user: alice,
      json: [
        { method: 'GET', path: '/capabilities' },
        { method: 'GET', path: `/room/${room}/pollInfo/0` },
        { method: 'GET', path: `/room/${room}/message/${posted.id}` },
        { method: 'GET', path: '/room/nowhere' },
        { method: 'PUT', path: `/room/${room}/reaction/${posted.id}/${encodeURIComponent('🎂')}`, json: {} },
      ],
    });
    expect(batch.status).toBe(200);
    const replies = batch.json as { code: number; headers: Record<string, string>; body: unknown }[];
    expect(replies.map((reply) => reply.code)).toEqual([200, 200, 200, 404, 200]);
    expect(replies[0]!.body).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    expect(replies[0]!.headers['content-type']).toBe('application/json');
    expect(replies[4]!.body).toMatchObject({ added: true });
    const reacted = (await send('GET', `/room/${room}/message/${posted.id}`, { user: alice })).json;
    expect(reacted).toMatchObject({ reactions: { '🎂': { count: 1, you: true } } });

    const sequence = await send('POST', '/sequence', {
      user: alice,
      json: [
        { method: 'GET', path: '/room/nowhere' },
        { method: 'GET', path: '/capabilities' },
      ],
    });
    expect((sequence.json as { code: number }[]).map((reply) => reply.code)).toEqual([404]);
    const bodiless = await send('POST', '/batch', {
      user: alice,
      json: [{ method: 'POST', path: `/room/${room}/message` }],
    });
    expect(bodiless.status).toBe(400);
    const nested = await send('POST', '/batch', {
      user: alice,
      json: [{ method: 'POST', path: '/batch', json: [] }],
    });
    expect((nested.json as { code: number }[])[0]!.code).toBe(404);
  });
});
