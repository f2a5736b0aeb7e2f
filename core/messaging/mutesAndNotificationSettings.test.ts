// Muting conversations and the notification setting, through ClientApi and ClientEvents of real
// engines on a devnet: what the desktop notifier and every window read and follow.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import { isStarlingError } from '../../shared/errors';
import { EngineHarness, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';

/** The error a ClientApi call is refused with. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (isStarlingError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** Waits, without polling the network, until `check` returns a value. */
const waitFor = <Value>(check: () => Promise<Value | undefined | false>, timeoutMs = 10_000) =>
  waitUntil(check, { timeoutMs });

const hourMs = 3_600_000;

describe('mutes and notification settings', () => {
  let harness: EngineHarness;
  let alice: TestUser;
  let bob: TestUser;
  const stopListening: (() => void)[] = [];

  function record<Name extends ClientEventName>(user: TestUser, name: Name): ClientEvents[Name][] {
    const events: ClientEvents[Name][] = [];
    stopListening.push(user.engine.on(name, (event) => events.push(event)));
    return events;
  }

  beforeAll(async () => {
    harness = await EngineHarness.start();
    [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
    // Writing opens the conversation on Alice's side; it need not arrive for these tests.
    await alice.engine.sendMessage({ conversationId: bob.sessionId, text: 'Hello Bob' });
  }, 60_000);
  afterEach(() => {
    for (const stop of stopListening.splice(0)) stop();
  });
  afterAll(async () => harness?.close());

  describe('setMuted', () => {
    it('mutes until a time, tells the UI, and unmutes', async () => {
      const conversationId = bob.sessionId;
      expect((await alice.engine.getConversation({ conversationId })).muted).toBeNull();
      const updates = record(alice, 'conversation.updated');
      const until = Date.now() + hourMs;

      const muted = await alice.engine.setMuted({ conversationId, until });
      expect(muted).toMatchObject({ id: conversationId, muted: { until } });
      expect(updates.map(({ conversation }) => conversation.muted)).toEqual([{ until }]);
      const { conversations } = await alice.engine.listConversations({ list: 'chats' });
      expect(conversations.find((conversation) => conversation.id === conversationId)?.muted).toEqual({
        until,
      });

      const unmuted = await alice.engine.setMuted({ conversationId, until: null });
      expect(unmuted.muted).toBeNull();
      expect(updates.at(-1)?.conversation.muted).toBeNull();
    });

    it('mutes until the person unmutes, across a restart', async () => {
      const conversationId = bob.sessionId;
      expect((await alice.engine.setMuted({ conversationId, until: 'forever' })).muted).toEqual({
        until: null,
      });
      await alice.restart();
      expect((await alice.engine.getConversation({ conversationId })).muted).toEqual({ until: null });
      await alice.engine.setMuted({ conversationId, until: null });
      expect((await alice.engine.getConversation({ conversationId })).muted).toBeNull();
    });

    it('ends a timed mute by itself: the view reads unmuted and the UI is told', async () => {
      const conversationId = bob.sessionId;
      const updates = record(alice, 'conversation.updated');
      const until = Date.now() + 1_500;
      await alice.engine.setMuted({ conversationId, until });
      expect((await alice.engine.getConversation({ conversationId })).muted).toEqual({ until });

      await waitFor(async () => updates.at(-1)?.conversation.muted === null);
      expect(Date.now()).toBeGreaterThanOrEqual(until);
      expect((await alice.engine.getConversation({ conversationId })).muted).toBeNull();
      expect(updates.map(({ conversation }) => conversation.muted)).toEqual([{ until }, null]);
    });

    it('refuses a time in the past, in words', async () => {
      const conversationId = bob.sessionId;
      const past = await refusal(alice.engine.setMuted({ conversationId, until: Date.now() - 1_000 }));
      expect(past.code).toBe('muteInPast');
      expect(past.message).toMatch(/already passed/u);
      expect((await alice.engine.getConversation({ conversationId })).muted).toBeNull();
    });

    it('refuses what is not a Session ID, a conversation it does not have, and nonsense times', async () => {
      const invalidId = await refusal(alice.engine.setMuted({ conversationId: 'not an id', until: null }));
      expect(invalidId.code).toBe('invalidRequest');
      expect(invalidId.message).toMatch(/Session ID/u);

      const stranger = `05${'ab'.repeat(32)}`;
      const missing = await refusal(alice.engine.setMuted({ conversationId: stranger, until: 'forever' }));
      expect(missing.code).toBe('conversationMissing');
      expect(missing.message).not.toContain(stranger);

      for (const until of [-5, 1.5, 'tomorrow', {}, undefined] as unknown[]) {
        const nonsense = await refusal(
          alice.engine.setMuted({ conversationId: bob.sessionId, until } as never),
        );
        expect(nonsense).toMatchObject({ code: 'invalidRequest' });
        expect(nonsense.message).toBe(
          'Choose when the mute ends: a time in milliseconds, "forever", or null to unmute. (until)',
        );
      }
    });
  });

  describe('notification setting', () => {
    it('shows name and message by default and keeps the choice across a restart', async () => {
      expect((await bob.engine.getSettings({})).notifications).toBe('nameAndMessage');
      expect(await bob.engine.updateSettings({ notifications: 'nameOnly' })).toEqual({
        readReceipts: false,
        typingIndicators: false,
        notifications: 'nameOnly',
        communityMessageRequests: true,
      });
      await bob.restart();
      expect((await bob.engine.getSettings({})).notifications).toBe('nameOnly');
    });

    it('announces a change with settings.changed, and nothing when nothing changed', async () => {
      const changes = record(bob, 'settings.changed');
      await bob.engine.updateSettings({ notifications: 'countOnly' });
      expect(changes).toEqual([
        {
          settings: {
            readReceipts: false,
            typingIndicators: false,
            notifications: 'countOnly',
            communityMessageRequests: true,
          },
        },
      ]);
      await bob.engine.updateSettings({ notifications: 'countOnly' });
      await bob.engine.updateSettings({});
      expect(changes).toHaveLength(1);
      await bob.engine.updateSettings({ readReceipts: true });
      expect(changes.at(-1)?.settings).toEqual({
        readReceipts: true,
        typingIndicators: false,
        notifications: 'countOnly',
        communityMessageRequests: true,
      });
      await bob.engine.updateSettings({ readReceipts: false, notifications: 'nameAndMessage' });
    });

    it('refuses an unknown mode in words, leaving the setting as it was', async () => {
      const refused = await refusal(bob.engine.updateSettings({ notifications: 'everything' } as never));
      expect(refused.code).toBe('invalidRequest');
      expect(refused.message).toMatch(/nameAndMessage, nameOnly, countOnly or off/u);
      expect((await bob.engine.getSettings({})).notifications).toBe('nameAndMessage');
    });
  });
});
