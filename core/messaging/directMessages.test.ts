// Two and three engines on a devnet exchanging one-to-one messages through onion paths and swarms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';

describe('one-to-one messages between engines', () => {
  let harness: EngineHarness;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    harness = await EngineHarness.start();
    [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
    await alice.engine.updateProfile({ displayName: 'Alice' });
  }, 60_000);
  afterAll(async () => harness?.close());

  it('delivers a first message as a request, and the reply after acceptance', async () => {
    const sent = await alice.engine.sendMessage({ conversationId: bob.sessionId, text: 'Hello Bob' });
    expect(sent).toMatchObject({ direction: 'outgoing', state: 'sending', body: 'Hello Bob' });
    await alice.engine.sendingSettled();
    const page = await alice.engine.listMessages({ conversationId: bob.sessionId });
    expect(page.messages[0]).toMatchObject({ id: sent.id, state: 'sent' });

    const requests = await receiveUntil(bob, async () => {
      const { conversations } = await bob.engine.listConversations({ list: 'requests' });
      return conversations.length > 0 && conversations;
    });
    expect(requests[0]).toMatchObject({
      id: alice.sessionId,
      state: 'request',
      displayName: 'Alice',
      unreadCount: 1,
    });
    expect((await bob.engine.listConversations({ list: 'chats' })).conversations).toEqual([]);
    const received = await bob.engine.listMessages({ conversationId: alice.sessionId });
    expect(received.messages).toHaveLength(1);
    expect(received.messages[0]).toMatchObject({
      author: alice.sessionId,
      direction: 'incoming',
      body: 'Hello Bob',
      sentAt: sent.sentAt,
      state: null,
    });

    await bob.engine.acceptRequest({ conversationId: alice.sessionId });
    await bob.engine.sendMessage({ conversationId: alice.sessionId, text: 'Hi Alice' });
    await bob.engine.sendingSettled();
    const conversation = await receiveUntil(alice, async () => {
      const current = await alice.engine.getConversation({ conversationId: bob.sessionId });
      return current.unreadCount > 0 && current;
    });
    expect(conversation).toMatchObject({ state: 'accepted', approvedMe: true });
    const history = await alice.engine.listMessages({ conversationId: bob.sessionId });
    // Between them, the line that says Bob accepted Alice's request.
    expect(history.messages.map((message) => message.body ?? message.control?.kind)).toEqual([
      'Hi Alice',
      'requestAccepted',
      'Hello Bob',
    ]);
  });
});
