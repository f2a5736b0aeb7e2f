// Delivery guarantees on a devnet: three engines writing both ways, a second device of the same
// account, a restart in the middle of a send, and a message that fails and is retried. Nothing is
// lost and nothing arrives twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/contract/views';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';

const quickRetries = { maximumAttempts: 3, firstDelayMs: 100 };

async function messagesOf(user: TestUser, conversationId: string): Promise<readonly MessageView[]> {
  return (await user.engine.listMessages({ conversationId, limit: 200 })).messages;
}

/** Waits until `user` holds a message with `body` in the conversation with `conversationId`. */
function receiveBody(user: TestUser, conversationId: string, body: string): Promise<MessageView> {
  return receiveUntil(user, async () =>
    (await messagesOf(user, conversationId)).find((message) => message.body === body),
  );
}

describe('message delivery', () => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await EngineHarness.start();
  }, 60_000);
  afterAll(async () => harness?.close());

  /** Stops every member of `sessionId`'s swarm, as `observer` knows it; returns a restarter. */
  async function stopSwarm(observer: TestUser, sessionId: string): Promise<() => Promise<void>> {
    const members = await observer.engine.network.swarms.membersOf(sessionId);
    for (const member of members) await harness.devnet.stopNode(member.ed25519PublicKey);
    return async () => {
      for (const member of members) await harness.devnet.startNode(member.ed25519PublicKey);
    };
  }

  it('carries messages both ways between three engines', async () => {
    const [alice, bob, carol] = await Promise.all([
      harness.user('alice'),
      harness.user('bob'),
      harness.user('carol'),
    ]);
    const pairs: [TestUser, TestUser][] = [
      [alice, bob],
      [bob, carol],
      [carol, alice],
      [bob, alice],
      [carol, bob],
      [alice, carol],
    ];
    for (const [from, to] of pairs) {
      await from.engine.sendMessage({ conversationId: to.sessionId, text: `${from.name} to ${to.name}` });
    }
    await Promise.all([alice, bob, carol].map((user) => user.engine.sendingSettled()));
    for (const [from, to] of pairs) {
      const received = await receiveBody(to, from.sessionId, `${from.name} to ${to.name}`);
      expect(received).toMatchObject({ author: from.sessionId, direction: 'incoming' });
      const sent = (await messagesOf(from, to.sessionId)).find((message) => message.body === received.body);
      expect(sent).toMatchObject({ state: 'sent', sentAt: received.sentAt });
    }
    for (const user of [alice, bob, carol]) {
      for (const other of [alice, bob, carol].filter((candidate) => candidate !== user)) {
        expect(await messagesOf(user, other.sessionId)).toHaveLength(2);
      }
      expect(user.engine.receiveStatistics.rejected).toEqual({});
    }
  });

  it('shows a second device of the account both sides of its conversations', async () => {
    const [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
    await alice.engine.sendMessage({ conversationId: bob.sessionId, text: 'from the first device' });
    await alice.engine.sendingSettled();
    await receiveBody(bob, alice.sessionId, 'from the first device');
    await bob.engine.sendMessage({ conversationId: alice.sessionId, text: 'to every device' });
    await bob.engine.sendingSettled();

    const laptop = await harness.user('alice-laptop', { recoveryPhrase: alice.recoveryPhrase });
    expect(laptop.sessionId).toBe(alice.sessionId);
    await receiveBody(laptop, bob.sessionId, 'to every device');
    // Bob's reply accepted the request, which the laptop hears too.
    const history = await receiveUntil(laptop, async () => {
      const messages = await messagesOf(laptop, bob.sessionId);
      return messages.length === 3 && messages;
    });
    expect(history.map(({ body, direction, state }) => ({ body, direction, state }))).toEqual([
      { body: 'to every device', direction: 'incoming', state: null },
      { body: null, direction: 'incoming', state: null },
      { body: 'from the first device', direction: 'outgoing', state: 'sent' },
    ]);
    const conversation = await laptop.engine.getConversation({ conversationId: bob.sessionId });
    expect(conversation.state).toBe('accepted');

    // What the second device writes shows on the first as its own message, and reaches Bob.
    await laptop.engine.sendMessage({ conversationId: bob.sessionId, text: 'from the laptop' });
    await laptop.engine.sendingSettled();
    const copy = await receiveBody(alice, bob.sessionId, 'from the laptop');
    expect(copy).toMatchObject({ direction: 'outgoing', author: alice.sessionId, state: 'sent' });
    await receiveBody(bob, alice.sessionId, 'from the laptop');
    // Bob's: Alice's two, his reply, and the line that says he accepted her request.
    expect(await messagesOf(bob, alice.sessionId)).toHaveLength(4);
  });

  it('finishes a send after a restart, and delivers it once', async () => {
    const alice = await harness.user('alice', { retryPolicy: { maximumAttempts: 1_000, firstDelayMs: 200 } });
    const bob = await harness.user('bob');
    const restartSwarm = await stopSwarm(alice, bob.sessionId);
    try {
      const sent = await alice.engine.sendMessage({
        conversationId: bob.sessionId,
        text: 'across a restart',
      });
      // Let the outbox try and fail at least once, then quit in the middle of its retries.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(alice.engine.storedMessage(sent.id)?.state).toBe('sending');
      await alice.restart();
      expect((await messagesOf(alice, bob.sessionId)).map((message) => message.state)).toEqual(['sending']);
    } finally {
      await restartSwarm();
    }
    const delivered = await receiveUntil(alice, async () => {
      const [message] = await messagesOf(alice, bob.sessionId);
      return message?.state === 'sent' && message;
    });
    expect(delivered.body).toBe('across a restart');
    await receiveBody(bob, alice.sessionId, 'across a restart');
    // More polls bring nothing new: one message, counted once.
    await bob.engine.receiveNow();
    await bob.restart();
    await bob.engine.receiveNow();
    expect(await messagesOf(bob, alice.sessionId)).toHaveLength(1);
    expect((await bob.engine.getConversation({ conversationId: alice.sessionId })).unreadCount).toBe(1);
  });

  it('marks a message failed when the swarm stays unreachable, and sends it on retry', async () => {
    const alice = await harness.user('alice', { retryPolicy: quickRetries });
    const bob = await harness.user('bob');
    const updates: MessageView[] = [];
    alice.engine.on('message.updated', ({ message }) => updates.push(message));
    const restartSwarm = await stopSwarm(alice, bob.sessionId);
    let sent: MessageView;
    try {
      sent = await alice.engine.sendMessage({ conversationId: bob.sessionId, text: 'eventually' });
      const failed = await receiveUntil(alice, async () => {
        const [message] = await messagesOf(alice, bob.sessionId);
        return message?.state === 'failed' && message;
      });
      expect(failed.failure).toEqual(expect.any(String));
      expect(updates.at(-1)).toMatchObject({ id: sent.id, state: 'failed' });
    } finally {
      await restartSwarm();
    }
    await expect(alice.engine.retryMessage({ messageId: sent.id + 1_000 })).rejects.toMatchObject({
      code: 'messageMissing',
    });
    expect(await alice.engine.retryMessage({ messageId: sent.id })).toMatchObject({ state: 'sending' });
    await receiveUntil(alice, async () => alice.engine.storedMessage(sent.id)?.state === 'sent');
    expect(updates.at(-1)).toMatchObject({ id: sent.id, state: 'sent', failure: null });
    await receiveBody(bob, alice.sessionId, 'eventually');
    await expect(alice.engine.retryMessage({ messageId: sent.id })).rejects.toMatchObject({
      code: 'nothingToRetry',
    });
  });
});
