// Blinded DMs between real engines and the devnet's open group server, through onion paths (issue
// 15, protocol-messages.md §6.6): Bob writes to Alice by the 15… ID her posts carry; Alice sees a
// message request naming that ID and the room, accepts and replies through the server's inbox, and
// Bob reads it; nothing is read twice after a restart. With her "community message requests" off,
// a stranger's message is dropped and her posts say so, so a member who read one is told before
// sending. A member the server never saw fails the message in words (404).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';
import { fromHex } from '../../shared/protocol/bytes';
import { blindedSessionId } from '../../shared/protocol/community/blinding';
import { deriveIdentityKeys } from '../../shared/protocol/identity/keys';
import { decodeMnemonic } from '../../shared/protocol/mnemonic/mnemonic';
import { defaultRoom } from '../../devnet/network/devnet';
import { notOnServer } from './blindedCarrier';

let harness: EngineHarness;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let roomId: string;
let serverKey: Uint8Array;
let aliceBlinded: string;
let bobBlinded: string;

beforeAll(async () => {
  harness = await EngineHarness.start({ nodes: 6 });
  [alice, bob, carol] = await Promise.all([
    harness.user('alice'),
    harness.user('bob'),
    harness.user('carol'),
  ]);
  const [described] = harness.devnet.network.communityServers;
  serverKey = fromHex(described!.publicKey);
  roomId = `${described!.url}/${defaultRoom.token}`;
  const link = `${described!.url}/${defaultRoom.token}?public_key=${described!.publicKey}`;
  for (const user of [alice, bob, carol]) await user.engine.communityOperations.joinCommunity({ url: link });
  await alice.engine.updateProfile({ displayName: 'Alice' });
  await bob.engine.updateProfile({ displayName: 'Bob' });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

/** Polls the user's community server until `check` holds. */
async function pollUntil(user: TestUser, check: () => Promise<boolean>, failure: string): Promise<void> {
  await waitUntil(
    async () => {
      await user.engine.communities.pollNow(roomId);
      return check();
    },
    { timeoutMs: 30_000, failure },
  );
}

/** A user's 15… ID on the devnet's server. */
async function blindedIdOf(user: TestUser): Promise<string> {
  const keys = await deriveIdentityKeys(decodeMnemonic(user.recoveryPhrase));
  return blindedSessionId(keys.ed25519SecretKey, serverKey);
}

async function messagesIn(user: TestUser, conversationId: string) {
  return (await user.engine.listMessages({ conversationId, limit: 50 })).messages;
}

/** Every account config's current message, as bytes in hex: equal when nothing was written. */
function accountConfigsOf(user: TestUser): Record<string, string> {
  const kinds = ['userProfile', 'contacts', 'conversationInfoVolatile', 'userGroups'] as const;
  return Object.fromEntries(
    kinds.map((kind) => [kind, Buffer.from(user.engine.configMessage(kind)).toString('hex')]),
  );
}

async function requestsOf(user: TestUser) {
  return (await user.engine.listConversations({ list: 'requests' })).conversations;
}

describe('blinded DMs', () => {
  it('takes a member’s 15… ID from their post and opens a conversation with it', async () => {
    await alice.engine.sendMessage({ conversationId: roomId, text: 'anyone here?' });
    await alice.engine.sendingSettled();
    await pollUntil(
      bob,
      async () => (await messagesIn(bob, roomId)).some((message) => message.body === 'anyone here?'),
      'Alice’s post to reach Bob',
    );
    aliceBlinded = (await messagesIn(bob, roomId)).find((message) => message.body === 'anyone here?')!.author;
    expect(aliceBlinded).toBe(await blindedIdOf(alice));
    bobBlinded = await blindedIdOf(bob);
    const opened = await bob.engine.communityOperations.messageCommunityMember({
      conversationId: roomId,
      member: aliceBlinded.toUpperCase(),
    });
    expect(opened).toMatchObject({
      id: aliceBlinded,
      state: 'accepted',
      blinded: { blindedId: aliceBlinded, community: defaultRoom.name, roomId },
    });
  }, 90_000);

  it('refuses to open one with ourselves, and a blinded ID it cannot place', async () => {
    await expect(
      bob.engine.communityOperations.messageCommunityMember({ conversationId: roomId, member: bobBlinded }),
    ).rejects.toThrow(/This is you/u);
    const stranger = `15${'ab'.repeat(32)}`;
    await expect(bob.engine.sendMessage({ conversationId: stranger, text: 'hi' })).rejects.toThrow(
      /messaged from their room/u,
    );
  });

  it('Bob writes to Alice: she sees a request with his blinded ID and the room, accepts and replies', async () => {
    const sent = await bob.engine.sendMessage({ conversationId: aliceBlinded, text: 'hello from the lobby' });
    await bob.engine.sendingSettled();
    expect((await messagesIn(bob, aliceBlinded)).find((message) => message.id === sent.id)!.state).toBe(
      'sent',
    );
    await pollUntil(
      alice,
      async () => (await requestsOf(alice)).some((conversation) => conversation.id === bobBlinded),
      'Bob’s request to reach Alice',
    );
    const request = (await requestsOf(alice)).find((conversation) => conversation.id === bobBlinded)!;
    expect(request).toMatchObject({
      state: 'request',
      displayName: 'Bob',
      unreadCount: 1,
      blinded: { blindedId: bobBlinded, community: defaultRoom.name, roomId },
      lastMessage: { body: 'hello from the lobby', direction: 'incoming' },
    });
    const [received] = await messagesIn(alice, bobBlinded);
    expect(received!.sentAt).toBe(sent.sentAt);

    // A 15… conversation has no entry in the account's configs (protocol-config-groups.md §5: they
    // hold 05 contacts, 03 groups and rooms): reading, pinning, naming, blocking and accepting it
    // work here and leave every config as it was.
    const configsBefore = accountConfigsOf(alice);
    expect(await alice.engine.markRead({ conversationId: bobBlinded })).toMatchObject({
      id: bobBlinded,
      unreadCount: 0,
    });
    expect(await alice.engine.setPinned({ conversationId: bobBlinded, pinned: true })).toMatchObject({
      pinned: true,
    });
    await alice.engine.setPinned({ conversationId: bobBlinded, pinned: false });
    await alice.engine.setNickname({ conversationId: bobBlinded, nickname: 'Bob of the lobby' });
    expect((await alice.engine.getConversation({ conversationId: bobBlinded })).nickname).toBe(
      'Bob of the lobby',
    );
    await alice.engine.setNickname({ conversationId: bobBlinded, nickname: null });
    expect((await alice.engine.block({ conversationId: bobBlinded })).state).toBe('blocked');
    expect((await alice.engine.unblock({ conversationId: bobBlinded })).state).toBe('request');

    await alice.engine.acceptRequest({ conversationId: bobBlinded });
    expect(accountConfigsOf(alice)).toEqual(configsBefore);
    await alice.engine.sendMessage({ conversationId: bobBlinded, text: 'hi Bob, welcome' });
    await alice.engine.sendingSettled();
    await pollUntil(
      bob,
      async () => (await messagesIn(bob, aliceBlinded)).some((message) => message.body === 'hi Bob, welcome'),
      'Alice’s reply to reach Bob',
    );
    const conversation = await bob.engine.getConversation({ conversationId: aliceBlinded });
    expect(conversation).toMatchObject({ approvedMe: true, displayName: 'Alice', state: 'accepted' });
    // Bob's own message comes back in his server's outbox: recognised by its sent time, not twice.
    const bobs = (await messagesIn(bob, aliceBlinded)).filter(
      (message) => message.body === 'hello from the lobby',
    );
    expect(bobs).toHaveLength(1);
    // So does Alice's reply in hers; it is hers, and sent.
    await alice.engine.communities.pollNow(roomId);
    const replies = (await messagesIn(alice, bobBlinded)).filter(
      (message) => message.body === 'hi Bob, welcome',
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ direction: 'outgoing', state: 'sent' });
  }, 120_000);

  it('reads nothing twice after a restart (the inbox positions are kept)', async () => {
    const before = await messagesIn(alice, bobBlinded);
    await alice.restart();
    await alice.engine.communities.pollNow(roomId);
    await alice.engine.communities.pollNow(roomId);
    expect(await messagesIn(alice, bobBlinded)).toEqual(before);
    expect(alice.engine.communities.blinded.repository.position(new URL(roomId).origin)).toMatchObject({
      blinds: true,
      inboxSeen: expect.any(Number),
      outboxSeen: expect.any(Number),
    });
    expect(
      alice.engine.communities.blinded.repository.position(new URL(roomId).origin).inboxSeen,
    ).toBeGreaterThan(0);
  }, 90_000);

  it('with community message requests off, drops a stranger’s message and says so in its posts', async () => {
    const settings = await alice.engine.updateSettings({ communityMessageRequests: false });
    expect(settings.communityMessageRequests).toBe(false);
    // Carol has not read a post of Alice's that says so yet: her message goes, and is dropped.
    await carol.engine.communityOperations.messageCommunityMember({
      conversationId: roomId,
      member: aliceBlinded,
    });
    await carol.engine.sendMessage({ conversationId: aliceBlinded, text: 'can we talk?' });
    await carol.engine.sendingSettled();
    // Bob is accepted: his later message arrives, so Carol's earlier one was read by then.
    await bob.engine.sendMessage({ conversationId: aliceBlinded, text: 'still there?' });
    await bob.engine.sendingSettled();
    await pollUntil(
      alice,
      async () => (await messagesIn(alice, bobBlinded)).some((message) => message.body === 'still there?'),
      'Bob’s second message to reach Alice',
    );
    const carolBlinded = await blindedIdOf(carol);
    expect((await requestsOf(alice)).map((conversation) => conversation.id)).not.toContain(carolBlinded);
    await expect(alice.engine.getConversation({ conversationId: carolBlinded })).rejects.toThrow();

    // Alice's posts now say she refuses them (DataMessage 106): a member who read one is told.
    await alice.engine.sendMessage({ conversationId: roomId, text: 'no DMs please' });
    await alice.engine.sendingSettled();
    const dave = await harness.user('dave');
    const link = (await alice.engine.getConversation({ conversationId: roomId })).community!.joinUrl;
    await dave.engine.communityOperations.joinCommunity({ url: link });
    await pollUntil(
      dave,
      async () => (await messagesIn(dave, roomId)).some((message) => message.body === 'no DMs please'),
      'Alice’s post to reach Dave',
    );
    await expect(
      dave.engine.communityOperations.messageCommunityMember({
        conversationId: roomId,
        member: aliceBlinded,
      }),
    ).rejects.toThrow('This person does not accept messages from community members.');
    await alice.engine.updateSettings({ communityMessageRequests: true });
  }, 150_000);

  it('fails a message to a member the server never saw, in words (404)', async () => {
    const nobody = await deriveIdentityKeys(new Uint8Array(randomBytes(16)));
    const unknown = await blindedSessionId(nobody.ed25519SecretKey, serverKey);
    await bob.engine.communityOperations.messageCommunityMember({ conversationId: roomId, member: unknown });
    const sent = await bob.engine.sendMessage({ conversationId: unknown, text: 'hello?' });
    await bob.engine.sendingSettled();
    const [failed] = (await messagesIn(bob, unknown)).filter((message) => message.id === sent.id);
    expect(failed).toMatchObject({ state: 'failed', failure: notOnServer });
  }, 60_000);
});
