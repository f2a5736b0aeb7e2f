// The features of one-to-one conversations, end to end between engines on a devnet, as the UI sees
// them through ClientApi and ClientEvents: message requests and blocking, read receipts, typing
// indicators, quotes, reactions, deleting and unsending, disappearing messages and display names.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import type { MessageView } from '../../shared/contract/views';
import { isStarlingError } from '../../shared/errors';
import { toHex } from '../../shared/protocol/bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import type { Content } from '../../shared/protocol/messages/codec';
import { wrapOneToOneMessage } from '../../shared/protocol/messages/sessionProtocol';
import { decodeMnemonic } from '../../shared/protocol/mnemonic/mnemonic';
import { signRequest } from '../../shared/protocol/storage/requestSignature';
import { getExpiriesSignatureMessage } from '../../shared/protocol/storage/signatureMessages';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';
import { storeMessage } from '../network/storeMessage';

/** The code a ClientApi call is refused with. */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (isStarlingError(error)) return error.code;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** Waits, without polling the network, until `check` returns a value (timers, events). */
const until = <Value>(
  check: () => Promise<Value | undefined | false> | Value | undefined | false,
  timeoutMs = 15_000,
): Promise<Value> => waitUntil(check, { timeoutMs });

describe('one-to-one conversation features between engines', () => {
  let harness: EngineHarness;
  /** An accepted conversation shared by the tests that do not change its settings. */
  let alice: TestUser;
  let bob: TestUser;
  const stopListening: (() => void)[] = [];

  /** Records every event `name` of the user's engine until the test ends. */
  function record<Name extends ClientEventName>(user: TestUser, name: Name): ClientEvents[Name][] {
    const events: ClientEvents[Name][] = [];
    stopListening.push(user.engine.on(name, (event) => events.push(event)));
    return events;
  }

  /** The control lines of a conversation's timeline, as (who, what, direction, read). */
  async function controlLines(user: TestUser, conversationId: string) {
    const page = await user.engine.listMessages({ conversationId, limit: 200 });
    return page.messages.flatMap((message) =>
      message.control
        ? [
            {
              author: message.author,
              control: message.control,
              direction: message.direction,
            },
          ]
        : [],
    );
  }

  async function messageAt(
    user: TestUser,
    conversationId: string,
    sentAt: number,
  ): Promise<MessageView | undefined> {
    const page = await user.engine.listMessages({ conversationId, limit: 200 });
    return page.messages.find((message) => message.sentAt === sentAt);
  }

  /** Sends `text` and waits until the swarm confirmed it. */
  async function send(
    from: TestUser,
    to: TestUser,
    text: string,
    quoteMessageId?: number,
  ): Promise<MessageView> {
    const sent = await from.engine.sendMessage({
      conversationId: to.sessionId,
      text,
      ...(quoteMessageId === undefined ? {} : { quoteMessageId }),
    });
    await from.engine.sendingSettled();
    return sent;
  }

  /** Polls `to` until the message `sent` (from `from`) is stored there; returns it. */
  function arrival(to: TestUser, from: TestUser, sent: MessageView): Promise<MessageView> {
    return receiveUntil(to, () => messageAt(to, from.sessionId, sent.sentAt));
  }

  /** Two new users whose conversation both accepted: the first wrote, the second accepted. */
  async function connectedPair(first: string, second: string): Promise<[TestUser, TestUser]> {
    const [writer, reader] = await Promise.all([harness.user(first), harness.user(second)]);
    await arrival(reader, writer, await send(writer, reader, `Hello from ${first}`));
    await reader.engine.acceptRequest({ conversationId: writer.sessionId });
    await reader.engine.sendingSettled();
    await receiveUntil(
      writer,
      async () => (await writer.engine.getConversation({ conversationId: reader.sessionId })).approvedMe,
    );
    return [writer, reader];
  }

  /** Stores a message in `to`'s swarm as `from` wrote it, bypassing every check of an engine. */
  async function forge(from: IdentityKeys, to: TestUser, content: Content): Promise<number> {
    const sentAt = to.engine.network.clock.now();
    const data = await wrapOneToOneMessage(
      { content, recipientSessionId: to.sessionId, timestampMs: sentAt },
      from,
    );
    await storeMessage(to.engine.network, { pubkey: to.sessionId, namespace: 0, data, ttlMs: 60_000 });
    return sentAt;
  }

  /** A stranger's keys, for hostile messages. */
  async function strangerKeys(): Promise<IdentityKeys> {
    return deriveIdentityKeys(new Uint8Array(randomBytes(16)));
  }

  /** The expiry the user's swarm keeps for one of its messages (the owner's signed get_expiries). */
  async function swarmExpiry(user: TestUser, hash: string): Promise<number | undefined> {
    const keys = await deriveIdentityKeys(decodeMnemonic(user.recoveryPhrase));
    const result = await user.engine.network.swarmRequest(user.sessionId, async (now) => ({
      method: 'get_expiries',
      params: {
        pubkey: user.sessionId,
        pubkey_ed25519: toHex(keys.ed25519PublicKey),
        timestamp: now,
        messages: [hash],
        signature: await signRequest(
          getExpiriesSignatureMessage({ timestamp: now, messages: [hash] }),
          keys.ed25519SecretKey,
        ),
      },
    }));
    expect(result.status).toBe(200);
    return (result.body as { expiries?: Record<string, number> }).expiries?.[hash];
  }

  /** Waits until the user's swarm no longer holds these messages (an owner's delete went through). */
  async function goneFromSwarm(
    user: TestUser,
    hashes: readonly (string | null | undefined)[],
  ): Promise<void> {
    for (const hash of hashes) {
      expect(hash).toEqual(expect.any(String));
      await until(async () => (await swarmExpiry(user, hash!)) === undefined);
    }
  }

  /**
   * Restarts the user's engine and polls its swarm for a while: the restarted engine asks members it
   * never asked before for everything they hold, as it would after a swarm change.
   */
  async function restartAndPoll(user: TestUser): Promise<void> {
    await user.restart();
    for (let round = 0; round < 12; round += 1) await user.engine.receiveNow();
  }

  beforeAll(async () => {
    harness = await EngineHarness.start();
    [alice, bob] = await connectedPair('alice', 'bob');
  }, 60_000);
  afterEach(() => {
    for (const stop of stopListening.splice(0)) stop();
  });
  afterAll(async () => harness?.close());

  describe('message requests', () => {
    it('keeps a first message from an unknown sender in requests until it is accepted', async () => {
      const [sender, recipient] = await Promise.all([harness.user('sender'), harness.user('recipient')]);
      const sent = await send(sender, recipient, 'Do you remember me?');
      const received = await arrival(recipient, sender, sent);
      expect(received).toMatchObject({ direction: 'incoming', body: 'Do you remember me?', read: false });

      const requests = await recipient.engine.listConversations({ list: 'requests' });
      expect(requests.conversations.map((conversation) => conversation.id)).toEqual([sender.sessionId]);
      expect(requests.conversations[0]).toMatchObject({ state: 'request', unreadCount: 1 });
      expect((await recipient.engine.listConversations({ list: 'chats' })).conversations).toEqual([]);
      expect(await sender.engine.getConversation({ conversationId: recipient.sessionId })).toMatchObject({
        state: 'accepted',
        approvedMe: false,
      });

      await recipient.engine.updateProfile({ displayName: 'Rita' });
      const senderUpdates = record(sender, 'conversation.updated');
      const accepted = await recipient.engine.acceptRequest({ conversationId: sender.sessionId });
      expect(accepted).toMatchObject({ id: sender.sessionId, state: 'accepted' });
      expect((await recipient.engine.listConversations({ list: 'requests' })).conversations).toEqual([]);
      expect(
        (await recipient.engine.listConversations({ list: 'chats' })).conversations.map(
          (conversation) => conversation.id,
        ),
      ).toEqual([sender.sessionId]);
      expect(await refusal(recipient.engine.acceptRequest({ conversationId: sender.sessionId }))).toBe(
        'notARequest',
      );

      // The MessageRequestResponse tells the sender, with the recipient's name.
      await recipient.engine.sendingSettled();
      const approved = await receiveUntil(sender, async () => {
        const conversation = await sender.engine.getConversation({ conversationId: recipient.sessionId });
        return conversation.approvedMe && conversation;
      });
      expect(approved).toMatchObject({ state: 'accepted', approvedMe: true, displayName: 'Rita' });
      expect(senderUpdates.some(({ conversation }) => conversation.approvedMe)).toBe(true);

      // Each timeline says it once, as a line that is never unread.
      const acceptedLine = { control: { kind: 'requestAccepted' }, author: recipient.sessionId };
      expect(await controlLines(recipient, sender.sessionId)).toEqual([
        { ...acceptedLine, direction: 'outgoing' },
      ]);
      expect(await controlLines(sender, recipient.sessionId)).toEqual([
        { ...acceptedLine, direction: 'incoming' },
      ]);
      expect((await sender.engine.getConversation({ conversationId: recipient.sessionId })).unreadCount).toBe(
        0,
      );
    });

    it('removes a declined request with its messages', async () => {
      const [sender, recipient] = await Promise.all([harness.user('sender'), harness.user('recipient')]);
      await send(sender, recipient, 'Buy my stuff');
      const second = await send(sender, recipient, 'Cheap!');
      await arrival(recipient, sender, second);
      expect(
        (await recipient.engine.listMessages({ conversationId: sender.sessionId })).messages,
      ).toHaveLength(2);

      const hashes = (await recipient.engine.listMessages({ conversationId: sender.sessionId })).messages.map(
        (message) => recipient.engine.storedMessage(message.id)?.storageHash,
      );
      const removed = record(recipient, 'conversation.removed');
      expect(await recipient.engine.declineRequest({ conversationId: sender.sessionId })).toEqual({
        declined: true,
      });
      expect(removed).toEqual([{ conversationId: sender.sessionId }]);
      expect((await recipient.engine.listConversations({ list: 'requests' })).conversations).toEqual([]);
      expect((await recipient.engine.listConversations({ list: 'chats' })).conversations).toEqual([]);
      expect(await refusal(recipient.engine.getConversation({ conversationId: sender.sessionId }))).toBe(
        'conversationMissing',
      );
      expect((await recipient.engine.listMessages({ conversationId: sender.sessionId })).messages).toEqual(
        [],
      );
      // The request does not come back from the swarm.
      await goneFromSwarm(recipient, hashes);
      await restartAndPoll(recipient);
      expect((await recipient.engine.listConversations({ list: 'requests' })).conversations).toEqual([]);
      // An accepted conversation is not a request to decline.
      expect(await refusal(bob.engine.declineRequest({ conversationId: alice.sessionId }))).toBe(
        'notARequest',
      );
    });

    it('drops what a blocked sender writes, refuses to write to them, and restores them on unblock', async () => {
      const [sender, recipient] = await Promise.all([harness.user('sender'), harness.user('recipient')]);
      await arrival(recipient, sender, await send(sender, recipient, 'First'));

      const blocked = await recipient.engine.block({ conversationId: sender.sessionId });
      expect(blocked).toMatchObject({ id: sender.sessionId, state: 'blocked' });
      expect(
        (await recipient.engine.listConversations({ list: 'blocked' })).conversations.map(
          (conversation) => conversation.id,
        ),
      ).toEqual([sender.sessionId]);
      expect((await recipient.engine.listConversations({ list: 'requests' })).conversations).toEqual([]);

      const ignoredBefore = recipient.engine.receiveStatistics.ignored;
      const dropped = await send(sender, recipient, 'Second, while blocked');
      await receiveUntil(recipient, () => recipient.engine.receiveStatistics.ignored > ignoredBefore);
      expect(await messageAt(recipient, sender.sessionId, dropped.sentAt)).toBeUndefined();
      expect(
        await refusal(recipient.engine.sendMessage({ conversationId: sender.sessionId, text: 'Go away' })),
      ).toBe('blocked');

      // Unblocking is not accepting: a request they never answered is a request again.
      const unblocked = await recipient.engine.unblock({ conversationId: sender.sessionId });
      expect(unblocked).toMatchObject({ id: sender.sessionId, state: 'request' });
      expect((await recipient.engine.listConversations({ list: 'blocked' })).conversations).toEqual([]);
      expect(
        (await recipient.engine.listConversations({ list: 'requests' })).conversations.map(
          (conversation) => conversation.id,
        ),
      ).toEqual([sender.sessionId]);
      await arrival(recipient, sender, await send(sender, recipient, 'Third, after unblocking'));
      await send(recipient, sender, 'Welcome back');

      // What came while they were blocked stays dropped, after a restart too.
      await goneFromSwarm(recipient, [sender.engine.storedMessage(dropped.id)?.recipientHash]);
      await restartAndPoll(recipient);
      const history = await recipient.engine.listMessages({ conversationId: sender.sessionId });
      // Replying to the request again accepted it, which the timeline says.
      expect(history.messages.map((message) => message.body ?? message.control?.kind)).toEqual([
        'Welcome back',
        'requestAccepted',
        'Third, after unblocking',
        'First',
      ]);
    });

    it('accepts a request by replying to it', async () => {
      const [sender, recipient] = await Promise.all([harness.user('sender'), harness.user('recipient')]);
      await arrival(recipient, sender, await send(sender, recipient, 'Anyone there?'));
      const reply = await send(recipient, sender, 'Yes, me');
      expect(await recipient.engine.getConversation({ conversationId: sender.sessionId })).toMatchObject({
        state: 'accepted',
      });
      expect((await recipient.engine.listConversations({ list: 'requests' })).conversations).toEqual([]);
      await arrival(sender, recipient, reply);
      expect(await sender.engine.getConversation({ conversationId: recipient.sessionId })).toMatchObject({
        state: 'accepted',
        approvedMe: true,
      });
    });
  });

  describe('read receipts', () => {
    it('are off by default: the sender’s message stays sent', async () => {
      const [writer, reader] = await connectedPair('writer', 'reader');
      expect(await reader.engine.getSettings({})).toEqual({
        readReceipts: false,
        typingIndicators: false,
        notifications: 'nameAndMessage',
        communityMessageRequests: true,
      });
      const unseen = await send(writer, reader, 'Will you tell me you read this?');
      expect((await messageAt(writer, reader.sessionId, unseen.sentAt))?.state).toBe('sent');
      await arrival(reader, writer, unseen);
      const read = await reader.engine.markRead({ conversationId: writer.sessionId });
      expect(read.unreadCount).toBe(0);
      expect(await messageAt(reader, writer.sessionId, unseen.sentAt)).toMatchObject({ read: true });
      await reader.engine.sendingSettled();

      // A later message arrives; a receipt sent before it would have arrived with it.
      const updates = record(writer, 'message.updated');
      await arrival(writer, reader, await send(reader, writer, 'No receipts from me'));
      expect(await messageAt(writer, reader.sessionId, unseen.sentAt)).toMatchObject({
        state: 'sent',
        read: false,
      });
      expect(updates.filter(({ message }) => message.id === unseen.id)).toEqual([]);
    });

    it('when on, turn the sender’s messages read', async () => {
      const [writer, reader] = await connectedPair('writer', 'reader');
      expect(await reader.engine.updateSettings({ readReceipts: true })).toEqual({
        readReceipts: true,
        typingIndicators: false,
        notifications: 'nameAndMessage',
        communityMessageRequests: true,
      });
      const first = await send(writer, reader, 'One');
      const second = await send(writer, reader, 'Two');
      await arrival(reader, writer, second);
      const updates = record(writer, 'message.updated');
      await reader.engine.markRead({ conversationId: writer.sessionId });
      await reader.engine.sendingSettled();

      await receiveUntil(
        writer,
        async () => (await messageAt(writer, reader.sessionId, second.sentAt))?.read,
      );
      for (const sent of [first, second]) {
        expect(await messageAt(writer, reader.sessionId, sent.sentAt)).toMatchObject({
          state: 'read',
          read: true,
        });
        expect(updates.some(({ message }) => message.id === sent.id && message.state === 'read')).toBe(true);
      }
    });
  });

  describe('typing indicators', () => {
    it('reach the other side only when the setting is on', async () => {
      const [typist, watcher] = await connectedPair('typist', 'watcher');
      expect(await typist.engine.setTyping({ conversationId: watcher.sessionId, typing: true })).toEqual({
        sent: false,
      });
      await typist.engine.updateSettings({ typingIndicators: true });
      const changes = record(watcher, 'typing.changed');

      expect(await typist.engine.setTyping({ conversationId: watcher.sessionId, typing: true })).toEqual({
        sent: true,
      });
      await receiveUntil(watcher, () => changes.length > 0);
      expect(changes).toEqual([{ conversationId: typist.sessionId, typing: true }]);

      expect(await typist.engine.setTyping({ conversationId: watcher.sessionId, typing: false })).toEqual({
        sent: true,
      });
      await receiveUntil(watcher, () => changes.length > 1);
      expect(changes).toEqual([
        { conversationId: typist.sessionId, typing: true },
        { conversationId: typist.sessionId, typing: false },
      ]);
    });

    it('end when a message from the typist arrives, without waiting for "stopped" (#17 item 4)', async () => {
      const [typist, watcher] = await connectedPair('typist', 'watcher');
      await typist.engine.updateSettings({ typingIndicators: true });
      const changes = record(watcher, 'typing.changed');
      await typist.engine.setTyping({ conversationId: watcher.sessionId, typing: true });
      await receiveUntil(watcher, () => changes.length > 0);
      expect(changes).toEqual([{ conversationId: typist.sessionId, typing: true }]);

      // The message goes without a "stopped" (an official client may send none, or it may be lost).
      const sent = await send(typist, watcher, 'Here it is');
      await arrival(watcher, typist, sent);
      expect(changes).toEqual([
        { conversationId: typist.sessionId, typing: true },
        { conversationId: typist.sessionId, typing: false },
      ]);
      // A second message says nothing more: the indicator is already off.
      await arrival(watcher, typist, await send(typist, watcher, 'And another'));
      expect(changes).toHaveLength(2);
    });
  });

  describe('quotes', () => {
    it('arrive with the quoted message resolved', async () => {
      const question = await send(alice, bob, 'What time is the party?');
      const bobsCopy = await arrival(bob, alice, question);
      const answer = await send(bob, alice, 'Eight o’clock', bobsCopy.id);
      const quote = { author: alice.sessionId, sentAt: question.sentAt, body: 'What time is the party?' };
      expect(answer.quote).toEqual(quote);
      expect((await arrival(alice, bob, answer)).quote).toEqual(quote);
    });

    it('do not show a message of another conversation', async () => {
      const secret = await send(alice, bob, 'Only for Bob');
      await arrival(bob, alice, secret);
      const mallory = await strangerKeys();
      const sentAt = await forge(mallory, bob, {
        dataMessage: { body: 'Guess what Alice said', quote: { id: secret.sentAt, author: alice.sessionId } },
      });
      const forged = await receiveUntil(bob, () => messageAt(bob, mallory.sessionId, sentAt));
      expect(forged.quote).toEqual({ author: alice.sessionId, sentAt: secret.sentAt, body: null });
      await bob.engine.declineRequest({ conversationId: mallory.sessionId });
    });
  });

  describe('reactions', () => {
    it('are added and removed on both sides', async () => {
      const sent = await send(alice, bob, 'React to me');
      const bobsCopy = await arrival(bob, alice, sent);
      const aliceUpdates = record(alice, 'message.updated');

      const reacted = await bob.engine.react({ messageId: bobsCopy.id, emoji: '👍' });
      expect(reacted.reactions).toEqual([{ emoji: '👍', authors: [bob.sessionId] }]);
      await bob.engine.sendingSettled();
      await receiveUntil(
        alice,
        async () => (await messageAt(alice, bob.sessionId, sent.sentAt))?.reactions.length,
      );
      expect((await messageAt(alice, bob.sessionId, sent.sentAt))?.reactions).toEqual([
        { emoji: '👍', authors: [bob.sessionId] },
      ]);
      expect(
        aliceUpdates.some(({ message }) => message.id === sent.id && message.reactions.length === 1),
      ).toBe(true);

      const own = await alice.engine.react({ messageId: sent.id, emoji: '👍' });
      expect(own.reactions).toEqual([{ emoji: '👍', authors: [bob.sessionId, alice.sessionId] }]);
      await alice.engine.sendingSettled();
      await receiveUntil(
        bob,
        async () => (await messageAt(bob, alice.sessionId, sent.sentAt))?.reactions[0]?.authors.length === 2,
      );

      // Each removal reaches the other side and leaves the other author's reaction alone.
      const removedByBob = await bob.engine.react({ messageId: bobsCopy.id, emoji: '👍', remove: true });
      expect(removedByBob.reactions).toEqual([{ emoji: '👍', authors: [alice.sessionId] }]);
      await bob.engine.sendingSettled();
      const reactionsAt = async (user: TestUser, conversationId: string) =>
        (await messageAt(user, conversationId, sent.sentAt))?.reactions;
      await receiveUntil(
        alice,
        async () => (await reactionsAt(alice, bob.sessionId))?.[0]?.authors.length === 1,
      );
      expect(await reactionsAt(alice, bob.sessionId)).toEqual([{ emoji: '👍', authors: [alice.sessionId] }]);

      expect((await alice.engine.react({ messageId: sent.id, emoji: '👍', remove: true })).reactions).toEqual(
        [],
      );
      await alice.engine.sendingSettled();
      await receiveUntil(bob, async () => (await reactionsAt(bob, alice.sessionId))?.length === 0);
    });
  });

  describe('deleting', () => {
    it('for me removes only the local copy', async () => {
      const sent = await send(alice, bob, 'Oops, typo');
      await arrival(bob, alice, sent);
      const aliceHash = alice.engine.storedMessage(sent.id)?.storageHash;
      const removed = record(alice, 'message.removed');
      expect(await alice.engine.deleteMessage({ messageId: sent.id })).toEqual({ deleted: true });
      expect(removed).toEqual([{ conversationId: bob.sessionId, messageId: sent.id }]);
      expect(await messageAt(alice, bob.sessionId, sent.sentAt)).toBeUndefined();
      expect(await refusal(alice.engine.deleteMessage({ messageId: sent.id }))).toBe('messageMissing');

      // Nothing was sent: a later message arrives and the first is still there, whole.
      await alice.engine.sendingSettled();
      const later = await send(alice, bob, 'Later');
      const bobsLater = await arrival(bob, alice, later);
      expect(await messageAt(bob, alice.sessionId, sent.sentAt)).toMatchObject({
        body: 'Oops, typo',
        unsent: false,
      });

      // The recipient may delete their copy too, and the sender keeps theirs.
      const bobHash = bob.engine.storedMessage(bobsLater.id)?.storageHash;
      await bob.engine.deleteMessage({ messageId: bobsLater.id, forEveryone: false });
      expect(await messageAt(bob, alice.sessionId, later.sentAt)).toBeUndefined();
      await bob.engine.sendingSettled();
      await arrival(alice, bob, await send(bob, alice, 'Deleted mine'));
      expect(await messageAt(alice, bob.sessionId, later.sentAt)).toMatchObject({ body: 'Later' });

      // Deleted messages do not come back from the swarm, after a restart either.
      await goneFromSwarm(alice, [aliceHash]);
      await goneFromSwarm(bob, [bobHash]);
      await Promise.all([restartAndPoll(alice), restartAndPoll(bob)]);
      expect(await messageAt(alice, bob.sessionId, sent.sentAt)).toBeUndefined();
      expect(await messageAt(bob, alice.sessionId, later.sentAt)).toBeUndefined();
      expect(await messageAt(bob, alice.sessionId, sent.sentAt)).toMatchObject({ body: 'Oops, typo' });
    });

    it('for everyone unsends the author’s own message on both sides', async () => {
      const sent = await send(alice, bob, 'I regret this');
      const bobsCopy = await arrival(bob, alice, sent);
      expect(await refusal(bob.engine.deleteMessage({ messageId: bobsCopy.id, forEveryone: true }))).toBe(
        'notAuthor',
      );

      const bobUpdates = record(bob, 'message.updated');
      expect(await alice.engine.deleteMessage({ messageId: sent.id, forEveryone: true })).toEqual({
        deleted: true,
      });
      expect(await messageAt(alice, bob.sessionId, sent.sentAt)).toMatchObject({ unsent: true, body: null });
      await alice.engine.sendingSettled();
      const unsent = await receiveUntil(bob, async () => {
        const message = await messageAt(bob, alice.sessionId, sent.sentAt);
        return message?.unsent && message;
      });
      expect(unsent).toMatchObject({ id: bobsCopy.id, unsent: true, body: null, reactions: [] });
      expect(bobUpdates.some(({ message }) => message.id === bobsCopy.id && message.unsent)).toBe(true);
    });

    it('ignores an unsend request for another author’s message', async () => {
      const sent = await send(alice, bob, 'Nobody can take this back but me');
      await arrival(bob, alice, sent);
      const mallory = await strangerKeys();
      const ignoredBefore = bob.engine.receiveStatistics.ignored;
      await forge(mallory, bob, { unsendRequest: { timestamp: sent.sentAt, author: alice.sessionId } });
      await receiveUntil(bob, () => bob.engine.receiveStatistics.ignored > ignoredBefore);
      expect(await messageAt(bob, alice.sessionId, sent.sentAt)).toMatchObject({
        body: 'Nobody can take this back but me',
        unsent: false,
      });
      expect(await refusal(bob.engine.getConversation({ conversationId: mallory.sessionId }))).toBe(
        'conversationMissing',
      );
    });
  });

  describe('disappearing messages', () => {
    const seconds = 4;

    it('after send: the setting reaches the other side and both copies disappear on time', async () => {
      const [setter, other] = await connectedPair('setter', 'other');
      const setting = { mode: 'afterSend', seconds } as const;
      expect(
        (await setter.engine.setDisappearing({ conversationId: other.sessionId, setting })).disappearing,
      ).toEqual(setting);
      await setter.engine.sendingSettled();
      await receiveUntil(
        other,
        async () =>
          (await other.engine.getConversation({ conversationId: setter.sessionId })).disappearing.mode ===
          'afterSend',
      );
      expect((await other.engine.getConversation({ conversationId: setter.sessionId })).disappearing).toEqual(
        setting,
      );
      // Both timelines tell who set it; setting it again to the same changes nothing there.
      await setter.engine.setDisappearing({ conversationId: other.sessionId, setting });
      const setLine = {
        author: setter.sessionId,
        control: { kind: 'disappearingChanged', ...setting },
      };
      const timerLines = async (user: TestUser, conversationId: string) =>
        (await controlLines(user, conversationId)).filter(
          ({ control }) => control.kind === 'disappearingChanged',
        );
      expect(await timerLines(setter, other.sessionId)).toEqual([{ ...setLine, direction: 'outgoing' }]);
      expect(await timerLines(other, setter.sessionId)).toEqual([{ ...setLine, direction: 'incoming' }]);
      expect(
        (await other.engine.getConversation({ conversationId: setter.sessionId })).lastMessage?.control,
      ).toEqual(setLine.control);

      // Messages written afterwards, by either side, disappear from both sides when their time is up.
      const removedAt = [setter, other].map((user) => {
        const times = new Map<number, number>();
        stopListening.push(
          user.engine.on('message.removed', ({ messageId }) =>
            times.set(messageId, user.engine.network.clock.now()),
          ),
        );
        return times;
      });
      const fromSetter = await send(setter, other, 'This will self-destruct');
      const fromOther = await send(other, setter, 'So will this');
      for (const sent of [fromSetter, fromOther]) {
        expect(sent).toMatchObject({ state: 'sending', expiresAt: sent.sentAt + seconds * 1000 });
      }
      expect((await messageAt(setter, other.sessionId, fromSetter.sentAt))?.state).toBe('sent');
      expect((await messageAt(other, setter.sessionId, fromOther.sentAt))?.state).toBe('sent');
      const [setterCopy, otherCopy] = await Promise.all([
        arrival(setter, other, fromOther),
        arrival(other, setter, fromSetter),
      ]);
      expect(setterCopy.expiresAt).toBe(fromOther.sentAt + seconds * 1000);
      expect(otherCopy.expiresAt).toBe(fromSetter.sentAt + seconds * 1000);

      const expected: [Map<number, number>, number, number][] = [
        [removedAt[0]!, fromSetter.id, fromSetter.expiresAt!],
        [removedAt[0]!, setterCopy.id, setterCopy.expiresAt!],
        [removedAt[1]!, otherCopy.id, otherCopy.expiresAt!],
        [removedAt[1]!, fromOther.id, fromOther.expiresAt!],
      ];
      await until(() => expected.every(([times, id]) => times.has(id)));
      for (const [times, id, expiresAt] of expected) {
        expect(times.get(id)).toBeGreaterThanOrEqual(expiresAt);
        expect(times.get(id)).toBeLessThan(expiresAt + 2_000);
      }
      // Only the greeting, written before the setting, is left, with the lines that tell the timeline's
      // story (the request accepted, the timer set), which do not disappear.
      for (const [user, conversationId] of [
        [setter, other.sessionId],
        [other, setter.sessionId],
      ] as const) {
        const { messages } = await user.engine.listMessages({ conversationId });
        expect(messages.map((message) => message.body ?? message.control?.kind)).toEqual([
          'disappearingChanged',
          'requestAccepted',
          'Hello from setter',
        ]);
      }
    });

    it('after read: the recipient’s clock starts when it reads the message', async () => {
      const [setter, other] = await connectedPair('setter', 'other');
      const setting = { mode: 'afterRead', seconds } as const;
      await setter.engine.setDisappearing({ conversationId: other.sessionId, setting });
      await setter.engine.sendingSettled();
      await receiveUntil(
        other,
        async () =>
          (await other.engine.getConversation({ conversationId: setter.sessionId })).disappearing.mode ===
          'afterRead',
      );

      const setterRemoved = record(setter, 'message.removed');
      const otherRemoved = record(other, 'message.removed');
      const sent = await send(setter, other, 'Read me, then I am gone');
      // The writer has read it: its own copy counts from the sent time.
      expect(sent.expiresAt).toBe(sent.sentAt + seconds * 1000);
      const received = await arrival(other, setter, sent);
      expect(received.expiresAt).toBeNull();

      // Once the writer's copy is gone, the unread copy is still there.
      await until(() => setterRemoved.some(({ messageId }) => messageId === sent.id));
      expect(await messageAt(other, setter.sessionId, sent.sentAt)).toMatchObject({
        expiresAt: null,
        read: false,
      });

      const readFrom = other.engine.network.clock.now();
      await other.engine.markRead({ conversationId: setter.sessionId });
      const readTo = other.engine.network.clock.now();
      const read = (await messageAt(other, setter.sessionId, sent.sentAt))!;
      expect(read.read).toBe(true);
      expect(read.expiresAt).toBeGreaterThanOrEqual(readFrom + seconds * 1000);
      expect(read.expiresAt).toBeLessThanOrEqual(readTo + seconds * 1000);

      // The copy in the reader's swarm expires with it, not 14 days later.
      const hash = other.engine.storedMessage(read.id)?.storageHash;
      expect(hash).toEqual(expect.any(String));
      await until(async () => {
        const expiry = await swarmExpiry(other, hash!);
        return expiry !== undefined && expiry <= read.expiresAt!;
      });

      await until(() => otherRemoved.some(({ messageId }) => messageId === read.id));
      expect(await messageAt(other, setter.sessionId, sent.sentAt)).toBeUndefined();
    });
  });

  describe('display names', () => {
    it('reach the other side with the next message', async () => {
      expect(await alice.engine.updateProfile({ displayName: '  Alice Liddell ' })).toEqual({
        sessionId: alice.sessionId,
        displayName: 'Alice Liddell',
      });
      const updates = record(bob, 'conversation.updated');
      await arrival(bob, alice, await send(alice, bob, 'I changed my name'));
      expect(await bob.engine.getConversation({ conversationId: alice.sessionId })).toMatchObject({
        displayName: 'Alice Liddell',
      });
      expect(updates.some(({ conversation }) => conversation.displayName === 'Alice Liddell')).toBe(true);
    });
  });
});
