// A flood of message requests, end to end on a devnet (issue 12, "Flooding"): strangers' messages
// stored in the victim's swarm over onion paths, received by a real engine, then declined and
// blocked in bulk through ClientApi; and the limit of what one unaccepted sender may store.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import { isStarlingError } from '../../shared/errors';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { wrapOneToOneMessage } from '../../shared/protocol/messages/sessionProtocol';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';
import { storeMessage } from '../network/storeMessage';
import { requestLimits } from './requests';

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (isStarlingError(error)) return error.code;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('a flood of message requests', () => {
  let harness: EngineHarness;
  let victim: TestUser;
  const stopListening: (() => void)[] = [];

  function record<Name extends ClientEventName>(user: TestUser, name: Name): ClientEvents[Name][] {
    const events: ClientEvents[Name][] = [];
    stopListening.push(user.engine.on(name, (event) => events.push(event)));
    return events;
  }

  /** Stores `texts` in the victim's swarm as `from` wrote them, a millisecond apart. */
  async function flood(from: IdentityKeys, texts: readonly string[]): Promise<number[]> {
    const start = victim.engine.network.clock.now();
    const sentAts: number[] = [];
    for (const [index, text] of texts.entries()) {
      const sentAt = start + index;
      const data = await wrapOneToOneMessage(
        {
          content: { dataMessage: { body: text } },
          recipientSessionId: victim.sessionId,
          timestampMs: sentAt,
        },
        from,
      );
      await storeMessage(victim.engine.network, {
        pubkey: victim.sessionId,
        namespace: 0,
        data,
        ttlMs: 600_000,
      });
      sentAts.push(sentAt);
    }
    return sentAts;
  }

  const strangers = (count: number): Promise<IdentityKeys[]> =>
    Promise.all(Array.from({ length: count }, () => deriveIdentityKeys(new Uint8Array(randomBytes(16)))));

  const requestIds = async (user: TestUser): Promise<string[]> =>
    (await user.engine.listConversations({ list: 'requests' })).conversations.map(
      (conversation) => conversation.id,
    );

  beforeAll(async () => {
    harness = await EngineHarness.start();
    victim = await harness.user('victim');
  }, 60_000);
  afterEach(() => {
    for (const stop of stopListening.splice(0)) stop();
  });
  afterAll(async () => harness?.close());

  it('declines and blocks many requests at once, in one event each, and declines all the rest', async () => {
    const senders = await strangers(30);
    for (const sender of senders) await flood(sender, ['Win a prize', 'Click here']);
    await receiveUntil(victim, async () => (await requestIds(victim)).length === 30);

    const single = record(victim, 'conversation.removed');
    const updatedOne = record(victim, 'conversation.updated');
    const bursts = record(victim, 'conversations.changed');
    const declined = senders.slice(0, 20).map((sender) => sender.sessionId);
    // A name twice, and one that is no request: each request is declined once, the other skipped.
    expect(
      await victim.engine.declineRequests({ conversationIds: [...declined, declined[0]!, victim.sessionId] }),
    ).toEqual({ done: 20, skipped: 1 });
    expect(bursts).toEqual([{ updated: [], removed: expect.arrayContaining(declined) }]);
    expect(bursts[0]!.removed).toHaveLength(20);
    expect(single).toEqual([]);
    expect((await requestIds(victim)).sort()).toEqual(
      senders
        .slice(20)
        .map((sender) => sender.sessionId)
        .sort(),
    );
    expect((await victim.engine.listMessages({ conversationId: declined[0]! })).messages).toEqual([]);

    const blocked = senders.slice(20, 25).map((sender) => sender.sessionId);
    expect(await victim.engine.blockRequests({ conversationIds: blocked })).toEqual({ done: 5, skipped: 0 });
    expect(bursts).toHaveLength(2);
    expect(bursts[1]!.removed).toEqual([]);
    expect(bursts[1]!.updated.map((conversation) => [conversation.id, conversation.state]).sort()).toEqual(
      blocked.map((id) => [id, 'blocked']).sort(),
    );
    expect(updatedOne).toEqual([]);
    const blockedList = await victim.engine.listConversations({ list: 'blocked' });
    expect(blockedList.conversations.map((conversation) => conversation.id).sort()).toEqual(
      [...blocked].sort(),
    );
    // Blocking a request twice is nothing to do.
    expect(await victim.engine.blockRequests({ conversationIds: blocked })).toEqual({ done: 0, skipped: 5 });

    expect(await victim.engine.declineAllRequests({})).toEqual({ done: 5, skipped: 0 });
    expect(await requestIds(victim)).toEqual([]);
    expect(bursts).toHaveLength(3);

    // Nothing declined comes back: the swarm copies are deleted, and remembered as dropped meanwhile.
    await victim.restart();
    for (let round = 0; round < 12; round += 1) await victim.engine.receiveNow();
    expect(await requestIds(victim)).toEqual([]);
    // The blocked stay blocked, and what they write now is dropped unread.
    const ignored = victim.engine.receiveStatistics.ignored;
    await flood(senders[20]!, ['Still here']);
    await receiveUntil(victim, () => victim.engine.receiveStatistics.ignored > ignored);
    const kept = await victim.engine.listMessages({ conversationId: blocked[0]! });
    expect(kept.messages.map((message) => message.body)).toEqual(['Click here', 'Win a prize']);
  });

  it('refuses a bulk request naming nothing, or more than it may', async () => {
    expect(await refusal(victim.engine.declineRequests({ conversationIds: [] }))).toBe('invalidRequest');
    const tooMany = Array.from({ length: 10_001 }, () => victim.sessionId);
    expect(await refusal(victim.engine.blockRequests({ conversationIds: tooMany }))).toBe('invalidRequest');
    expect(await refusal(victim.engine.declineRequests({ conversationIds: ['05nonsense'] }))).toBe(
      'invalidRequest',
    );
  });

  it('keeps only the newest messages of an unaccepted sender, says how many went, and lifts the limit on accept', async () => {
    const [sender] = await strangers(1);
    const count = requestLimits.messages + 10;
    const sentAts = await flood(
      sender!,
      Array.from({ length: count }, (_, index) => `junk ${index + 1}`),
    );
    const conversation = await receiveUntil(victim, async () => {
      const view = (await victim.engine.listConversations({ list: 'requests' })).conversations.find(
        (candidate) => candidate.id === sender!.sessionId,
      );
      return view && view.messagesNotKept === 10 && view;
    });
    expect(conversation).toMatchObject({
      unreadCount: requestLimits.messages,
      lastMessage: { body: `junk ${count}` },
    });
    const kept = await victim.engine.listMessages({ conversationId: sender!.sessionId, limit: 200 });
    expect(kept.messages.map((message) => message.sentAt)).toEqual(sentAts.slice(10).reverse());

    // The dropped ones do not come back from members polled afresh.
    await victim.restart();
    for (let round = 0; round < 12; round += 1) await victim.engine.receiveNow();
    expect(
      (await victim.engine.listMessages({ conversationId: sender!.sessionId, limit: 200 })).messages,
    ).toHaveLength(requestLimits.messages);

    await victim.engine.acceptRequest({ conversationId: sender!.sessionId });
    await flood(
      sender!,
      Array.from({ length: 12 }, (_, index) => `welcome ${index + 1}`),
    );
    const accepted = await receiveUntil(victim, async () => {
      const page = await victim.engine.listMessages({ conversationId: sender!.sessionId, limit: 200 });
      // The 12 welcomes, and the line that says the request was accepted.
      return page.messages.length === requestLimits.messages + 13 && page;
    });
    expect(accepted.messages[0]!.body).toBe('welcome 12');
    expect(accepted.messages[12]!.control).toEqual({ kind: 'requestAccepted' });
  });

  it('keeps at most 256 KiB of one unaccepted sender, newest first', async () => {
    const [sender] = await strangers(1);
    // Five of the longest messages the network stores: the newest four fit in 256 KiB.
    const long = (index: number): string => `${index}`.padEnd(60_000, '.');
    const sentAts = await flood(sender!, [1, 2, 3, 4, 5].map(long));
    const conversation = await receiveUntil(victim, async () => {
      const view = await victim.engine
        .getConversation({ conversationId: sender!.sessionId })
        .catch(() => undefined);
      return view?.messagesNotKept === 1 && view;
    });
    expect(conversation.messagesNotKept).toBe(1);
    const kept = await victim.engine.listMessages({ conversationId: sender!.sessionId });
    expect(kept.messages.map((message) => message.sentAt)).toEqual(sentAts.slice(1).reverse());
  });
});
