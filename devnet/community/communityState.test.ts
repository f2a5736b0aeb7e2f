// The open group server's room files, post rate limit and persistence over plain HTTP with real
// signed requests (protocol-messages.md §5.3, §6.4, §6.7): uploads and downloads with their
// lifetimes and the 10,000,000-byte limit, 429 beyond 5 posts per 16 s, and a restart.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blindedUser,
  type BlindedUser,
  call,
  postData,
  startTestCommunity,
  stopTestCommunity,
  testCalls,
  testRoom,
} from '../../test/communityClient';
import { CommunityServer } from './communityServer';

const room = testRoom;
const data = postData;

describe('community server files, rate limit and restart', () => {
  let directory: string;
  let server: CommunityServer;
  let alice: BlindedUser;
  let bob: BlindedUser;
  const { send, postAs, signature } = testCalls(() => server);

  beforeAll(async () => {
    ({ directory, server, alice, bob } = await startTestCommunity('starling-community-state-'));
  });
  afterAll(async () => stopTestCommunity({ directory, server }));

  it('uploads and serves room files, kept 1 hour unless a post references them', async () => {
    const bytes = Buffer.from('a picture, honestly');
    const uploaded = await send('POST', `/room/${room}/file`, {
      user: alice,
      body: bytes,
      headers: { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent('café.jpg')}` },
    });
    expect(uploaded.status).toBe(201);
    const { id } = uploaded.json as { id: number };
    const download = await send('GET', `/room/${room}/file/${id}`, { user: bob });
    expect(download.status).toBe(200);
    expect(download.bytes.equals(bytes)).toBe(true);
    expect(download.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''caf%C3%A9.jpg`);
    const expiresIn = (Date.parse(download.headers.expires as string) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(3500);
    expect(expiresIn).toBeLessThanOrEqual(3600);
    await postAs(alice, 'look', { files: [id] });
    const kept = await send('GET', `/room/${room}/file/${id}/${encodeURIComponent('café.jpg')}`, {
      user: bob,
    });
    expect((Date.parse(kept.headers.expires as string) - Date.now()) / 1000).toBeGreaterThan(14 * 24 * 3600);
    expect((await send('POST', `/room/${room}/file`, { body: bytes })).status).toBe(401);
    // §6.7: 10,000,000 bytes at most.
    const largest = await send('POST', `/room/${room}/file`, {
      user: alice,
      body: Buffer.alloc(10_000_000, 1),
    });
    expect(largest.status).toBe(201);
    const tooLarge = await send('POST', `/room/${room}/file`, {
      user: alice,
      body: Buffer.alloc(10_000_001, 1),
    });
    expect(tooLarge.status).toBe(413);
    expect((await send('GET', `/room/${room}/file/424242`, { user: bob })).status).toBe(404);
  });

  it('limits everyone but admins, moderators included, to 5 posts per 16 s (429)', async () => {
    const limited = new CommunityServer({ port: 0, directory: path.join(directory, 'limited') });
    await limited.start();
    try {
      limited.addRoom(room, 'Limited');
      const target = { url: limited.url, publicKeyHex: limited.keys.publicKeyHex };
      const poster = await blindedUser(limited.keys.publicKeyHex);
      const boss = await blindedUser(limited.keys.publicKeyHex);
      await limited.addModerator(boss.sessionId, { room }, true);
      const moderator = await blindedUser(limited.keys.publicKeyHex);
      await limited.addModerator(moderator.sessionId, { room });
      const statuses: number[] = [];
      for (let index = 0; index < 6; index += 1) {
        const reply = await call(target, 'POST', `/room/${room}/message`, {
          user: poster,
          json: { data: data(`post ${index}`), signature },
        });
        statuses.push(reply.status);
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
      const moderated: number[] = [];
      for (let index = 0; index < 6; index += 1) {
        const reply = await call(target, 'POST', `/room/${room}/message`, {
          user: moderator,
          json: { data: data(`moderator ${index}`), signature },
        });
        moderated.push(reply.status);
      }
      expect(moderated).toEqual([201, 201, 201, 201, 201, 429]);
      for (let index = 0; index < 6; index += 1) {
        const reply = await call(target, 'POST', `/room/${room}/message`, {
          user: boss,
          json: { data: data(`mod ${index}`), signature },
        });
        expect(reply.status).toBe(201);
      }
    } finally {
      await limited.stop();
    }
  });

  it('takes operator commands on /devnet/admin only with its token, never through the SOGS API', async () => {
    const command = { kind: 'add-room', token: 'secret', name: 'Secret' };
    const refused = await send('POST', '/devnet/admin', {
      json: command,
      headers: { 'X-Devnet-Admin-Token': 'guess' },
    });
    expect(refused.status).toBe(403);
    const token = (await readFile(path.join(directory, 'admin-token'), 'utf8')).trim();
    const added = await send('POST', '/devnet/admin', {
      json: command,
      headers: { 'X-Devnet-Admin-Token': token },
    });
    expect(added.json).toEqual({ room: { token: 'secret', name: 'Secret' } });
    expect((await send('GET', '/room/secret')).status).toBe(200);
  });

  it('keeps its key, rooms, messages and files across a restart', async () => {
    const posted = await postAs(alice, 'remember me');
    const uploaded = await send('POST', `/room/${room}/file`, { user: alice, body: Buffer.from('kept') });
    const { id: fileId } = uploaded.json as { id: number };
    const key = server.keys.publicKeyHex;
    await server.stop();
    server = new CommunityServer({ port: 0, directory, limits: { postLimit: 1000 } });
    await server.start();
    expect(server.keys.publicKeyHex).toBe(key);
    expect(server.rooms()).toEqual([
      { token: room, name: 'The Lobby' },
      { token: 'secret', name: 'Secret' },
    ]);
    const message = await send('GET', `/room/${room}/message/${posted.id}`, { user: bob });
    expect(message.json).toMatchObject({ data: data('remember me') });
    expect((await send('GET', `/room/${room}/file/${fileId}`, { user: bob })).text).toBe('kept');
    const next = await postAs(bob, 'after');
    expect(next.id).toBe(posted.id + 1);
  });
});
