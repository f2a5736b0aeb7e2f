import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../bytes';
import type { IdentityKeys } from '../identity/keys';
import { GroupKeyring } from './groupKeyring';
import { GroupKeysError } from './groupKeysError';
import { parseKeyMessage } from './keyMessage';
import { openKeyMessage } from './keyMessageOpen';
import { keyExpiryMs } from './keyringState';
import { vectorKeys } from './testKeys';

const day = 24 * 60 * 60 * 1000;
const start = 1_700_000_000_000;

async function setUp() {
  const keys = await vectorKeys();
  const gpk = keys.group.ed25519PublicKey;
  const admin = await GroupKeyring.create({ groupEd25519PublicKey: gpk, groupSeed: keys.group.seed });
  const memberRing = (member: IdentityKeys) =>
    GroupKeyring.create({
      groupEd25519PublicKey: gpk,
      ownX25519SecretKey: member.x25519SecretKey,
      ownX25519PublicKey: member.x25519PublicKey,
    });
  return { keys, gpk, admin, memberRing };
}

async function refusal(promise: Promise<unknown>): Promise<GroupKeysError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GroupKeysError);
  return error as GroupKeysError;
}

describe('GroupKeyring (§6.2)', () => {
  it('admin rekeys, a member loads the message and gets the same key; the message coming back confirms it', async () => {
    const { keys, admin, memberRing } = await setUp();
    const everyone = [keys.admin.sessionId, keys.member1.sessionId];
    const message = await admin.rekey(everyone, start);
    expect(admin.encryptionKey()).toBeDefined();
    expect(admin.pendingMessage()).toEqual(message);
    expect(admin.pendingCreatedMs()).toBe(start);
    expect(admin.keys()).toEqual([]);
    expect(admin.decryptionKeys()).toHaveLength(1);

    const member = await memberRing(keys.member1);
    expect(await member.loadKeyMessage('hash0', message, start + 5)).toEqual({ changed: true });
    expect(toHex(member.encryptionKey()!)).toBe(toHex(admin.encryptionKey()!));
    expect(member.currentGeneration()).toBe(0);
    expect(member.activeHashes()).toEqual(['hash0']);
    expect(() => member.needsRekey()).not.toThrow();

    expect(await admin.loadKeyMessage('hash0', message, start + 5)).toEqual({ changed: true });
    expect(admin.pendingMessage()).toBeUndefined();
    expect(admin.keys()).toEqual([{ generation: 0, key: member.encryptionKey(), timestampMs: start + 5 }]);
    // The same message polled again changes nothing.
    expect(await admin.loadKeyMessage('hash0', message, start + 5)).toEqual({ changed: false });
    expect(await member.loadKeyMessage('hash0', message, start + 9)).toEqual({ changed: false });
  });

  it('numbers generations from the newest confirmed key, not the pending one', async () => {
    const { keys, admin } = await setUp();
    const first = await admin.rekey([keys.admin.sessionId], start);
    const again = await admin.rekey([keys.admin.sessionId], start + 1);
    expect((await parseKeyMessage(again, keys.group.ed25519PublicKey)).generation).toBe(0);
    expect(toHex(again)).toBe(toHex(first));
    await admin.loadKeyMessage('h0', first, start);
    const second = await admin.rekey([keys.admin.sessionId], start + 2);
    expect((await parseKeyMessage(second, keys.group.ed25519PublicKey)).generation).toBe(1);
    expect(admin.currentGeneration()).toBe(0);
    expect(admin.decryptionKeys().map(toHex)).toEqual([
      toHex(admin.encryptionKey()!),
      toHex(admin.keys()[0]!.key),
    ]);
  });

  it('a removed member gets nothing from the later rekey, but its hash is still tracked', async () => {
    const { keys, gpk, admin, memberRing } = await setUp();
    const gen0 = await admin.rekey(
      [keys.admin.sessionId, keys.member1.sessionId, keys.member2.sessionId],
      start,
    );
    await admin.loadKeyMessage('g0', gen0, start);
    const removed = await memberRing(keys.member2);
    await removed.loadKeyMessage('g0', gen0, start);
    const gen1 = await admin.rekey([keys.admin.sessionId, keys.member1.sessionId], start + day);

    // On the bytes: no entry of the new message opens for the removed member.
    const parsed = await parseKeyMessage(gen1, gpk);
    const opener = {
      role: 'member' as const,
      x25519SecretKey: keys.member2.x25519SecretKey,
      x25519PublicKey: keys.member2.x25519PublicKey,
    };
    expect(await openKeyMessage(parsed, opener, gpk, start + day)).toEqual([]);

    const keyBefore = removed.encryptionKey();
    expect(await removed.loadKeyMessage('g1', gen1, start + day)).toEqual({ changed: false });
    expect(removed.encryptionKey()).toEqual(keyBefore);
    expect(removed.currentGeneration()).toBe(0);
    expect(removed.activeHashes()).toEqual(['g0', 'g1']);

    const stays = await memberRing(keys.member1);
    await stays.loadKeyMessage('g1', gen1, start + day);
    expect(stays.currentGeneration()).toBe(1);
    expect(toHex(stays.encryptionKey()!)).not.toBe(toHex(keyBefore!));
  });

  it('tracks nothing for a member that holds no key at all (LS clears hashes without keys)', async () => {
    const { keys, admin, memberRing } = await setUp();
    const onlyAdmin = await admin.rekey([keys.admin.sessionId], start);
    const outsider = await memberRing(keys.member1);
    expect(await outsider.loadKeyMessage('k1', onlyAdmin, start)).toEqual({ changed: false });
    expect(outsider.activeHashes()).toEqual([]);
    expect(outsider.encryptionKey()).toBeUndefined();
    expect(outsider.decryptionKeys()).toEqual([]);
    expect(outsider.currentGeneration()).toBe(0);
  });

  it('refuses a forged signature, a wrong length and a truncated message, leaving the state alone', async () => {
    const { keys, admin, memberRing } = await setUp();
    const message = await admin.rekey([keys.admin.sessionId, keys.member1.sessionId], start);
    const member = await memberRing(keys.member1);
    const before = member.dump();
    const forged = message.slice();
    forged[forged.length - 2]! ^= 0x10;
    expect((await refusal(member.loadKeyMessage('x', forged, start))).reason).toBe('badSignature');
    // "1:K48:" → "1:K47:" with one byte dropped: a 47-byte admin key.
    const kAt = toHex(message).indexOf(toHex(new TextEncoder().encode('1:K48:'))) / 2;
    const wrongLength = concatBytes(
      message.subarray(0, kAt + 4),
      new TextEncoder().encode('7'),
      message.subarray(kAt + 5, kAt + 6 + 47),
      message.subarray(kAt + 6 + 48),
    );
    expect((await refusal(member.loadKeyMessage('x', wrongLength, start))).reason).toBe('malformed');
    const truncated = message.subarray(0, message.length - 30);
    expect((await refusal(member.loadKeyMessage('x', truncated, start))).reason).toBe('malformed');
    expect((await refusal(admin.loadKeyMessage('x', truncated, start))).reason).toBe('malformed');
    expect(member.dump()).toEqual(before);
    expect(member.activeHashes()).toEqual([]);
  });

  it('two admins rekeying concurrently need a rekey, which then moves to the next generation', async () => {
    const { keys, gpk, admin } = await setUp();
    const other = await GroupKeyring.create({ groupEd25519PublicKey: gpk, groupSeed: keys.group.seed });
    const gen0 = await admin.rekey([keys.admin.sessionId], start);
    await admin.loadKeyMessage('g0', gen0, start);
    await other.loadKeyMessage('g0', gen0, start);
    const fromFirst = await admin.rekey([keys.admin.sessionId, keys.member1.sessionId], start + 10);
    const fromSecond = await other.rekey([keys.admin.sessionId, keys.member2.sessionId], start + 11);
    for (const ring of [admin, other]) {
      await ring.loadKeyMessage('a1', fromFirst, start + 20);
      await ring.loadKeyMessage('b1', fromSecond, start + 21);
      expect(ring.needsRekey()).toBe(true);
      expect(ring.pendingMessage()).toBeUndefined();
    }
    expect(admin.encryptionKey()).toEqual(other.encryptionKey());
    // A member seeing the same collision has nothing to do: only admins rekey.
    const member = await GroupKeyring.create({
      groupEd25519PublicKey: gpk,
      ownX25519SecretKey: keys.admin.x25519SecretKey,
      ownX25519PublicKey: keys.admin.x25519PublicKey,
    });
    for (const [hash, message] of [
      ['a1', fromFirst],
      ['b1', fromSecond],
    ] as const) {
      await member.loadKeyMessage(hash, message, start + 20);
    }
    expect(member.keys().map((key) => key.generation)).toEqual([1, 1]);
    expect(member.needsRekey()).toBe(false);
    const resolved = await admin.rekey(
      [keys.admin.sessionId, keys.member1.sessionId, keys.member2.sessionId],
      start + 30,
    );
    expect((await parseKeyMessage(resolved, gpk)).generation).toBe(2);
    await admin.loadKeyMessage('c2', resolved, start + 40);
    expect(admin.needsRekey()).toBe(false);
    expect(admin.activeHashes()).toEqual(['a1', 'b1', 'c2', 'g0']);
  });

  it('drops a generation once the next one is over 60 days old, and ignores stale keys after that', async () => {
    const { keys, admin, memberRing } = await setUp();
    const everyone = [keys.admin.sessionId, keys.member1.sessionId];
    const messages: Uint8Array[] = [];
    const member = await memberRing(keys.member1);
    const times = [start, start + day, start + day + keyExpiryMs, start + day + keyExpiryMs + 1];
    for (const [generation, time] of times.entries()) {
      const message = await admin.rekey(everyone, time);
      messages.push(message);
      await admin.loadKeyMessage(`h${generation}`, message, time);
      await member.loadKeyMessage(`h${generation}`, message, time);
      if (generation === 2) expect(member.keys().map((key) => key.generation)).toEqual([0, 1, 2]);
    }
    // Generation 1 (start + 1 day) is now more than 60 days older than the newest: generation 0 goes.
    expect(member.keys().map((key) => key.generation)).toEqual([1, 2, 3]);
    expect(member.activeHashes()).toEqual(['h1', 'h2', 'h3']);
    expect(admin.keys().map((key) => key.generation)).toEqual([1, 2, 3]);
    // The generation-0 message polled again does not come back.
    expect(await member.loadKeyMessage('h0', messages[0]!, start)).toEqual({ changed: false });
    expect(member.keys().map((key) => key.generation)).toEqual([1, 2, 3]);
  });

  it('keeps everything through dump and fromDump, pending key included', async () => {
    const { keys, gpk, admin, memberRing } = await setUp();
    const everyone = [keys.admin.sessionId, keys.member1.sessionId];
    const gen0 = await admin.rekey(everyone, start);
    await admin.loadKeyMessage('g0', gen0, start);
    const gen1 = await admin.rekey([keys.admin.sessionId], start + day);
    const member = await memberRing(keys.member1);
    await member.loadKeyMessage('g0', gen0, start);
    await member.loadKeyMessage('g1', gen1, start + day);

    const restoredAdmin = await GroupKeyring.fromDump(
      { groupEd25519PublicKey: gpk, groupSeed: keys.group.seed },
      admin.dump(),
    );
    expect(restoredAdmin.dump()).toEqual(admin.dump());
    expect(restoredAdmin.keys()).toEqual(admin.keys());
    expect(restoredAdmin.pendingMessage()).toEqual(gen1);
    expect(restoredAdmin.pendingCreatedMs()).toBe(start + day);
    expect(restoredAdmin.encryptionKey()).toEqual(admin.encryptionKey());
    expect(restoredAdmin.decryptionKeys()).toEqual(admin.decryptionKeys());
    await restoredAdmin.loadKeyMessage('g1', gen1, start + day);
    expect(restoredAdmin.pendingMessage()).toBeUndefined();

    const restoredMember = await GroupKeyring.fromDump(
      {
        groupEd25519PublicKey: gpk,
        ownX25519SecretKey: keys.member1.x25519SecretKey,
        ownX25519PublicKey: keys.member1.x25519PublicKey,
      },
      member.dump(),
    );
    expect(restoredMember.keys()).toEqual(member.keys());
    expect(restoredMember.activeHashes()).toEqual(['g0', 'g1']);
    expect(restoredMember.isAdmin()).toBe(false);

    const identity = { groupEd25519PublicKey: gpk, groupSeed: keys.group.seed };
    const dump = admin.dump();
    for (const bad of [
      dump.subarray(0, dump.length - 1),
      new TextEncoder().encode('de'),
      new TextEncoder().encode('d1:Alee'),
    ]) {
      expect((await refusal(GroupKeyring.fromDump(identity, bad))).reason).toBe('malformed');
    }
  });

  it('gives new members the history through a supplement', async () => {
    const { keys, admin, memberRing } = await setUp();
    const gen0 = await admin.rekey([keys.admin.sessionId], start);
    await admin.loadKeyMessage('g0', gen0, start);
    const gen1 = await admin.rekey([keys.admin.sessionId], start + day);
    await admin.loadKeyMessage('g1', gen1, start + day);
    const supplement = await admin.supplement([keys.member2.sessionId]);
    const newcomer = await memberRing(keys.member2);
    expect(await newcomer.loadKeyMessage('s1', supplement, start + 2 * day)).toEqual({ changed: true });
    expect(newcomer.keys()).toEqual(admin.keys());
    expect(newcomer.activeHashes()).toEqual(['s1']);
    // The admin already holds those keys: the supplement only joins the active hashes.
    expect(await admin.loadKeyMessage('s1', supplement, start + 2 * day)).toEqual({ changed: false });
    expect(admin.activeHashes()).toEqual(['g0', 'g1', 's1']);
  });

  it('keeps admin-only operations for admins, and promotes with the right seed only', async () => {
    const { keys, admin, memberRing } = await setUp();
    const member = await memberRing(keys.admin);
    expect((await refusal(member.rekey([keys.admin.sessionId], start))).reason).toBe('notAdmin');
    expect((await refusal(member.supplement([keys.member1.sessionId]))).reason).toBe('notAdmin');
    expect(member.needsRekey()).toBe(false);
    expect((await refusal(member.becomeAdmin(keys.member1.seed))).reason).toBe('invalidInput');
    expect(member.isAdmin()).toBe(false);
    await member.becomeAdmin(keys.group.seed);
    expect(member.isAdmin()).toBe(true);
    const message = await member.rekey([keys.admin.sessionId], start);
    await admin.loadKeyMessage('p0', message, start);
    expect(admin.encryptionKey()).toEqual(member.encryptionKey());
    expect((await refusal(admin.supplement(['05' + 'zz'.repeat(32)]))).reason).toBe('invalidInput');
    const wrongGroup = GroupKeyring.create({
      groupEd25519PublicKey: keys.admin.ed25519PublicKey,
      groupSeed: keys.group.seed,
    });
    expect((await refusal(wrongGroup)).reason).toBe('invalidInput');
  });
});
