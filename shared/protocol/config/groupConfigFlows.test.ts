// Admin and member code paths of the group configs (protocol-config-groups.md §3 step 4, §6.3,
// §6.4, §9 "keeping the admin and member code paths separate"): admins merge and sign, members only
// verify and take the best message, and cannot edit.
import { describe, expect, it } from 'vitest';
import { zstdCompressor } from '../../../core/config/zstdCompressor';
import { fromHex, toHex } from '../bytes';
import { loadSodium } from '../sodium';
import { ConfigBase, type ConfigSigning, type ReceivedConfig } from './configBase';
import { compareSeqnoHash, ConfigMessage } from './configMessage';
import { isConfigReadOnlyError } from './configReadOnlyError';
import { groupConfigSigning, openGroupConfig, sealGroupConfig } from './groupConfigPipeline';
import { readGroupInfo, updateGroupInfo } from './types/groupInfo';
import { addGroupMember, readGroupMembers, setInviteSent } from './types/groupMembers';

const groupSeed = fromHex('0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210');
const encKey = fromHex('c46568d9431515236220e362eab1e096061be67f47cb6cb35e9c9fc60818d830');
const memberId = '05ece06dd8e02fb2f7d9497f956a1996e199953c651f4016a2f79a3b3e38d55628';

interface Group {
  readonly admin: ConfigSigning;
  readonly member: ConfigSigning;
  readonly secretKey: Uint8Array;
}

async function group(seed = groupSeed): Promise<Group> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_sign_seed_keypair(seed);
  return {
    admin: await groupConfigSigning(pair.publicKey, pair.privateKey),
    member: await groupConfigSigning(pair.publicKey),
    secretKey: pair.privateKey,
  };
}

function received(hash: string, config: ConfigBase): ReceivedConfig {
  const push = config.push();
  config.confirmPushed(push.seqno, hash);
  return { hash, plaintext: push.plaintext };
}

/** Two admins who both start from `base` and then change the name differently. */
async function conflictingAdmins(): Promise<{
  base: ReceivedConfig;
  first: ReceivedConfig;
  second: ReceivedConfig;
}> {
  const { admin } = await group();
  const origin = ConfigBase.empty(admin);
  origin.edit((data) => updateGroupInfo(data, { name: 'base', createdSeconds: 1_700_000_000 }));
  const base = received('base', origin);
  const [one, two] = [ConfigBase.empty(admin), ConfigBase.empty(admin)];
  one.merge([base]);
  two.merge([base]);
  one.edit((data) => updateGroupInfo(data, { name: 'from one' }));
  two.edit((data) => updateGroupInfo(data, { description: 'from two' }));
  return { base, first: received('first', one), second: received('second', two) };
}

function best(...configs: ReceivedConfig[]): ReceivedConfig {
  return configs.reduce((left, right) =>
    compareSeqnoHash(ConfigMessage.parse(left.plaintext), ConfigMessage.parse(right.plaintext)) >= 0
      ? left
      : right,
  );
}

describe('a member merging two admins who conflict', () => {
  it('takes the highest (seqno, hash) message as it is, in either order, and stays clean', async () => {
    const { member } = await group();
    const { base, first, second } = await conflictingAdmins();
    const winner = best(first, second);
    for (const order of [
      [base, first, second],
      [second, first, base],
    ]) {
      const config = ConfigBase.empty(member);
      expect(config.merge(order).sort()).toEqual(['base', 'first', 'second']);
      expect(config.seqno).toBe(2);
      expect(config.state).toBe('clean');
      expect(config.needsPush()).toBe(false);
      expect(config.currentHashes).toEqual([winner.hash]);
      expect(toHex(config.push().plaintext)).toBe(toHex(winner.plaintext));
    }
  });

  it('keeps the better message it holds and moves to a better one that arrives later', async () => {
    const { member } = await group();
    const { base, first, second } = await conflictingAdmins();
    const winner = best(first, second);
    const loser = winner === first ? second : first;

    const holdsWinner = ConfigBase.empty(member);
    holdsWinner.merge([base, winner]);
    holdsWinner.merge([loser]);
    expect(holdsWinner.currentHashes).toEqual([winner.hash]);

    const holdsLoser = ConfigBase.empty(member);
    holdsLoser.merge([base, loser]);
    expect(holdsLoser.currentHashes).toEqual([loser.hash]);
    holdsLoser.merge([winner]);
    expect(holdsLoser.currentHashes).toEqual([winner.hash]);
    expect(holdsLoser.state).toBe('clean');
  });

  it('while an admin merges both into a signed seqno 3, which the member then takes', async () => {
    const { admin, member } = await group();
    const { base, first, second } = await conflictingAdmins();
    const third = ConfigBase.empty(admin);
    third.merge([base, first, second]);
    expect(third.state).toBe('dirty');
    expect(third.seqno).toBe(3);
    expect(readGroupInfo(third.data)).toMatchObject({ name: 'from one', description: 'from two' });
    const merged = received('merged', third);
    expect(() => ConfigMessage.parse(merged.plaintext, member.verify)).not.toThrow();

    const config = ConfigBase.empty(member);
    config.merge([first, second]);
    config.merge([merged]);
    expect(config.currentHashes).toEqual(['merged']);
    expect(readGroupInfo(config.data)).toMatchObject({ name: 'from one', description: 'from two' });
  });
});

describe('signatures', () => {
  it('refuses an unsigned message, one signed by another group and a damaged signature', async () => {
    const { admin, member } = await group();
    const { admin: stranger } = await group(new Uint8Array(32).fill(3));
    const unsigned = ConfigBase.empty();
    unsigned.edit((data) => updateGroupInfo(data, { name: 'unsigned' }));
    const foreign = ConfigBase.empty(stranger);
    foreign.edit((data) => updateGroupInfo(data, { name: 'foreign' }));
    const real = ConfigBase.empty(admin);
    real.edit((data) => updateGroupInfo(data, { name: 'real' }));
    const damaged = real.push().plaintext.slice();
    damaged[damaged.length - 2]! ^= 0x10;
    const payloadFlipped = real.push().plaintext.slice();
    payloadFlipped[20]! ^= 0x01;

    for (const signing of [member, admin]) {
      const config = ConfigBase.empty(signing);
      const accepted = config.merge([
        { hash: 'unsigned', plaintext: unsigned.push().plaintext },
        { hash: 'foreign', plaintext: foreign.push().plaintext },
        { hash: 'damaged', plaintext: damaged },
        { hash: 'flipped', plaintext: payloadFlipped },
      ]);
      expect(accepted).toEqual([]);
      expect(config.seqno).toBe(0);
      expect(readGroupInfo(config.data).name).toBeNull();
    }
  });
});

describe('admin edit → push → member', () => {
  it('opens with the key list, verifies and reads the admin’s edit', async () => {
    const { admin, member } = await group();
    const info = ConfigBase.empty(admin);
    info.edit((data) => updateGroupInfo(data, { name: 'tomatosauce', disappearingSeconds: 3600 }));
    const members = ConfigBase.empty(admin);
    members.edit((data) => {
      addGroupMember(data, memberId, { name: 'Member One' });
      setInviteSent(data, memberId);
    });
    const infoPush = info.push();
    const membersPush = members.push();
    const [storedInfo] = await sealGroupConfig(infoPush.plaintext, 'groupInfo', encKey, zstdCompressor);
    const [storedMembers] = await sealGroupConfig(
      membersPush.plaintext,
      'groupMembers',
      encKey,
      zstdCompressor,
    );

    // The member knows a newer pending key and an older one too (§6.2 "Key order").
    const keys = [new Uint8Array(32).fill(8), encKey, new Uint8Array(32).fill(7)];
    const openedInfo = await openGroupConfig(storedInfo!, 'groupInfo', keys, zstdCompressor);
    const openedMembers = await openGroupConfig(storedMembers!, 'groupMembers', keys, zstdCompressor);
    if (!openedInfo.complete || !openedMembers.complete) throw new Error('not complete');

    const memberInfo = ConfigBase.empty(member);
    const memberMembers = ConfigBase.empty(member);
    expect(memberInfo.merge([{ hash: 'i1', plaintext: openedInfo.plaintext }])).toEqual(['i1']);
    expect(memberMembers.merge([{ hash: 'm1', plaintext: openedMembers.plaintext }])).toEqual(['m1']);
    expect(readGroupInfo(memberInfo.data)).toMatchObject({ name: 'tomatosauce', disappearingSeconds: 3600 });
    expect(readGroupMembers(memberMembers.data)).toEqual([
      expect.objectContaining({ sessionId: memberId, name: 'Member One', invite: 'sent', admin: false }),
    ]);
  });
});

describe('a member cannot edit', () => {
  it('throws a ConfigReadOnlyError without running the change, and the config is unchanged', async () => {
    const { admin, member } = await group();
    const origin = ConfigBase.empty(admin);
    origin.edit((data) => updateGroupInfo(data, { name: 'tomatosauce' }));
    const config = ConfigBase.empty(member);
    config.merge([received('h1', origin)]);
    expect(config.isReadOnly).toBe(true);
    let called = false;
    const error = (() => {
      try {
        config.edit((data) => {
          called = true;
          updateGroupInfo(data, { name: 'mine' });
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isConfigReadOnlyError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'configReadOnly' });
    expect(called).toBe(false);
    expect(config.state).toBe('clean');
    expect(config.seqno).toBe(1);
    expect(readGroupInfo(config.data).name).toBe('tomatosauce');
    expect(ConfigBase.empty(admin).isReadOnly).toBe(false);
    expect(ConfigBase.empty().isReadOnly).toBe(false);
  });
});
