// Communities between real engines and the devnet's open group server, through onion paths (issue
// 15): two people join a room by its link, post and read each other (the poster's name, the
// server's ID, our own post recognised when it comes back); an edit shows as edited, a deletion
// as deleted; a banned member's post fails in words; a second device joins the room by itself from
// UserGroups; reactions go through the server; leaving forgets the room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';
import { fromHex } from '../../shared/protocol/bytes';
import { signCommunityPost } from '../../shared/protocol/community/communityMessage';
import { deriveIdentityKeys } from '../../shared/protocol/identity/keys';
import { decodeMnemonic } from '../../shared/protocol/mnemonic/mnemonic';
import { InvalidRequestError } from '../../shared/contract/validateRequest';
import { applyAdminCommand } from '../../devnet/community/communityAdmin';
import { defaultRoom } from '../../devnet/network/devnet';
import type { CommunityServer } from './communityClient';

let harness: EngineHarness;
let alice: TestUser;
let bob: TestUser;
let server: CommunityServer;
let joinLink: string;
let roomId: string;

beforeAll(async () => {
  harness = await EngineHarness.start({ nodes: 6 });
  [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
  const [described] = harness.devnet.network.communityServers;
  server = { baseUrl: described!.url, publicKey: fromHex(described!.publicKey) };
  joinLink = `${described!.url}/${defaultRoom.token}?public_key=${described!.publicKey}`;
  roomId = `${described!.url}/${defaultRoom.token}`;
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

async function messagesOf(user: TestUser) {
  return (await user.engine.listMessages({ conversationId: roomId, limit: 50 })).messages;
}

async function pollUntil(user: TestUser, check: () => Promise<boolean>): Promise<void> {
  await waitUntil(
    async () => {
      await user.engine.communities.pollNow(roomId);
      return check();
    },
    { timeoutMs: 30_000, failure: 'the room to show it' },
  );
}

describe('communities', () => {
  it('lists the rooms of a server and joins one by its link', async () => {
    const listed = await alice.engine.communityOperations.listCommunityRooms({ server: joinLink });
    expect(listed.rooms).toEqual([
      expect.objectContaining({ token: defaultRoom.token, name: defaultRoom.name, url: joinLink }),
    ]);
    const joined = await alice.engine.communityOperations.joinCommunity({ url: joinLink });
    expect(joined.room).toEqual({ token: defaultRoom.token, name: defaultRoom.name });
    expect(joined.conversation.id).toBe(roomId);
    expect(joined.conversation.displayName).toBe(defaultRoom.name);
    expect(joined.conversation.community).toMatchObject({ joinUrl: joinLink, room: defaultRoom.token });
    await bob.engine.communityOperations.joinCommunity({
      url: ` ${joinLink.replace('http://', 'HTTP://')} `,
    });
    const list = await bob.engine.listConversations({ list: 'chats' });
    expect(list.conversations.map((conversation) => conversation.id)).toContain(roomId);
  }, 60_000);

  it('refuses a link that is no room, and a room that does not exist, in words', async () => {
    await expect(
      alice.engine.communityOperations.joinCommunity({ url: `${server.baseUrl}/lobby` }),
    ).rejects.toThrow(InvalidRequestError);
    await expect(
      alice.engine.communityOperations.joinCommunity({ url: joinLink.replace(defaultRoom.token, 'nowhere') }),
    ).rejects.toThrow(/does not have this room/u);
  }, 60_000);

  it('posts, and the other member reads it with the poster’s name', async () => {
    await alice.engine.updateProfile({ displayName: 'Alice' });
    const sent = await alice.engine.sendMessage({ conversationId: roomId, text: 'hello room' });
    await alice.engine.sendingSettled();
    await waitUntil(
      async () => (await messagesOf(alice)).find((message) => message.id === sent.id)?.state === 'sent',
      {
        timeoutMs: 20_000,
        failure: 'the post to be taken',
      },
    );
    const own = (await messagesOf(alice)).find((message) => message.id === sent.id)!;
    expect(own.serverId).toEqual(expect.any(Number));
    await pollUntil(bob, async () =>
      (await messagesOf(bob)).some((message) => message.body === 'hello room'),
    );
    const received = (await messagesOf(bob)).find((message) => message.body === 'hello room')!;
    expect(received.author).toMatch(/^15[0-9a-f]{64}$/u);
    expect(received.authorName).toBe('Alice');
    expect(received.direction).toBe('incoming');
    expect(received.serverId).toBe(own.serverId);
    // Alice's own post comes back in her poll: recognised, not shown twice.
    await alice.engine.communities.pollNow(roomId);
    expect((await messagesOf(alice)).filter((message) => message.body === 'hello room')).toHaveLength(1);
  }, 90_000);

  it('reacts through the server: the other member sees who and how many', async () => {
    const target = (await messagesOf(bob)).find((message) => message.body === 'hello room')!;
    const reacted = await bob.engine.react({ messageId: target.id, emoji: '🧗' });
    expect(reacted.reactions).toEqual([{ emoji: '🧗', authors: [bob.sessionId] }]);
    const own = (await messagesOf(alice)).find((message) => message.body === 'hello room')!;
    await pollUntil(alice, async () =>
      (await messagesOf(alice)).some((message) => message.id === own.id && message.reactions.length > 0),
    );
    const seen = (await messagesOf(alice)).find((message) => message.id === own.id)!;
    expect(seen.reactions).toEqual([{ emoji: '🧗', authors: [expect.stringMatching(/^15[0-9a-f]{64}$/u)] }]);
    await bob.engine.react({ messageId: target.id, emoji: '🧗', remove: true });
    await pollUntil(alice, async () =>
      (await messagesOf(alice)).some((message) => message.id === own.id && message.reactions.length === 0),
    );
  }, 90_000);

  it('deletes our own post for everyone', async () => {
    const sent = await bob.engine.sendMessage({ conversationId: roomId, text: 'oops, wrong room' });
    await bob.engine.sendingSettled();
    await pollUntil(alice, async () =>
      (await messagesOf(alice)).some((message) => message.body === 'oops, wrong room'),
    );
    await bob.engine.deleteMessage({ messageId: sent.id, forEveryone: true });
    expect((await messagesOf(bob)).find((message) => message.id === sent.id)!.unsent).toBe(true);
    await pollUntil(
      alice,
      async () => !(await messagesOf(alice)).some((message) => message.body === 'oops, wrong room'),
    );
  }, 90_000);

  it('shows an edit as edited and a deletion as deleted', async () => {
    const target = (await messagesOf(bob)).find((message) => message.body === 'hello room')!;
    const keys = await deriveIdentityKeys(decodeMnemonic(alice.recoveryPhrase));
    const edited = await signCommunityPost(
      { dataMessage: { body: 'hello room (edited)', timestamp: Date.now() } },
      keys.ed25519SecretKey,
      server.publicKey,
    );
    await alice.engine.communities.client.send(server, {
      method: 'PUT',
      path: `/room/${defaultRoom.token}/message/${target.serverId!}`,
      json: edited,
    });
    await pollUntil(bob, async () =>
      (await messagesOf(bob)).some((message) => message.body === 'hello room (edited)'),
    );
    const shown = (await messagesOf(bob)).find((message) => message.id === target.id)!;
    expect(shown.edited).toEqual(expect.any(Number));
    await alice.engine.communities.client.send(server, {
      method: 'DELETE',
      path: `/room/${defaultRoom.token}/message/${target.serverId!}`,
    });
    await pollUntil(
      bob,
      async () => (await messagesOf(bob)).find((message) => message.id === target.id)!.unsent,
    );
    expect((await messagesOf(bob)).find((message) => message.id === target.id)!.body).toBeNull();
  }, 90_000);

  it('fails a banned member’s post in words, and keeps it to retry', async () => {
    const aliceInRoom = (await messagesOf(bob)).find((message) => message.direction === 'incoming')!.author;
    await applyAdminCommand(
      harness.devnet.communityServer.store,
      server.publicKey,
      { kind: 'ban', sessionId: aliceInRoom, room: defaultRoom.token },
      Date.now() / 1000,
    );
    const sent = await alice.engine.sendMessage({ conversationId: roomId, text: 'am I banned?' });
    await waitUntil(
      async () => (await messagesOf(alice)).find((message) => message.id === sent.id)?.state === 'failed',
      {
        timeoutMs: 30_000,
        failure: 'the post to fail',
      },
    );
    const failed = (await messagesOf(alice)).find((message) => message.id === sent.id)!;
    expect(failed.failure).toMatch(/banned/u);
  }, 60_000);

  it('joins the rooms of the account on its second device, and leaves them', async () => {
    // Let in again (the test before banned her), so that the room shows her its info.
    const aliceInRoom = await alice.engine.communities.ownIdOf(server.publicKey);
    await applyAdminCommand(
      harness.devnet.communityServer.store,
      server.publicKey,
      { kind: 'unban', sessionId: aliceInRoom, room: defaultRoom.token },
      Date.now() / 1000,
    );
    await alice.engine.configsConfirmed();
    const second = await harness.user('alice-laptop', { recoveryPhrase: alice.recoveryPhrase, poll: true });
    await waitUntil(
      async () =>
        (await second.engine.listConversations({ list: 'chats' })).conversations.some(
          (conversation) => conversation.id === roomId,
        ),
      { timeoutMs: 45_000, failure: 'the room on the second device' },
    );
    // UserGroups holds no name: the room's own info is asked for, and its name shown.
    await waitUntil(
      async () => {
        await second.engine.communities.pollNow(roomId);
        const conversation = await second.engine.getConversation({ conversationId: roomId });
        return conversation.displayName === defaultRoom.name;
      },
      { timeoutMs: 20_000, failure: 'the room’s name on the second device' },
    );
    await bob.engine.communityOperations.leaveCommunity({ conversationId: roomId });
    const list = await bob.engine.listConversations({ list: 'chats' });
    expect(list.conversations.map((conversation) => conversation.id)).not.toContain(roomId);
    await expect(bob.engine.sendMessage({ conversationId: roomId, text: 'still here?' })).rejects.toThrow(
      /not in this community/u,
    );
    // Refused before anything is kept: no conversation appears for a room not joined.
    const after = await bob.engine.listConversations({ list: 'chats' });
    expect(after.conversations.map((conversation) => conversation.id)).not.toContain(roomId);
  }, 90_000);

  it('keeps a room readable, marked unreachable, when its server goes away', async () => {
    const before = await messagesOf(alice);
    expect(before.length).toBeGreaterThan(0);
    await harness.devnet.communityServer.stop();
    await alice.engine.communities.pollNow(roomId);
    const conversation = await alice.engine.getConversation({ conversationId: roomId });
    expect(conversation.community?.unreachable).toEqual(expect.any(String));
    expect((await messagesOf(alice)).map((message) => message.id)).toEqual(
      before.map((message) => message.id),
    );
  }, 90_000);
});
