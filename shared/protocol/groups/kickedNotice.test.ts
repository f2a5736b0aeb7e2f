import { describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from '../bytes';
import { GroupKeysError } from './groupKeysError';
import { buildKickedNotice, readKickedNotice } from './kickedNotice';
import { decodeMultipleSimple } from './multiEncryptSimple';
import { vectorKeys } from './testKeys';

describe('the kicked notice (§6.7)', () => {
  it('tells each removed member it was kicked, with the generation', async () => {
    const { group, admin, member1, member2 } = await vectorKeys();
    expect(group.ed25519PublicKey).toHaveLength(32);
    expect(toHex(group.ed25519PublicKey)).toBe(
      'c50cb3ae956947a8de19135b5be2685ff348afc63fc34a837aca12bc5c1f5625',
    );
    const notice = await buildKickedNotice({
      groupEd25519SecretKey: group.ed25519SecretKey,
      removedSessionIds: [member1.sessionId, member2.sessionId],
      generation: 7,
    });
    expect(decodeMultipleSimple(notice).ciphertexts.map((entry) => entry.length)).toEqual([33 + 16, 33 + 16]);
    for (const member of [member1, member2]) {
      const result = await readKickedNotice(notice, {
        groupEd25519PublicKey: group.ed25519PublicKey,
        ownEd25519SecretKey: member.ed25519SecretKey,
        ownSessionId: member.sessionId,
        currentGeneration: 7,
      });
      expect(result).toEqual({ kicked: true, generation: 7 });
    }
    const forAdmin = await readKickedNotice(notice, {
      groupEd25519PublicKey: group.ed25519PublicKey,
      ownEd25519SecretKey: admin.ed25519SecretKey,
      ownSessionId: admin.sessionId,
      currentGeneration: 0,
    });
    expect(forAdmin).toEqual({ kicked: false });
  });

  it('ignores a notice naming someone else even if it opens for us', async () => {
    const { group, member1, member2 } = await vectorKeys();
    // A copy for member1 whose content names member2: only the content decides.
    const notice = await buildKickedNotice({
      groupEd25519SecretKey: group.ed25519SecretKey,
      removedSessionIds: [member1.sessionId],
      generation: 1,
    });
    const asOther = await readKickedNotice(notice, {
      groupEd25519PublicKey: group.ed25519PublicKey,
      ownEd25519SecretKey: member1.ed25519SecretKey,
      ownSessionId: member2.sessionId,
      currentGeneration: 0,
    });
    expect(asOther).toEqual({ kicked: false });
  });

  it('ignores a stale notice, from a generation before ours', async () => {
    const { group, member1 } = await vectorKeys();
    const notice = await buildKickedNotice({
      groupEd25519SecretKey: group.ed25519SecretKey,
      removedSessionIds: [member1.sessionId],
      generation: 3,
    });
    const reader = {
      groupEd25519PublicKey: group.ed25519PublicKey,
      ownEd25519SecretKey: member1.ed25519SecretKey,
      ownSessionId: member1.sessionId,
    };
    expect(await readKickedNotice(notice, { ...reader, currentGeneration: 4 })).toEqual({ kicked: false });
    expect(await readKickedNotice(notice, { ...reader, currentGeneration: 3 })).toEqual({
      kicked: true,
      generation: 3,
    });
    expect(await readKickedNotice(notice, { ...reader, currentGeneration: 0 })).toEqual({
      kicked: true,
      generation: 3,
    });
  });

  it('ignores garbage, tampering and a notice from another group', async () => {
    const { group, admin, member1 } = await vectorKeys();
    const notice = await buildKickedNotice({
      groupEd25519SecretKey: group.ed25519SecretKey,
      removedSessionIds: [member1.sessionId],
      generation: 2,
    });
    const reader = {
      groupEd25519PublicKey: group.ed25519PublicKey,
      ownEd25519SecretKey: member1.ed25519SecretKey,
      ownSessionId: member1.sessionId,
      currentGeneration: 0,
    };
    const tampered = notice.slice();
    tampered[tampered.length - 3]! ^= 0x80;
    for (const bad of [new Uint8Array(0), utf8Encode('garbage'), notice.subarray(0, 40), tampered]) {
      expect(await readKickedNotice(bad, reader)).toEqual({ kicked: false });
    }
    const otherGroup = await readKickedNotice(notice, {
      ...reader,
      groupEd25519PublicKey: admin.ed25519PublicKey,
    });
    expect(otherGroup).toEqual({ kicked: false });
  });

  it('refuses bad input when building', async () => {
    const { group, member1 } = await vectorKeys();
    const base = { groupEd25519SecretKey: group.ed25519SecretKey, removedSessionIds: [member1.sessionId] };
    await expect(buildKickedNotice({ ...base, generation: -1 })).rejects.toBeInstanceOf(GroupKeysError);
    await expect(buildKickedNotice({ ...base, removedSessionIds: [], generation: 0 })).rejects.toBeInstanceOf(
      GroupKeysError,
    );
    await expect(
      buildKickedNotice({ ...base, removedSessionIds: ['03' + '00'.repeat(32)], generation: 0 }),
    ).rejects.toBeInstanceOf(GroupKeysError);
  });
});
