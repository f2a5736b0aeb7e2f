// Closed groups between real engines on a real devnet (issue 14): an admin creates a group and
// invites; a contact joins at once, a stranger's invite waits as a request; everyone talks both
// ways; an 11th member is refused; a removed member can read nothing sent after the removal (on the
// bytes); a member leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';
import { randomBytes } from '../../shared/protocol/bytes';
import { deriveIdentityKeys } from '../../shared/protocol/identity/keys';
import { decryptGroupMessage } from '../../shared/protocol/groups/groupMessage';
import { InvalidRequestError } from '../../shared/contract/validateRequest';
import { zstdCompressor } from '../config/zstdCompressor';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import { SessionProtos } from '../../shared/protocol/messages/codec';
import { storeMessage } from '../network/storeMessage';
import type { Groups } from './groups';

let harness: EngineHarness;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let groupId: string;

beforeAll(async () => {
  harness = await EngineHarness.start({ nodes: 6 });
  [alice, bob, carol] = await Promise.all([
    harness.user('alice'),
    harness.user('bob'),
    harness.user('carol'),
  ]);
  // Bob knows Alice (he wrote to her), so her invite lets him in at once; Carol does not.
  await bob.engine.sendMessage({ conversationId: alice.sessionId, text: 'hi Alice' });
  await bob.engine.sendingSettled();
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

async function bodies(user: TestUser, conversationId: string): Promise<string[]> {
  const page = await user.engine.listMessages({ conversationId, limit: 50 });
  return page.messages.map((message) => message.body ?? '').reverse();
}

async function receivedText(user: TestUser, text: string): Promise<void> {
  await receiveUntil(
    user,
    async () => (await bodies(user, groupId).catch((): string[] => [])).includes(text),
    45_000,
  );
}

describe('closed groups', () => {
  it('creates a group: a contact joins at once, a stranger sees a request', async () => {
    const created = await alice.engine.createGroup({
      name: 'Climbing',
      members: [bob.sessionId, carol.sessionId],
    });
    groupId = created.id;
    expect(groupId).toMatch(/^03[0-9a-f]{64}$/u);
    expect(created.admin).toBe(true);
    expect(created.members.map((member) => member.sessionId).sort()).toEqual(
      [alice.sessionId, bob.sessionId, carol.sessionId].sort(),
    );
    await alice.engine.groupSettled(groupId);
    const invitees = (await alice.engine.getGroup({ groupId })).members.filter((member) => !member.admin);
    expect(invitees.every((member) => member.status === 'invited')).toBe(true);

    const bobsGroup = await receiveUntil(bob, async () => {
      const group = await bob.engine.getGroup({ groupId }).catch(() => undefined);
      return group?.status === 'member' && group.members.length === 3 ? group : undefined;
    });
    expect(bobsGroup.name).toBe('Climbing');
    expect(bobsGroup.admin).toBe(false);
    expect((await bob.engine.getConversation({ conversationId: groupId })).state).toBe('accepted');

    const carolsRequest = await receiveUntil(carol, () =>
      carol.engine.getConversation({ conversationId: groupId }).catch(() => undefined),
    );
    expect(carolsRequest.state).toBe('request');
    expect(carolsRequest.displayName).toBe('Climbing');
    await expect(carol.engine.sendMessage({ conversationId: groupId, text: 'too soon' })).rejects.toThrow(
      /Accept the invitation/u,
    );
    await carol.engine.acceptRequest({ conversationId: groupId });
    await receiveUntil(carol, async () => (await carol.engine.getGroup({ groupId })).members.length === 3);
    // "Alice added Bob and Carol", in the admin's timeline and in the members'.
    for (const user of [alice, bob]) {
      const added = await receiveUntil(user, async () =>
        (await user.engine.listMessages({ conversationId: groupId, limit: 10 })).messages.find(
          (message) => message.control?.kind === 'membersAdded',
        ),
      );
      expect(added.author).toBe(alice.sessionId);
      expect(added.control).toMatchObject({
        members: expect.arrayContaining([expect.objectContaining({ sessionId: carol.sessionId })]),
      });
    }
  }, 120_000);

  it('carries messages both ways, and the admin sees the invites accepted', async () => {
    await alice.engine.sendMessage({ conversationId: groupId, text: 'Saturday at the crag?' });
    await receivedText(bob, 'Saturday at the crag?');
    await receivedText(carol, 'Saturday at the crag?');
    await bob.engine.sendMessage({ conversationId: groupId, text: 'I am in' });
    await carol.engine.sendMessage({ conversationId: groupId, text: 'Me too' });
    await receivedText(alice, 'I am in');
    await receivedText(alice, 'Me too');
    await receivedText(bob, 'Me too');
    const received = (await alice.engine.listMessages({ conversationId: groupId, limit: 10 })).messages;
    expect(received.find((message) => message.body === 'I am in')?.author).toBe(bob.sessionId);
    await receiveUntil(alice, async () =>
      (await alice.engine.getGroup({ groupId })).members.every((member) => member.status === 'accepted'),
    );
    const conversation = await bob.engine.getConversation({ conversationId: groupId });
    expect(conversation.group).toEqual({ name: 'Climbing', memberCount: 3, admin: false, status: 'member' });
  }, 120_000);

  it('deletes for everyone: a member their own message, an admin anyone’s', async () => {
    const find = async (user: TestUser, text: string) =>
      (await user.engine.listMessages({ conversationId: groupId, limit: 50 })).messages.find(
        (message) => message.body === text,
      );
    await bob.engine.sendMessage({ conversationId: groupId, text: 'oops, wrong group' });
    await bob.engine.sendingSettled();
    await receivedText(alice, 'oops, wrong group');
    await receivedText(carol, 'oops, wrong group');
    const bobsOwn = await find(bob, 'oops, wrong group');
    await bob.engine.deleteMessage({ messageId: bobsOwn!.id, forEveryone: true });
    const carolsCopy = await find(carol, 'oops, wrong group');
    await receiveUntil(carol, async () =>
      (await carol.engine.listMessages({ conversationId: groupId, limit: 50 })).messages.some(
        (message) => message.id === carolsCopy!.id && message.unsent,
      ),
    );
    // A member may not delete someone else's message.
    const alicesOnCarol = await find(carol, 'Saturday at the crag?');
    await expect(
      carol.engine.deleteMessage({ messageId: alicesOnCarol!.id, forEveryone: true }),
    ).rejects.toMatchObject({
      code: 'notAuthor',
    });
    // The admin may.
    await carol.engine.sendMessage({ conversationId: groupId, text: 'spam' });
    await carol.engine.sendingSettled();
    await receivedText(alice, 'spam');
    await receivedText(bob, 'spam');
    await alice.engine.deleteMessage({ messageId: (await find(alice, 'spam'))!.id, forEveryone: true });
    const bobsCopy = await find(bob, 'spam');
    await receiveUntil(bob, async () =>
      (await bob.engine.listMessages({ conversationId: groupId, limit: 50 })).messages.some(
        (message) => message.id === bobsCopy!.id && message.unsent,
      ),
    );
  }, 120_000);

  it('joins the account’s other devices through UserGroups, as member and as admin', async () => {
    const bobElsewhere = await harness.user('bob-laptop', { recoveryPhrase: bob.recoveryPhrase });
    await receiveUntil(bobElsewhere, async () =>
      (await bodies(bobElsewhere, groupId).catch((): string[] => [])).includes('Saturday at the crag?'),
    );
    const seen = await bobElsewhere.engine.getGroup({ groupId });
    expect(seen).toMatchObject({ status: 'member', admin: false, name: 'Climbing' });
    const aliceElsewhere = await harness.user('alice-laptop', { recoveryPhrase: alice.recoveryPhrase });
    const asAdmin = await receiveUntil(aliceElsewhere, async () => {
      const group = await aliceElsewhere.engine.getGroup({ groupId }).catch(() => undefined);
      return group?.members.length === 3 ? group : undefined;
    });
    expect(asAdmin.admin).toBe(true);
    await bobElsewhere.engine.sendMessage({ conversationId: groupId, text: 'from my laptop' });
    await receivedText(alice, 'from my laptop');
    await receivedText(bob, 'from my laptop');
    // A pin is the UserGroups entry's priority: pinned on one device, pinned on the other.
    await bob.engine.setPinned({ conversationId: groupId, pinned: true });
    await receiveUntil(
      bobElsewhere,
      async () => (await bobElsewhere.engine.getConversation({ conversationId: groupId })).pinned,
    );
  }, 120_000);

  it('refuses an 11th member, and a member’s admin action', async () => {
    const strangers = await Promise.all(
      Array.from({ length: 10 }, async () => (await deriveIdentityKeys(randomBytes(32))).sessionId),
    );
    await expect(alice.engine.createGroup({ name: 'Too many', members: strangers })).rejects.toThrow(
      InvalidRequestError,
    );
    await expect(
      alice.engine.addGroupMembers({ groupId, members: strangers.slice(0, 8) }),
    ).rejects.toMatchObject({ code: 'groupTooLarge' });
    await expect(
      bob.engine.addGroupMembers({ groupId, members: strangers.slice(0, 1) }),
    ).rejects.toMatchObject({
      code: 'notGroupAdmin',
    });
    expect((await alice.engine.getGroup({ groupId })).members).toHaveLength(3);
  }, 60_000);

  it('removes a member, who can decrypt nothing sent afterwards', async () => {
    const carolsKeys = await carolDecryptionKeys();
    await alice.engine.removeGroupMembers({ groupId, members: [carol.sessionId] });
    await alice.engine.groupSettled(groupId);
    await receiveUntil(
      carol,
      async () => (await carol.engine.getGroup({ groupId }).catch(() => undefined)) === undefined,
    );
    expect((await carol.engine.getConversation({ conversationId: groupId })).group?.status).toBe('kicked');

    const sent = await alice.engine.sendMessage({ conversationId: groupId, text: 'after Carol left' });
    await alice.engine.sendingSettled();
    await receivedText(bob, 'after Carol left');
    const stored = alice.engine.storedMessage(sent.id);
    expect(stored?.storageHash).toBeTruthy();
    const inSwarm = await alice.engine.groupSwarmMessages(groupId, namespaces.groupMessages);
    const bytes = inSwarm.find((message) => message.hash === stored!.storageHash)?.data;
    expect(bytes).toBeDefined();
    // Every key Carol ever held fails on it; the group's current key opens it.
    const groupKeys = alice.engine.groupDecryptionKeys(groupId);
    await expect(
      decryptGroupMessage(bytes!, {
        groupEd25519PublicKey: alice.engine.groupPublicKey(groupId),
        keys: groupKeys,
        compressor: zstdCompressor,
      }),
    ).resolves.toMatchObject({ senderSessionId: alice.sessionId });
    await expect(
      decryptGroupMessage(bytes!, {
        groupEd25519PublicKey: alice.engine.groupPublicKey(groupId),
        keys: carolsKeys,
        compressor: zstdCompressor,
      }),
    ).rejects.toMatchObject({ code: 'decryptionFailed' });
    expect((await bodies(carol, groupId)).includes('after Carol left')).toBe(false);
    const carolsLines = (await carol.engine.listMessages({ conversationId: groupId, limit: 20 })).messages;
    expect(carolsLines.some((message) => message.control?.kind === 'removedYou')).toBe(true);
    await expect(
      carol.engine.sendMessage({ conversationId: groupId, text: 'still here?' }),
    ).rejects.toThrow();
  }, 120_000);

  it('drops a member’s forged admin action, and counts it', async () => {
    const forger = (bob.engine as unknown as { groups: Groups }).groups;
    const sentAt = Date.now();
    const [entry] = await forger.transport.entries({
      conversationId: groupId,
      sentAt,
      content: () => ({
        dataMessage: {
          groupUpdateMessage: {
            memberChangeMessage: {
              type: SessionProtos.GroupUpdateMemberChangeMessage.Type.REMOVED,
              memberSessionIds: [alice.sessionId],
              adminSignature: randomBytes(64),
            },
          },
        },
      }),
      messageId: null,
      purpose: 'control',
      ttlMs: 60_000,
      copyToSelf: false,
    });
    await storeMessage(bob.engine.network, {
      pubkey: groupId,
      namespace: namespaces.groupMessages,
      data: entry!.data,
      ttlMs: 60_000,
      authority: forger.authorityFor(groupId)!,
    });
    await receiveUntil(alice, () => (alice.engine.groupRejections.forgedAdminAction ?? 0) > 0);
    const lines = (await alice.engine.listMessages({ conversationId: groupId, limit: 20 })).messages;
    expect(
      lines.some((message) => message.control?.kind === 'membersRemoved' && message.author === bob.sessionId),
    ).toBe(false);
  }, 60_000);

  it('lets an admin turn on disappearing messages for everyone (after send only)', async () => {
    await expect(
      bob.engine.setDisappearing({ conversationId: groupId, setting: { mode: 'afterSend', seconds: 300 } }),
    ).rejects.toMatchObject({ code: 'notGroupAdmin' });
    await expect(
      alice.engine.setDisappearing({ conversationId: groupId, setting: { mode: 'afterRead', seconds: 300 } }),
    ).rejects.toThrow(/after they are sent/u);
    const set = await alice.engine.setDisappearing({
      conversationId: groupId,
      setting: { mode: 'afterSend', seconds: 300 },
    });
    expect(set.disappearing).toEqual({ mode: 'afterSend', seconds: 300 });
    await alice.engine.groupSettled(groupId);
    await receiveUntil(bob, async () => {
      const { disappearing } = await bob.engine.getConversation({ conversationId: groupId });
      return disappearing.mode === 'afterSend' && disappearing.seconds === 300;
    });
    const sent = await bob.engine.sendMessage({ conversationId: groupId, text: 'gone in five minutes' });
    expect(sent.expiresAt).toBe(sent.sentAt + 300_000);
    await alice.engine.setDisappearing({ conversationId: groupId, setting: { mode: 'off' } });
    await alice.engine.groupSettled(groupId);
    await receiveUntil(
      bob,
      async () => (await bob.engine.getConversation({ conversationId: groupId })).disappearing.mode === 'off',
    );
    // Both timelines tell who set the timer and who turned it off, once each, by the signed notice.
    const timerLines = async (user: typeof alice) =>
      (await user.engine.listMessages({ conversationId: groupId, limit: 200 })).messages.flatMap((message) =>
        message.control?.kind === 'disappearingChanged'
          ? [{ author: message.author, direction: message.direction, ...message.control }]
          : [],
      );
    const lines = [
      { author: alice.sessionId, kind: 'disappearingChanged', mode: 'off', seconds: 0 },
      { author: alice.sessionId, kind: 'disappearingChanged', mode: 'afterSend', seconds: 300 },
    ];
    expect(await timerLines(alice)).toEqual(lines.map((line) => ({ ...line, direction: 'outgoing' })));
    const bobs = await receiveUntil(bob, async () => {
      const seen = await timerLines(bob);
      return seen.length === 2 && seen;
    });
    expect(bobs).toEqual(lines.map((line) => ({ ...line, direction: 'incoming' })));
  }, 90_000);

  it('promotes a member to admin, who can then rename the group', async () => {
    await alice.engine.promoteGroupMembers({ groupId, members: [bob.sessionId] });
    await alice.engine.groupSettled(groupId);
    await receiveUntil(bob, async () => (await bob.engine.getGroup({ groupId })).admin);
    // Bob accepted the promotion in Members himself, which only an admin can sign.
    await receiveUntil(alice, async () => {
      const member = (await alice.engine.getGroup({ groupId })).members.find(
        (entry) => entry.sessionId === bob.sessionId,
      );
      return member?.admin === true && member.promotion === undefined;
    });
    await bob.engine.updateGroup({ groupId, name: 'Climbing club' });
    await bob.engine.groupSettled(groupId);
    await receiveUntil(
      alice,
      async () => (await alice.engine.getGroup({ groupId })).name === 'Climbing club',
    );
    const renamed = await receiveUntil(alice, async () =>
      (await alice.engine.listMessages({ conversationId: groupId, limit: 20 })).messages.find(
        (message) => message.control?.kind === 'renamed',
      ),
    );
    expect(renamed).toMatchObject({ author: bob.sessionId, control: { name: 'Climbing club' } });
    expect((await alice.engine.getConversation({ conversationId: groupId })).displayName).toBe(
      'Climbing club',
    );
  }, 120_000);

  it('lets a member leave; the admin removes them and rekeys', async () => {
    await bob.engine.leaveGroup({ groupId });
    expect((await bob.engine.getConversation({ conversationId: groupId })).group?.status).toBe('left');
    await receiveUntil(alice, async () => (await alice.engine.getGroup({ groupId })).members.length === 1);
  }, 90_000);

  it('deletes a group for everyone', async () => {
    const shortLived = await alice.engine.createGroup({ name: 'Short-lived', members: [bob.sessionId] });
    await alice.engine.groupSettled(shortLived.id);
    await receiveUntil(
      bob,
      async () =>
        (await bob.engine.getGroup({ groupId: shortLived.id }).catch(() => undefined))?.status === 'member',
    );
    await alice.engine.deleteGroup({ groupId: shortLived.id });
    expect((await alice.engine.getConversation({ conversationId: shortLived.id })).group?.status).toBe(
      'destroyed',
    );
    await receiveUntil(
      bob,
      async () =>
        (await bob.engine.getConversation({ conversationId: shortLived.id })).group?.status === 'destroyed',
    );
    const lines = (await bob.engine.listMessages({ conversationId: shortLived.id, limit: 10 })).messages;
    expect(lines.some((message) => message.control?.kind === 'groupDeleted')).toBe(true);
    await expect(bob.engine.sendMessage({ conversationId: shortLived.id, text: 'hello?' })).rejects.toThrow();
  }, 90_000);
});

/** The keys Carol's engine holds for the group right now. */
async function carolDecryptionKeys(): Promise<Uint8Array[]> {
  return carol.engine.groupDecryptionKeys(groupId);
}
