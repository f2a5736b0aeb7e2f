// What members, moderators and admins do in a room, between real engines and the devnet's open
// group server through onion paths (issue 15): an edit of our own post (shown at once, its echo
// not doubled; someone else's refused), the full reactor list, pins, roles, permissions (a timed
// mute), bans with their posts deleted and unbans, each refused in words before any request when
// our standing does not allow it; and a room of 350 posts paged back to its first, each once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EngineHarness, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';
import { fromHex } from '../../shared/protocol/bytes';
import { applyAdminCommand } from '../../devnet/community/communityAdmin';
import { seedRoom } from '../../devnet/community/roomSeed';
import { defaultRoom } from '../../devnet/network/devnet';
import type { MessageView } from '../../shared/contract/views';
import type { CommunityServer } from './communityClient';

let harness: EngineHarness;
let alice: TestUser;
let bob: TestUser;
let server: CommunityServer;
let joinLink: string;
let roomId: string;
let aliceInRoom: string;
let bobInRoom: string;

beforeAll(async () => {
  harness = await EngineHarness.start({ nodes: 6 });
  [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
  const [described] = harness.devnet.network.communityServers;
  server = { baseUrl: described!.url, publicKey: fromHex(described!.publicKey) };
  joinLink = `${described!.url}/${defaultRoom.token}?public_key=${described!.publicKey}`;
  roomId = `${described!.url}/${defaultRoom.token}`;
  aliceInRoom = await alice.engine.communities.ownIdOf(server.publicKey);
  bobInRoom = await bob.engine.communities.ownIdOf(server.publicKey);
  await alice.engine.communityOperations.joinCommunity({ url: joinLink });
  await bob.engine.communityOperations.joinCommunity({ url: joinLink });
  await admin({
    kind: 'add-moderator',
    sessionId: aliceInRoom,
    room: defaultRoom.token,
    admin: true,
    visible: true,
  });
  await alice.engine.updateProfile({ displayName: 'Alice' });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

function admin(command: Parameters<typeof applyAdminCommand>[2]) {
  return applyAdminCommand(
    harness.devnet.communityServer.store,
    server.publicKey,
    command,
    Date.now() / 1000,
  );
}

async function messagesOf(user: TestUser, conversationId = roomId): Promise<readonly MessageView[]> {
  return (await user.engine.listMessages({ conversationId, limit: 50 })).messages;
}

async function pollUntil(user: TestUser, check: () => Promise<boolean>, what = 'the room to show it') {
  await waitUntil(
    async () => {
      await user.engine.communities.pollNow(roomId);
      return check();
    },
    { timeoutMs: 30_000, failure: what },
  );
}

async function post(user: TestUser, text: string): Promise<MessageView> {
  const sent = await user.engine.sendMessage({ conversationId: roomId, text });
  await user.engine.sendingSettled();
  await waitUntil(
    async () => (await messagesOf(user)).find((message) => message.id === sent.id)?.serverId !== undefined,
    { timeoutMs: 20_000, failure: 'the post to be taken' },
  );
  return (await messagesOf(user)).find((message) => message.id === sent.id)!;
}

async function seen(user: TestUser, serverId: number): Promise<MessageView | undefined> {
  return (await messagesOf(user)).find((message) => message.serverId === serverId);
}

const standing = async (user: TestUser) =>
  (await user.engine.getConversation({ conversationId: roomId })).community!;

/** Counts the requests an engine sends its community server while `work` runs. */
async function requestsDuring(user: TestUser, work: () => Promise<unknown>): Promise<number> {
  const client = user.engine.communities.client;
  const send = vi.spyOn(client, 'send');
  const batch = vi.spyOn(client, 'batch');
  try {
    await work().catch(() => undefined);
    return send.mock.calls.length + batch.mock.calls.length;
  } finally {
    send.mockRestore();
    batch.mockRestore();
  }
}

describe('community operations', () => {
  let draft: MessageView;
  let aliceHello: MessageView;

  it('edits our own post: edited at once, the echo not doubled; someone else’s is refused', async () => {
    aliceHello = await post(alice, 'hello from alice');
    draft = await post(bob, 'first draft');
    const edited = await bob.engine.communityOperations.editMessage({
      messageId: draft.id,
      text: 'second draft',
    });
    expect(edited).toMatchObject({ id: draft.id, body: 'second draft', edited: expect.any(Number) });
    await pollUntil(alice, async () => (await seen(alice, draft.serverId!))?.body === 'second draft');
    expect((await seen(alice, draft.serverId!))!.edited).toEqual(expect.any(Number));
    // Bob's own poll brings the edit back: one message, still the new text.
    await bob.engine.communities.pollNow(roomId);
    const own = (await messagesOf(bob)).filter((message) => message.serverId === draft.serverId);
    expect(own).toEqual([expect.objectContaining({ id: draft.id, body: 'second draft' })]);
    const theirs = (await seen(alice, draft.serverId!))!;
    await expect(
      alice.engine.communityOperations.editMessage({ messageId: theirs.id, text: 'not yours' }),
    ).rejects.toThrow(/only edit your own/u);
    await expect(
      bob.engine.communityOperations.editMessage({ messageId: draft.id, text: '  ' }),
    ).rejects.toThrow(/needs some text/u);
  }, 90_000);

  it('lists everyone who reacted, with their names and whether we did', async () => {
    await pollUntil(bob, async () => (await seen(bob, aliceHello.serverId!)) !== undefined);
    const onBob = (await seen(bob, draft.serverId!))!;
    await bob.engine.react({ messageId: onBob.id, emoji: '👍' });
    const onAlice = (await seen(alice, draft.serverId!))!;
    await alice.engine.react({ messageId: onAlice.id, emoji: '👍' });
    const listed = await bob.engine.communityOperations.listReactors({ messageId: onBob.id, emoji: '👍' });
    expect(listed).toEqual({
      reactors: [{ id: bob.sessionId }, { id: aliceInRoom, name: 'Alice' }],
      count: 2,
      you: true,
    });
    const none = await alice.engine.communityOperations.listReactors({ messageId: onAlice.id, emoji: '🎉' });
    expect(none).toEqual({ reactors: [], count: 0, you: false });
  }, 90_000);

  it('refuses moderation to a member in words, before any request', async () => {
    await pollUntil(bob, async () => (await standing(bob)).moderator === false);
    const theirs = (await seen(bob, aliceHello.serverId!))!;
    const operations = bob.engine.communityOperations;
    const attempts: [() => Promise<unknown>, RegExp][] = [
      [() => bob.engine.deleteMessage({ messageId: theirs.id, forEveryone: true }), /moderators can delete/u],
      [() => operations.pinCommunityMessage({ messageId: theirs.id, pinned: true }), /admins can pin/u],
      [
        () => operations.banCommunityMember({ conversationId: roomId, member: aliceInRoom }),
        /moderators can ban/u,
      ],
      [
        () => operations.unbanCommunityMember({ conversationId: roomId, member: aliceInRoom }),
        /moderators can unban/u,
      ],
      [
        () =>
          operations.setCommunityPermissions({ conversationId: roomId, member: aliceInRoom, write: false }),
        /moderators can change/u,
      ],
      [
        () => operations.setCommunityModerator({ conversationId: roomId, member: bobInRoom, role: 'admin' }),
        /admins can choose/u,
      ],
    ];
    for (const [attempt, words] of attempts) {
      await expect(attempt()).rejects.toThrow(words);
      expect(await requestsDuring(bob, attempt)).toBe(0);
    }
    expect((await seen(bob, aliceHello.serverId!))!.unsent).toBe(false);
  }, 90_000);

  it('renames the room and changes its description as an admin; a member is refused before any request', async () => {
    await pollUntil(alice, async () => (await standing(alice)).admin);
    const renamed = await alice.engine.communityOperations.updateCommunityRoom({
      conversationId: roomId,
      name: '  The Lobby  ',
      description: 'Say hello, be kind.',
    });
    expect(renamed.community).toMatchObject({ name: 'The Lobby', description: 'Say hello, be kind.' });
    await pollUntil(bob, async () => (await standing(bob)).description === 'Say hello, be kind.');
    expect((await standing(bob)).name).toBe('The Lobby');
    await expect(
      bob.engine.communityOperations.updateCommunityRoom({ conversationId: roomId, name: 'Mine' }),
    ).rejects.toThrow(/admins can change the room’s name/u);
    await expect(
      alice.engine.communityOperations.updateCommunityRoom({ conversationId: roomId, name: '   ' }),
    ).rejects.toThrow(/A room needs a name/u);
    await expect(
      alice.engine.communityOperations.updateCommunityRoom({ conversationId: roomId }),
    ).rejects.toThrow(/new name or description/u);
  }, 90_000);

  it('pins and unpins as an admin: the other member sees the pin by the next poll', async () => {
    await pollUntil(alice, async () => (await standing(alice)).admin);
    const onAlice = (await seen(alice, draft.serverId!))!;
    const pinned = await alice.engine.communityOperations.pinCommunityMessage({
      messageId: onAlice.id,
      pinned: true,
    });
    expect(pinned.community!.pinnedMessageIds).toEqual([draft.serverId]);
    await pollUntil(bob, async () => (await standing(bob)).pinnedMessageIds.includes(draft.serverId!));
    await alice.engine.communityOperations.pinCommunityMessage({ messageId: onAlice.id, pinned: false });
    await pollUntil(bob, async () => (await standing(bob)).pinnedMessageIds.length === 0);
  }, 90_000);

  it('makes a member moderator, who then deletes anyone’s post, and takes the role back', async () => {
    await expect(
      alice.engine.communityOperations.setCommunityModerator({
        conversationId: roomId,
        member: bobInRoom,
        role: 'moderator',
      }),
    ).resolves.toEqual({ member: bobInRoom, role: 'moderator' });
    await pollUntil(bob, async () => (await standing(bob)).moderator);
    expect((await standing(bob)).admin).toBe(false);
    const theirs = (await seen(bob, aliceHello.serverId!))!;
    await bob.engine.deleteMessage({ messageId: theirs.id, forEveryone: true });
    await pollUntil(alice, async () => (await seen(alice, aliceHello.serverId!))!.unsent);
    await alice.engine.communityOperations.setCommunityModerator({
      conversationId: roomId,
      member: bobInRoom,
      role: 'none',
    });
    await pollUntil(bob, async () => !(await standing(bob)).moderator);
  }, 90_000);

  it('mutes a member for a while through permissions, and lets them write again', async () => {
    const muted = await alice.engine.communityOperations.setCommunityPermissions({
      conversationId: roomId,
      member: bobInRoom,
      write: false,
      durationSeconds: 3_600,
    });
    expect(muted).toEqual({ updated: true, restoresAt: expect.any(Number) });
    expect(muted.restoresAt! - Date.now()).toBeGreaterThan(3_500_000);
    await pollUntil(bob, async () => !(await standing(bob)).canWrite);
    const silenced = await bob.engine.sendMessage({ conversationId: roomId, text: 'can anyone hear me?' });
    await waitUntil(
      async () => (await messagesOf(bob)).find((message) => message.id === silenced.id)?.state === 'failed',
      { timeoutMs: 30_000, failure: 'the muted post to fail' },
    );
    await alice.engine.communityOperations.setCommunityPermissions({
      conversationId: roomId,
      member: bobInRoom,
      write: true,
    });
    await pollUntil(bob, async () => (await standing(bob)).canWrite);
  }, 90_000);

  it('bans a member for a while with their posts deleted, and unbans them', async () => {
    const last = await post(bob, 'one more from bob');
    await pollUntil(alice, async () => (await seen(alice, last.serverId!)) !== undefined);
    await expect(
      alice.engine.communityOperations.banCommunityMember({ conversationId: roomId, member: aliceInRoom }),
    ).rejects.toThrow(/cannot ban yourself/u);
    const banned = await alice.engine.communityOperations.banCommunityMember({
      conversationId: roomId,
      member: bobInRoom,
      durationSeconds: 600,
      deleteMessages: true,
    });
    expect(banned).toEqual({ banned: true, until: expect.any(Number) });
    await pollUntil(
      alice,
      async () => (await seen(alice, last.serverId!))!.unsent && (await seen(alice, draft.serverId!))!.unsent,
    );
    await pollUntil(bob, async () => /banned/u.test((await standing(bob)).unreachable ?? ''));
    await expect(
      alice.engine.communityOperations.unbanCommunityMember({ conversationId: roomId, member: bobInRoom }),
    ).resolves.toEqual({ unbanned: true });
    await pollUntil(bob, async () => (await standing(bob)).unreachable === undefined);
  }, 90_000);

  it('whispers to one member and to the moderators; a member may not whisper', async () => {
    const toBob = await alice.engine.sendMessage({
      conversationId: roomId,
      text: 'psst, bob',
      whisper: { to: bobInRoom },
    });
    const toModerators = await alice.engine.sendMessage({
      conversationId: roomId,
      text: 'moderators only',
      whisper: { moderators: true },
    });
    const open = await post(alice, 'for everyone');
    await alice.engine.sendingSettled();
    const ownViews = await messagesOf(alice);
    expect(ownViews.find((message) => message.id === toBob.id)).toMatchObject({
      whisper: 'member',
      whisperTo: bobInRoom,
    });
    expect(ownViews.find((message) => message.id === toModerators.id)).toMatchObject({
      whisper: 'moderators',
    });
    expect(ownViews.find((message) => message.id === open.id)!.whisper).toBeUndefined();
    await pollUntil(bob, async () => (await seen(bob, open.serverId!)) !== undefined);
    const bobViews = await messagesOf(bob);
    expect(bobViews.find((message) => message.body === 'psst, bob')).toMatchObject({ whisper: 'you' });
    expect(bobViews.some((message) => message.body === 'moderators only')).toBe(false);
    const before = (await messagesOf(bob)).length;
    await expect(
      bob.engine.sendMessage({ conversationId: roomId, text: 'me too', whisper: { moderators: true } }),
    ).rejects.toThrow(/moderators can whisper/u);
    expect((await messagesOf(bob)).length).toBe(before);
  }, 90_000);

  it('pages a room of 350 posts back to its first: every post once, read, and then complete', async () => {
    const token = 'archive';
    await admin({ kind: 'add-room', token, name: 'Archive' });
    const seeded = await seedRoom(harness.devnet.communityServer.store, server.publicKey, {
      room: token,
      count: 350,
      lastPosted: Math.floor(Date.now() / 1000) - 60,
    });
    const archiveId = `${server.baseUrl}/${token}`;
    await alice.engine.communityOperations.joinCommunity({ url: joinLink.replace(defaultRoom.token, token) });
    await alice.engine.communities.pollNow(archiveId);
    let pages = 0;
    let added = 0;
    for (let complete = false; !complete; pages += 1) {
      expect(pages).toBeLessThan(10);
      const page = await alice.engine.communityOperations.loadOlderCommunityMessages({
        conversationId: archiveId,
      });
      added += page.added;
      complete = page.complete;
    }
    expect(added).toBe(250);
    const all: MessageView[] = [];
    let before: { sentAt: number; id: number } | undefined;
    for (;;) {
      const page = await alice.engine.listMessages({ conversationId: archiveId, limit: 200, before });
      all.push(...page.messages);
      const oldest = page.messages.at(-1);
      if (!oldest || page.messages.length < 200) break;
      before = { sentAt: oldest.sentAt, id: oldest.id };
    }
    const bodies = all.map((message) => message.body).sort();
    const expected = Array.from({ length: 350 }, (_, index) => `message ${index + 1}`).sort();
    expect(bodies).toEqual(expected);
    const serverIds = new Set(all.map((message) => message.serverId));
    expect(serverIds.size).toBe(350);
    expect(Math.min(...all.map((message) => message.serverId!))).toBe(seeded.firstId);
    expect(all.every((message) => message.read)).toBe(true);
    await expect(
      alice.engine.communityOperations.loadOlderCommunityMessages({ conversationId: archiveId }),
    ).resolves.toEqual({ added: 0, complete: true });
  }, 120_000);
});
