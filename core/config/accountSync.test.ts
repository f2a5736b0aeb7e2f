// One account on several devices, on a real devnet (issue 13): what one device changes in the
// account's configs reaches the others, concurrent edits converge to the same data and the same
// message, and a device restored from the phrase gets everything.
import { accountAuthority } from '../network/swarmAuthority';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';
import { concatBytes, fromHex, utf8Decode, utf8Encode } from '../../shared/protocol/bytes';
import { ConfigBase } from '../../shared/protocol/config/configBase';
import { ConfigMessage } from '../../shared/protocol/config/configMessage';
import {
  readConversation,
  updateConversation,
} from '../../shared/protocol/config/types/conversationInfoVolatile';
import { sealUserConfig } from '../../shared/protocol/config/configPipeline';
import { deriveIdentityKeys } from '../../shared/protocol/identity/keys';
import { decodeMnemonic } from '../../shared/protocol/mnemonic/mnemonic';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import { storeMessage } from '../network/storeMessage';
import { configTtlMs } from './configPusher';
import { zstdCompressor } from './zstdCompressor';

let harness: EngineHarness;

beforeAll(async () => {
  harness = await EngineHarness.start({ nodes: 6 });
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

async function conversationOf(user: TestUser, id: string) {
  return user.engine.getConversation({ conversationId: id }).catch(() => undefined);
}

/** Polls both devices until their configs are clean, at the same seqnos and hashes. */
async function converged(first: TestUser, second: TestUser): Promise<void> {
  await waitForBoth(first, second, () => {
    const a = first.engine.configState();
    const b = second.engine.configState();
    return (
      JSON.stringify(a) === JSON.stringify(b) && Object.values(a).every((config) => config.state === 'clean')
    );
  });
}

async function waitForBoth(first: TestUser, second: TestUser, check: () => boolean): Promise<void> {
  await receiveUntil(
    first,
    async () => {
      await second.engine.receiveNow().catch(() => undefined);
      await Promise.all([first.engine.configsConfirmed(), second.engine.configsConfirmed()]).catch(
        () => undefined,
      );
      return check();
    },
    45_000,
  );
}

describe('account configs across devices', () => {
  it('syncs the name, nicknames, blocks, pins and read state, and converges on concurrent edits', async () => {
    const laptop = await harness.user('laptop');
    const phone = await harness.user('phone', { recoveryPhrase: laptop.recoveryPhrase });
    const bob = await harness.user('bob');
    const carol = await harness.user('carol');

    // One device names the account; the other hears it.
    await laptop.engine.updateProfile({ displayName: 'Ada' });
    await laptop.engine.configsConfirmed();
    await receiveUntil(phone, async () => (await phone.engine.getAccount()).displayName === 'Ada');

    // Both write to Bob and Carol (accepted contacts) and settle.
    await laptop.engine.sendMessage({ conversationId: bob.sessionId, text: 'hi Bob' });
    await laptop.engine.sendMessage({ conversationId: carol.sessionId, text: 'hi Carol' });
    await converged(laptop, phone);
    expect((await conversationOf(phone, bob.sessionId))?.state).toBe('accepted');

    // Concurrent edits from the same base: a name here, a nickname and a block there.
    await laptop.engine.updateProfile({ displayName: 'Ada Lovelace' });
    await phone.engine.setNickname({ conversationId: bob.sessionId, nickname: 'Bobby' });
    await phone.engine.block({ conversationId: carol.sessionId });
    await phone.engine.setPinned({ conversationId: bob.sessionId, pinned: true });
    await Promise.all([laptop.engine.configsConfirmed(), phone.engine.configsConfirmed()]);
    await converged(laptop, phone);

    for (const device of [laptop, phone]) {
      expect((await device.engine.getAccount()).displayName).toBe('Ada Lovelace');
      const bobView = await conversationOf(device, bob.sessionId);
      expect(bobView?.nickname).toBe('Bobby');
      expect(bobView?.pinned).toBe(true);
      expect((await conversationOf(device, carol.sessionId))?.state).toBe('blocked');
    }
    expect(laptop.engine.configState()).toEqual(phone.engine.configState());

    // Read on one device, read on the other.
    await bob.engine.sendMessage({ conversationId: laptop.sessionId, text: 'are you there?' });
    await bob.engine.sendingSettled();
    await receiveUntil(laptop, async () => (await conversationOf(laptop, bob.sessionId))?.unreadCount === 1);
    await receiveUntil(phone, async () => (await conversationOf(phone, bob.sessionId))?.unreadCount === 1);
    await laptop.engine.markRead({ conversationId: bob.sessionId });
    await laptop.engine.configsConfirmed();
    await receiveUntil(phone, async () => (await conversationOf(phone, bob.sessionId))?.unreadCount === 0);

    // A third device, restored from the phrase, gets all of it.
    const tablet = await harness.user('tablet', { recoveryPhrase: laptop.recoveryPhrase });
    await tablet.engine.fetchAccountNow(15_000);
    await receiveUntil(
      tablet,
      async () => (await conversationOf(tablet, bob.sessionId))?.nickname === 'Bobby',
    );
    expect((await tablet.engine.getAccount()).displayName).toBe('Ada Lovelace');
    expect((await conversationOf(tablet, bob.sessionId))?.pinned).toBe(true);
    expect((await conversationOf(tablet, carol.sessionId))?.state).toBe('blocked');
    await receiveUntil(tablet, async () => (await conversationOf(tablet, bob.sessionId))?.unreadCount === 0);
  }, 240_000);
});

describe('a config written by a newer client', () => {
  it('keeps its unknown keys, top-level and in the data, through a Starling edit', async () => {
    const device = await harness.user('newer-keys');
    const keys = await deriveIdentityKeys(decodeMnemonic(device.recoveryPhrase));
    // seqno 1 over the empty seqno-0 message, as a newer libsession would write it: an unknown `Z` in
    // the data, and an unknown top-level `*` between `&` and `<` (§2 "Unknown keys").
    const emptyHash = fromHex('ea173b57beca8af18c3519a7bbf69c3e7a05d1c049fa9558341d8ebb48b0c965');
    const plaintext = concatBytes(
      utf8Encode('d1:#i1e1:&d1:Zi42e1:n5:Newere1:*i7e1:<lli0e32:'),
      emptyHash,
      utf8Encode('deee1:=d1:Z0:1:n0:ee'),
    );
    expect(ConfigMessage.parse(plaintext).seqno).toBe(1);
    const [sealed] = await sealUserConfig(plaintext, 1, 'userProfile', keys, zstdCompressor);
    await storeMessage(device.engine.network, {
      pubkey: keys.sessionId,
      namespace: namespaces.userProfile,
      data: sealed!,
      ttlMs: configTtlMs,
      authority: accountAuthority(keys),
    });
    await receiveUntil(device, async () => (await device.engine.getAccount()).displayName === 'Newer');

    await device.engine.updateProfile({ displayName: 'Edited here' });
    await device.engine.configsConfirmed();
    const pushed = ConfigMessage.parse(device.engine.configMessage('userProfile'));
    expect(pushed.seqno).toBe(2);
    expect(pushed.data.get('Z')).toBe(42n);
    expect(utf8Decode(pushed.data.get('n') as Uint8Array)).toBe('Edited here');
    expect(Buffer.from(device.engine.configMessage('userProfile')).includes('1:*i7e')).toBe(true);

    // Another device of the account gets both from the swarm.
    const other = await harness.user('newer-keys-2', { recoveryPhrase: device.recoveryPhrase });
    await receiveUntil(other, async () => (await other.engine.getAccount()).displayName === 'Edited here');
    expect(Buffer.from(other.engine.configMessage('userProfile')).includes('1:*i7e')).toBe(true);
  }, 120_000);
});

describe('a push under way when Starling stops', () => {
  it('resumes from the saved dump at the next start', async () => {
    // Edits wait ten minutes before they are pushed: the engine stops long before that.
    const device = await harness.user('stopped', {
      configPushTiming: { coalesceMs: 600_000, retryMs: 200, maximumRetryMs: 2_000 },
    });
    await device.engine.updateProfile({ displayName: 'Resumed' });
    expect(device.engine.configState().userProfile.state).toBe('dirty');
    await device.restart();
    // Nothing asks for the push: the restarted engine resumes it by itself.
    const other = await harness.user('stopped-2', { recoveryPhrase: device.recoveryPhrase });
    await receiveUntil(other, async () => (await other.engine.getAccount()).displayName === 'Resumed');
    expect(device.engine.configState().userProfile.state).toBe('clean');
  }, 60_000);
});

describe('Note to Self', () => {
  it('keeps its pin and its disappearing timer in UserProfile, on every device', async () => {
    const laptop = await harness.user('self-laptop');
    const phone = await harness.user('self-phone', { recoveryPhrase: laptop.recoveryPhrase });
    await laptop.engine.sendMessage({ conversationId: laptop.sessionId, text: 'a note' });
    await laptop.engine.sendingSettled();
    await receiveUntil(phone, async () => (await conversationOf(phone, phone.sessionId)) !== undefined);

    await laptop.engine.setPinned({ conversationId: laptop.sessionId, pinned: true });
    await laptop.engine.setDisappearing({
      conversationId: laptop.sessionId,
      setting: { mode: 'afterSend', seconds: 3_600 },
    });
    await laptop.engine.configsConfirmed();
    expect(laptop.engine.configState().contacts.seqno).toBe(0);
    await receiveUntil(phone, async () => (await conversationOf(phone, phone.sessionId))?.pinned === true);
    expect((await conversationOf(phone, phone.sessionId))?.disappearing).toEqual({
      mode: 'afterSend',
      seconds: 3_600,
    });
  }, 60_000);
});

describe('marked unread on another device', () => {
  it('shows here until the conversation is read, which clears it everywhere', async () => {
    const device = await harness.user('unread-flag');
    const bob = await harness.user('unread-bob');
    await device.engine.sendMessage({ conversationId: bob.sessionId, text: 'hello' });
    await device.engine.sendingSettled();
    const keys = await deriveIdentityKeys(decodeMnemonic(device.recoveryPhrase));
    // Another device of the account marked the conversation unread (§5.3 `u`).
    const other = ConfigBase.empty();
    other.edit((data) =>
      updateConversation(data, { kind: 'oneToOne', sessionId: bob.sessionId }, { unread: true }, Date.now()),
    );
    const push = other.push();
    const [sealed] = await sealUserConfig(
      push.plaintext,
      push.seqno,
      'conversationInfoVolatile',
      keys,
      zstdCompressor,
    );
    await storeMessage(device.engine.network, {
      pubkey: keys.sessionId,
      namespace: namespaces.conversationInfoVolatile,
      data: sealed!,
      ttlMs: configTtlMs,
      authority: accountAuthority(keys),
    });
    await receiveUntil(
      device,
      async () => (await conversationOf(device, bob.sessionId))?.markedUnread === true,
    );

    const told: (true | undefined)[] = [];
    const stop = device.engine.on('conversation.updated', ({ conversation }) => {
      if (conversation.id === bob.sessionId) told.push(conversation.markedUnread);
    });
    const read = await device.engine.markRead({ conversationId: bob.sessionId });
    stop();
    expect(read.markedUnread).toBeUndefined();
    // The UI is told the conversation as it is after reading, not with the mark it had.
    expect(told.at(-1)).toBeUndefined();
    expect(told.length).toBeGreaterThan(0);
    await device.engine.configsConfirmed();
    const info = readConversation(
      ConfigMessage.parse(device.engine.configMessage('conversationInfoVolatile')).data,
      { kind: 'oneToOne', sessionId: bob.sessionId },
    );
    expect(info?.unread).toBe(false);
  }, 60_000);
});
