// Moderation, permissions, pins, room edits and blinded DMs of the open group server over plain
// HTTP with real signed requests (protocol-messages.md §6.6, §6.7): moderators and admins added and
// removed through the API, room, global and timed bans (403 while banned), purges, per-user and
// scheduled permissions, pins, and the inbox/outbox with its 304.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blindedUser, type BlindedUser, call, type CallOptions } from '../../test/communityClient';
import { CommunityServer } from './communityServer';

const signature = Buffer.alloc(64, 3).toString('base64');
const data = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('community server moderation and DMs', () => {
  let directory: string;
  let server: CommunityServer;
  let offsetMs = 0;
  let owner: BlindedUser;
  let alice: BlindedUser;
  let bob: BlindedUser;
  let carol: BlindedUser;

  const send = (method: string, target: string, options?: CallOptions) =>
    call({ url: server.url, publicKeyHex: server.keys.publicKeyHex }, method, target, options);
  const post = (user: BlindedUser, token: string, text: string) =>
    send('POST', `/room/${token}/message`, { user, json: { data: data(text), signature } });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-community-moderation-'));
    server = new CommunityServer({
      port: 0,
      directory,
      limits: { postLimit: 1000 },
      now: () => Date.now() + offsetMs,
    });
    await server.start();
    server.addRoom('lobby', 'Lobby');
    server.addRoom('garden', 'Garden');
    owner = await blindedUser(server.keys.publicKeyHex);
    alice = await blindedUser(server.keys.publicKeyHex);
    bob = await blindedUser(server.keys.publicKeyHex);
    carol = await blindedUser(server.keys.publicKeyHex);
    await server.addModerator(owner.sessionId, 'global', true, false);
  });
  afterAll(async () => {
    await server.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('adds, demotes and removes moderators and admins, visible or hidden', async () => {
    const added = await send('POST', `/user/${alice.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['lobby'], admin: true },
    });
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ info_updates: { lobby: expect.any(Number) } });
    let info = (await send('GET', '/room/lobby', { user: bob })).json as Record<string, unknown>;
    expect(info.admins).toEqual([alice.sessionId]);
    // The global admin is hidden, listed to moderators only.
    expect(info).not.toHaveProperty('hidden_admins');
    const forAlice = (await send('GET', '/room/lobby', { user: alice })).json as Record<string, unknown>;
    expect(forAlice).toMatchObject({ admin: true, moderator: true, hidden_admins: [owner.sessionId] });

    // An admin of the lobby adds a hidden moderator there, but is no one in the garden.
    const hidden = await send('POST', `/user/${bob.sessionId}/moderator`, {
      user: alice,
      json: { rooms: ['lobby'], moderator: true, visible: false },
    });
    expect(hidden.status).toBe(200);
    const refused = await send('POST', `/user/${bob.sessionId}/moderator`, {
      user: alice,
      json: { rooms: ['garden'], moderator: true },
    });
    expect(refused.status).toBe(403);
    expect(
      (
        await send('POST', `/user/${bob.sessionId}/moderator`, {
          user: bob,
          json: { global: true, admin: true },
        })
      ).status,
    ).toBe(403);
    const both = await send('POST', `/user/${bob.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['lobby'], global: true, moderator: true },
    });
    expect(both.status).toBe(400);

    await send('POST', `/user/${alice.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['lobby'], admin: false },
    });
    info = (await send('GET', '/room/lobby', { user: alice })).json as Record<string, unknown>;
    expect(info).toMatchObject({
      moderators: [alice.sessionId],
      admins: [],
      hidden_moderators: [bob.sessionId],
    });
    expect(info).not.toHaveProperty('admin');

    await send('POST', `/user/${bob.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['*'], moderator: false },
    });
    info = (await send('GET', '/room/lobby', { user: alice })).json as Record<string, unknown>;
    expect(info).not.toHaveProperty('hidden_moderators');
  });

  it('names users by their 05 ID: at once when seen, else when they first come', async () => {
    const dave = await blindedUser(server.keys.publicKeyHex);
    const appointed = await send('POST', `/user/${dave.unblindedId}/moderator`, {
      user: owner,
      json: { rooms: ['garden'], moderator: true },
    });
    expect(appointed.status).toBe(200);
    const first = (await send('GET', '/room/garden', { user: dave })).json;
    expect(first).toMatchObject({ moderator: true });
    expect((first as { moderators: string[] }).moderators).toContain(dave.sessionId);
    await send('POST', `/user/${dave.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['garden'], moderator: false },
    });

    // Carol has used the server: her 05 ID bans her blinded ID now.
    await send('GET', '/room/garden', { user: carol });
    await send('POST', `/user/${carol.unblindedId}/ban`, { user: owner, json: { rooms: ['garden'] } });
    expect((await send('GET', '/room/garden', { user: carol })).status).toBe(403);
    await send('POST', `/user/${carol.unblindedId}/unban`, { user: owner, json: { rooms: ['garden'] } });
    expect((await send('GET', '/room/garden', { user: carol })).status).toBe(200);
    const invalid = await send('POST', '/user/05zz/ban', { user: owner, json: { rooms: ['garden'] } });
    expect(invalid.status).toBe(400);
  });

  it('follows the pysogs flag rules: admin=false alone demotes but never promotes', async () => {
    const erin = await blindedUser(server.keys.publicKeyHex);
    await send('GET', '/room/garden', { user: erin });
    await send('POST', `/user/${erin.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['garden'], admin: false },
    });
    expect((await send('GET', '/room/garden', { user: erin })).json).not.toHaveProperty('moderator');
    await send('POST', `/user/${erin.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['garden'], admin: true },
    });
    await send('POST', `/user/${erin.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['garden'], admin: false },
    });
    expect((await send('GET', '/room/garden', { user: erin })).json).toMatchObject({ moderator: true });
    expect((await send('GET', '/room/garden', { user: erin })).json).not.toHaveProperty('admin');
    const impossible = await send('POST', `/user/${erin.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['garden'], admin: true, moderator: false },
    });
    expect(impossible.status).toBe(400);
    const star = await send('POST', `/user/${erin.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['*', 'garden'], moderator: true },
    });
    expect(star.status).toBe(400);
    await send('POST', `/user/${erin.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['garden'], moderator: false },
    });
  });

  it('bans in a room (403 there, not elsewhere), refuses to ban a moderator, and unbans', async () => {
    expect((await post(carol, 'lobby', 'hello')).status).toBe(201);
    const banned = await send('POST', `/user/${carol.sessionId}/ban`, {
      user: alice,
      json: { rooms: ['lobby'] },
    });
    expect(banned.status).toBe(200);
    expect((await post(carol, 'lobby', 'again')).status).toBe(403);
    expect((await send('GET', '/room/lobby/messages/recent', { user: carol })).status).toBe(403);
    expect((await post(carol, 'garden', 'elsewhere')).status).toBe(201);
    const rooms = (await send('GET', '/rooms', { user: carol })).json as { token: string }[];
    expect(rooms.map((room) => room.token)).toEqual(['garden']);
    // Never oneself, never global staff; a room moderator only by an admin, and then no longer one.
    const banAs = (user: BlindedUser, target: BlindedUser) =>
      send('POST', `/user/${target.sessionId}/ban`, { user, json: { rooms: ['lobby'] } });
    expect((await banAs(alice, alice)).status).toBe(403);
    expect((await banAs(alice, owner)).status).toBe(403);
    const grace = await blindedUser(server.keys.publicKeyHex);
    await send('POST', `/user/${grace.sessionId}/moderator`, {
      user: owner,
      json: { rooms: ['lobby'], moderator: true },
    });
    expect((await banAs(alice, grace)).status).toBe(403);
    expect((await banAs(owner, grace)).status).toBe(200);
    expect((await send('GET', '/room/lobby', { user: grace })).status).toBe(403);
    const staff = (await send('GET', '/room/lobby', { user: alice })).json as { moderators: string[] };
    expect(staff.moderators).not.toContain(grace.sessionId);
    expect(
      (await send('POST', `/user/${bob.sessionId}/ban`, { user: bob, json: { rooms: ['lobby'] } })).status,
    ).toBe(403);
    await send('POST', `/user/${carol.sessionId}/unban`, { user: alice, json: { rooms: ['lobby'] } });
    expect((await post(carol, 'lobby', 'back')).status).toBe(201);
  });

  it('bans globally and for a time, which ends by itself', async () => {
    await send('POST', `/user/${carol.sessionId}/ban`, {
      user: owner,
      json: { global: true, timeout: 3600 },
    });
    expect((await post(carol, 'garden', 'nope')).status).toBe(403);
    expect((await send('GET', '/room/garden', { user: carol })).status).toBe(403);
    offsetMs += 3601_000;
    expect((await post(carol, 'garden', 'free again')).status).toBe(201);
  });

  it('purges a user in one room and in all rooms', async () => {
    await post(carol, 'lobby', 'spam 1');
    await post(carol, 'lobby', 'spam 2');
    await post(carol, 'garden', 'spam 3');
    expect((await send('DELETE', `/room/lobby/all/${carol.sessionId}`, { user: bob })).status).toBe(403);
    // Alice, a moderator, may not purge the global admin's posts.
    await post(owner, 'lobby', 'admin words');
    expect((await send('DELETE', `/room/lobby/all/${owner.sessionId}`, { user: alice })).status).toBe(403);
    const room = await send('DELETE', `/room/lobby/all/${carol.sessionId}`, { user: alice });
    expect(room.status).toBe(200);
    expect(room.json).toEqual({});
    // Nothing left to purge there: pysogs answers 404.
    expect((await send('DELETE', `/room/lobby/all/${carol.sessionId}`, { user: alice })).status).toBe(404);
    const recent = (await send('GET', '/room/lobby/messages/recent', { user: bob })).json as {
      session_id: string;
    }[];
    expect(recent.some((message) => message.session_id === carol.sessionId)).toBe(false);
    const all = await send('DELETE', `/rooms/all/${carol.sessionId}`, { user: owner });
    expect(all.json).toEqual({ total: 3, rooms: { lobby: 0, garden: 3 } });
  });

  it('mutes a user through permissions, and lifts the mute at a scheduled time', async () => {
    const muted = await send('POST', `/room/garden/permissions/${carol.sessionId}`, {
      user: owner,
      json: { write: false },
    });
    expect(muted.status).toBe(200);
    expect((await post(carol, 'garden', 'muted')).status).toBe(403);
    const pollInfo = (await send('GET', '/room/garden/pollInfo/0', { user: carol })).json;
    expect(pollInfo).toMatchObject({ read: true, write: false });
    expect((await send('GET', '/room/garden/permissions', { user: owner })).json).toEqual({
      [carol.sessionId]: { write: false },
    });
    expect((await send('GET', '/room/garden/permissions', { user: carol })).status).toBe(403);

    const scheduled = await send('POST', `/room/garden/futurePermissions/${carol.sessionId}`, {
      user: owner,
      json: { in: 600, write: true },
    });
    expect(scheduled.json).toEqual([{ session_id: carol.sessionId, at: expect.any(Number), write: true }]);
    expect((await send('GET', '/room/garden/futurePermissions', { user: owner })).json).toEqual(
      scheduled.json,
    );
    const tooFar = await send('POST', `/room/garden/futurePermissions/${carol.sessionId}`, {
      user: owner,
      json: { in: 1e10, write: true },
    });
    expect(tooFar.status).toBe(400);
    offsetMs += 601_000;
    expect((await post(carol, 'garden', 'unmuted')).status).toBe(201);
    const assigned = await send('GET', `/room/garden/permissions/${carol.sessionId}`, { user: owner });
    expect(assigned.json).toEqual({ write: true });
    // Back to the room's default; a permission set now clears what was scheduled for it.
    await send('POST', `/room/garden/futurePermissions/${carol.sessionId}`, {
      user: owner,
      json: { in: 60, write: false },
    });
    const reset = await send('POST', `/room/garden/permissions/${carol.sessionId}`, {
      user: owner,
      json: { default_write: true },
    });
    expect(reset.json).toEqual({ session_id: carol.sessionId });
    expect((await send('GET', '/room/garden/futurePermissions', { user: owner })).json).toEqual([]);
    const conflicting = await send('POST', `/room/garden/permissions/${carol.sessionId}`, {
      user: owner,
      json: { write: true, default_write: true },
    });
    expect(conflicting.status).toBe(400);
  });

  it('pins and unpins as an admin, and edits the room', async () => {
    const posted = (await post(bob, 'garden', 'pin me')).json as { id: number };
    expect((await send('POST', `/room/garden/pin/${posted.id}`, { user: bob, json: {} })).status).toBe(403);
    const pinned = await send('POST', `/room/garden/pin/${posted.id}`, { user: owner, json: {} });
    expect(pinned.json).toEqual({ info_updates: expect.any(Number) });
    const info = (await send('GET', '/room/garden', { user: bob })).json as Record<string, unknown>;
    expect(info.pinned_messages).toEqual([
      { id: posted.id, pinned_at: expect.any(Number), pinned_by: owner.sessionId },
    ]);
    const second = (await post(bob, 'garden', 'pin me too')).json as { id: number };
    await send('POST', `/room/garden/pin/${second.id}`, { user: owner, json: {} });
    const one = await send('POST', `/room/garden/unpin/${second.id}`, { user: owner, json: {} });
    expect(one.json).toEqual({ unpinned: true, info_updates: expect.any(Number) });
    const again = await send('POST', `/room/garden/unpin/${second.id}`, { user: owner, json: {} });
    expect(again.json).toEqual({
      unpinned: false,
      info_updates: (one.json as { info_updates: number }).info_updates,
    });
    const unpinned = await send('POST', '/room/garden/unpin/all', { user: owner, json: {} });
    expect(unpinned.json).toEqual({ unpinned: 1, info_updates: expect.any(Number) });
    expect((await send('GET', '/room/garden', { user: bob })).json).not.toHaveProperty('pinned_messages');

    const image = await send('POST', '/room/garden/file', { user: owner, body: Buffer.from('png') });
    const { id } = image.json as { id: number };
    const edited = await send('PUT', '/room/garden', {
      user: owner,
      json: { name: 'The Garden', description: 'Flowers', image: id, default_upload: false },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toEqual({ info_updates: expect.any(Number) });
    expect((await send('PUT', '/room/garden', { user: owner, json: {} })).status).toBe(400);
    expect((await send('PUT', '/room/garden', { user: owner, json: { image: 987654 } })).status).toBe(406);
    expect((await send('GET', '/room/garden', { user: bob })).json).toMatchObject({
      name: 'The Garden',
      description: 'Flowers',
      image_id: id,
      upload: false,
    });
    expect((await send('PUT', '/room/garden', { user: bob, json: { name: 'Mine' } })).status).toBe(403);
    const download = await send('GET', `/room/garden/file/${id}`, { user: bob });
    expect(download.headers).not.toHaveProperty('expires');
    expect((await send('POST', '/room/garden/file', { user: bob, body: Buffer.from('x') })).status).toBe(403);
  });

  it('shows whispers to their recipient, their sender and, with whisper_mods, the moderators only', async () => {
    const toCarol = await send('POST', '/room/garden/message', {
      user: owner,
      json: { data: data('a warning'), signature, whisper_to: carol.sessionId },
    });
    expect(toCarol.status).toBe(201);
    expect(toCarol.json).toMatchObject({ whisper: true, whisper_mods: false, whisper_to: carol.sessionId });
    const toMods = await send('POST', '/room/garden/message', {
      user: owner,
      json: { data: data('mods only'), signature, whisper_mods: true },
    });
    const ids = [(toCarol.json as { id: number }).id, (toMods.json as { id: number }).id];
    const seen = async (user: BlindedUser) => {
      const recent = (await send('GET', '/room/garden/messages/recent', { user })).json as { id: number }[];
      return ids.filter((id) => recent.some((message) => message.id === id));
    };
    expect(await seen(carol)).toEqual([ids[0]]);
    expect(await seen(bob)).toEqual([]);
    expect(await seen(owner)).toEqual(ids);
    // A whisper takes no reactions and no pin.
    const thumbs = encodeURIComponent('👍');
    expect(
      (await send('PUT', `/room/garden/reaction/${ids[0]}/${thumbs}`, { user: carol, json: {} })).status,
    ).toBe(404);
    expect((await send('POST', `/room/garden/pin/${ids[1]}`, { user: owner, json: {} })).status).toBe(404);
  });

  it('carries blinded DMs: inbox, outbox, since (304 when nothing), delete', async () => {
    const stranger = await blindedUser(server.keys.publicKeyHex);
    expect(
      (await send('POST', `/inbox/${stranger.sessionId}`, { user: alice, json: { message: data('x') } }))
        .status,
    ).toBe(404);
    const sent = await send('POST', `/inbox/${bob.sessionId}`, {
      user: alice,
      json: { message: data('blob') },
    });
    expect(sent.status).toBe(201);
    const message = sent.json as { id: number; posted_at: number; expires_at: number };
    expect(message).toMatchObject({ sender: alice.sessionId, recipient: bob.sessionId });
    expect(message.expires_at - message.posted_at).toBeCloseTo(15 * 24 * 3600);
    const inbox = await send('GET', '/inbox', { user: bob });
    expect(inbox.json).toEqual([{ ...message, message: data('blob') }]);
    expect((await send('GET', '/outbox', { user: alice })).json).toEqual([
      { ...message, message: data('blob') },
    ]);
    const nothing = await send('GET', `/inbox/since/${message.id}`, { user: bob });
    expect(nothing.status).toBe(304);
    expect(nothing.bytes.length).toBe(0);
    // Only a `since` poll answers 304; the whole inbox is a list, empty or not.
    const empty = await send('GET', '/inbox', { user: carol });
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual([]);
    expect((await send('GET', '/inbox')).status).toBe(401);
    expect((await send('DELETE', '/inbox', { user: bob })).json).toEqual({ deleted: 1 });
    expect((await send('GET', '/inbox', { user: bob })).json).toEqual([]);
    expect((await send('GET', '/outbox/since/0', { user: bob })).status).toBe(304);
  });
});
