// Hostile input to the group engine on a real devnet: a member (Bob) or anyone who can write to the
// group's swarm stores hand-made Keys, Info, Members, messages, kicked notices and garbage there.
// Each case checks that the victims' state does not change, that polling goes on, and that the
// engine counts the drop where it counts drops. The tests in this file depend on each other: they
// share one group, and Bob is removed in the kicked-notice case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';
import { concatBytes, randomBytes, toHex } from '../../shared/protocol/bytes';
import { ConfigBase, type ConfigSigning } from '../../shared/protocol/config/configBase';
import type { GroupConfigKind } from '../../shared/protocol/config/groupConfigKinds';
import { groupConfigSigning, sealGroupConfig } from '../../shared/protocol/config/groupConfigPipeline';
import { updateGroupInfo } from '../../shared/protocol/config/types/groupInfo';
import { addGroupMember, eraseGroupMember } from '../../shared/protocol/config/types/groupMembers';
import { encryptGroupMessage } from '../../shared/protocol/groups/groupMessage';
import { buildRekeyMessage } from '../../shared/protocol/groups/keyMessage';
import { buildKickedNotice } from '../../shared/protocol/groups/kickedNotice';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { encodeContent, encodeEnvelope, SessionProtos } from '../../shared/protocol/messages/codec';
import { loadSodium } from '../../shared/protocol/sodium';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import { zstdCompressor } from '../config/zstdCompressor';
import { storeMessage } from '../network/storeMessage';
import type { Groups, GroupsOptions } from './groups';

let harness: EngineHarness;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let groupId: string;
let markers = 0;

beforeAll(async () => {
  harness = await EngineHarness.start({ nodes: 6 });
  [alice, bob, carol] = await Promise.all([
    harness.user('alice'),
    harness.user('bob'),
    harness.user('carol'),
  ]);
  // Both know Alice, so her invites let them in at once.
  for (const member of [bob, carol]) {
    await member.engine.sendMessage({ conversationId: alice.sessionId, text: 'hi Alice' });
    await member.engine.sendingSettled();
  }
  const created = await alice.engine.createGroup({ name: 'Crag', members: [bob.sessionId, carol.sessionId] });
  groupId = created.id;
  await alice.engine.groupSettled(groupId);
  for (const member of [bob, carol]) {
    await receiveUntil(
      member,
      async () =>
        (await member.engine.getGroup({ groupId }).catch(() => undefined))?.members.length === 3 &&
        member.engine.groupDecryptionKeys(groupId).length > 0,
      60_000,
    );
  }
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

/** The engine's group module: the forger needs its keys and authority, as a modified client would. */
function groupsOf(user: TestUser): Groups {
  return (user.engine as unknown as { groups: Groups }).groups;
}

function identityOf(user: TestUser): IdentityKeys {
  return (groupsOf(user) as unknown as { options: GroupsOptions }).options.keys;
}

function objectsOf(user: TestUser) {
  return groupsOf(user).registry.objects(groupId)!;
}

/** Stores bytes in the group's swarm with `writer`'s authority there (member or admin). */
async function plant(writer: TestUser, namespace: number, data: Uint8Array): Promise<void> {
  await storeMessage(writer.engine.network, {
    pubkey: groupId,
    namespace,
    data,
    ttlMs: 10 * 60_000,
    authority: groupsOf(writer).authorityFor(groupId)!,
  });
}

function groupDrops(user: TestUser, reason: string): number {
  return user.engine.groupRejections[reason] ?? 0;
}

function messageDrops(user: TestUser, reason: string): number {
  return user.engine.receiveStatistics.rejected[reason] ?? 0;
}

async function bodies(user: TestUser): Promise<string[]> {
  const page = await user.engine.listMessages({ conversationId: groupId, limit: 100 });
  return page.messages.map((message) => message.body ?? '');
}

async function receivedText(user: TestUser, text: string): Promise<void> {
  await receiveUntil(user, async () => (await bodies(user)).includes(text), 45_000);
}

/**
 * A message from `sender` that each victim must receive. Stores are replicated to the whole swarm
 * before they are answered, and a poll handles the configs before the messages of its batch, so a
 * victim that shows the marker has handled everything planted before it.
 */
async function markerReached(sender: TestUser, victims: readonly TestUser[]): Promise<void> {
  markers += 1;
  const text = `marker ${markers}`;
  await sender.engine.sendMessage({ conversationId: groupId, text });
  await sender.engine.sendingSettled();
  for (const victim of victims) await receivedText(victim, text);
}

/** Both ways between the victims and the admin: the group still works for them. */
async function stillTalking(label: string): Promise<void> {
  await alice.engine.sendMessage({ conversationId: groupId, text: `${label}: from Alice` });
  await receivedText(carol, `${label}: from Alice`);
  await carol.engine.sendMessage({ conversationId: groupId, text: `${label}: from Carol` });
  await receivedText(alice, `${label}: from Carol`);
}

async function memberIds(user: TestUser): Promise<string[]> {
  return (await user.engine.getGroup({ groupId })).members.map((member) => member.sessionId).sort();
}

/** Signs configs with `secretKey` and verifies nothing: how a member forges an admin's config. */
async function signingWith(secretKey: Uint8Array): Promise<ConfigSigning> {
  const sodium = await loadSodium();
  return { verify: () => true, sign: (signed) => sodium.crypto_sign_detached(signed, secretKey) };
}

/** A config built from `dump` with `change` applied, signed by `signing`, sealed with `writer`'s key. */
async function forgedConfig(
  writer: TestUser,
  kind: GroupConfigKind,
  dump: Uint8Array,
  signing: ConfigSigning,
  change: Parameters<ConfigBase['edit']>[0],
): Promise<Uint8Array> {
  const config = ConfigBase.fromDump(dump, signing);
  expect(config.edit(change)).toBe(true);
  const [sealed] = await sealGroupConfig(
    config.push().plaintext,
    kind,
    objectsOf(writer).keyring.encryptionKey()!,
    zstdCompressor,
  );
  return sealed!;
}

describe('hostile input to closed groups', () => {
  it('ignores a Keys message signed by a member, and the member still reads and sends', async () => {
    const keysBefore = carol.engine.groupDecryptionKeys(groupId).map(toHex);
    const dropsBefore = groupDrops(carol, 'badSignature');
    const objects = objectsOf(bob);
    // Bob's seed in place of the group's: the keys open for every member, the signature is Bob's.
    const forged = await buildRekeyMessage({
      groupEd25519SecretKey: concatBytes(identityOf(bob).seed, objects.publicKey),
      memberSessionIds: [alice.sessionId, bob.sessionId, carol.sessionId],
      generation: objects.keyring.currentGeneration() + 1,
    });
    await plant(bob, namespaces.groupKeys, forged.message);
    await receiveUntil(carol, () => groupDrops(carol, 'badSignature') > dropsBefore);
    expect(carol.engine.groupDecryptionKeys(groupId).map(toHex)).toEqual(keysBefore);
    expect(keysBefore).not.toContain(toHex(forged.encryptionKey));
    await stillTalking('after forged keys');
    expect(carol.engine.groupDecryptionKeys(groupId).map(toHex)).toEqual(keysBefore);
  }, 120_000);

  it('ignores an Info config signed by a member: the name stays', async () => {
    const forged = await forgedConfig(
      bob,
      'groupInfo',
      objectsOf(bob).dumps().info,
      await signingWith(identityOf(bob).ed25519SecretKey),
      (data) => updateGroupInfo(data, { name: 'Hijacked' }),
    );
    await plant(bob, namespaces.groupInfo, forged);
    await markerReached(bob, [alice, carol]);
    for (const victim of [alice, carol]) {
      expect((await victim.engine.getGroup({ groupId })).name).toBe('Crag');
      expect((await victim.engine.getConversation({ conversationId: groupId })).displayName).toBe('Crag');
    }
  }, 120_000);

  it('ignores a Members config signed by a member: nobody is added or removed', async () => {
    const before = await memberIds(carol);
    const stranger = (await deriveIdentityKeys(randomBytes(32))).sessionId;
    const forged = await forgedConfig(
      bob,
      'groupMembers',
      objectsOf(bob).dumps().members,
      await signingWith(identityOf(bob).ed25519SecretKey),
      (data) => {
        addGroupMember(data, stranger);
        eraseGroupMember(data, carol.sessionId);
      },
    );
    await plant(bob, namespaces.groupMembers, forged);
    await markerReached(bob, [alice, carol]);
    expect(await memberIds(carol)).toEqual(before);
    expect(await memberIds(alice)).toEqual(before);
    expect((await carol.engine.getGroup({ groupId })).status).toBe('member');
  }, 120_000);

  it('does not roll the name back for a stale Info, though the admin signed it', async () => {
    // Alice's Info as it is now, kept to sign an older branch after two renames.
    const oldDump = objectsOf(alice).dumps().info;
    for (const name of ['Crag two', 'Crag three']) {
      await alice.engine.updateGroup({ groupId, name });
      await alice.engine.groupSettled(groupId);
      await receiveUntil(carol, async () => (await carol.engine.getGroup({ groupId })).name === name);
    }
    const adminSigning = await groupConfigSigning(
      objectsOf(alice).publicKey,
      objectsOf(alice).adminSecretKey,
    );
    // The old message itself (seqno N, re-signed to the same bytes) under the current key…
    const replay = ConfigBase.fromDump(oldDump, adminSigning);
    const [replayed] = await sealGroupConfig(
      replay.push().plaintext,
      'groupInfo',
      objectsOf(alice).keyring.encryptionKey()!,
      zstdCompressor,
    );
    // …and an edit of it (seqno N + 1, while the group is at N + 2) naming the group otherwise.
    const branch = await forgedConfig(alice, 'groupInfo', oldDump, adminSigning, (data) =>
      updateGroupInfo(data, { name: 'Rolled back' }),
    );
    await plant(alice, namespaces.groupInfo, replayed!);
    await plant(alice, namespaces.groupInfo, branch);
    await markerReached(alice, [carol]);
    await markerReached(bob, [alice]);
    for (const victim of [alice, carol]) {
      expect((await victim.engine.getGroup({ groupId })).name).toBe('Crag three');
    }
  }, 150_000);

  it('drops a message signed by one member claiming to be from another', async () => {
    const objects = objectsOf(bob);
    const dropsBefore = messageDrops(carol, 'badSignature');
    const envelope = (text: string, source?: string) =>
      encodeEnvelope({
        type: SessionProtos.Envelope.Type.CLOSED_GROUP_MESSAGE,
        timestamp: Date.now(),
        sourceDevice: 1,
        ...(source ? { source } : {}),
        content: encodeContent({ dataMessage: { body: text } }),
      });
    // Alice's public key as the sender, signed with Bob's seed: the signature cannot match it.
    const impersonated = await encryptGroupMessage({
      plaintext: envelope('Alice says: Carol is out'),
      groupEd25519PublicKey: objects.publicKey,
      encryptionKey: objects.keyring.encryptionKey()!,
      senderEd25519SecretKey: concatBytes(identityOf(bob).seed, identityOf(alice).ed25519PublicKey),
      compressor: zstdCompressor,
    });
    await plant(bob, namespaces.groupMessages, impersonated);
    await receiveUntil(carol, () => messageDrops(carol, 'badSignature') > dropsBefore);
    // Bob's own signature with Alice named in the envelope's `source`: it is Bob's, not Alice's.
    const claimed = await encryptGroupMessage({
      plaintext: envelope('Signed by Bob, naming Alice', alice.sessionId),
      groupEd25519PublicKey: objects.publicKey,
      encryptionKey: objects.keyring.encryptionKey()!,
      senderEd25519SecretKey: identityOf(bob).ed25519SecretKey,
      compressor: zstdCompressor,
    });
    await plant(bob, namespaces.groupMessages, claimed);
    await receivedText(carol, 'Signed by Bob, naming Alice');
    const lines = (await carol.engine.listMessages({ conversationId: groupId, limit: 100 })).messages;
    expect(lines.some((message) => message.body === 'Alice says: Carol is out')).toBe(false);
    expect(lines.find((message) => message.body === 'Signed by Bob, naming Alice')?.author).toBe(
      bob.sessionId,
    );
  }, 120_000);

  it('keeps a member in after kicked notices that are stale, for someone else, or not the group’s', async () => {
    const generationBefore = objectsOf(carol).keyring.currentGeneration();
    // Removing Bob rekeys the group, so that an older generation exists; his own notice is real.
    await alice.engine.removeGroupMembers({ groupId, members: [bob.sessionId] });
    await alice.engine.groupSettled(groupId);
    await receiveUntil(carol, () => objectsOf(carol).keyring.currentGeneration() > generationBefore);
    const generation = objectsOf(carol).keyring.currentGeneration();
    const adminKey = objectsOf(alice).adminSecretKey!;
    const stranger = (await deriveIdentityKeys(randomBytes(32))).sessionId;
    const notices = [
      // Carol, but of the generation before the rekey: from before she was (re)added.
      buildKickedNotice({
        groupEd25519SecretKey: adminKey,
        removedSessionIds: [carol.sessionId],
        generation: generation - 1,
      }),
      // The current generation, naming only someone else.
      buildKickedNotice({ groupEd25519SecretKey: adminKey, removedSessionIds: [stranger], generation }),
      // Carol, of a later generation, sealed by Bob's key rather than the group's.
      buildKickedNotice({
        groupEd25519SecretKey: identityOf(bob).ed25519SecretKey,
        removedSessionIds: [carol.sessionId],
        generation: generation + 1,
      }),
    ];
    for (const notice of await Promise.all(notices)) {
      await plant(alice, namespaces.groupRevokedRetrievable, notice);
    }
    await markerReached(alice, [carol]);
    expect((await carol.engine.getGroup({ groupId })).status).toBe('member');
    expect((await carol.engine.getConversation({ conversationId: groupId })).group?.status).toBe('member');
    const lines = (await carol.engine.listMessages({ conversationId: groupId, limit: 100 })).messages;
    expect(lines.some((message) => message.control?.kind === 'removedYou')).toBe(false);
    await stillTalking('after stale notices');
  }, 150_000);

  it('ignores garbage and truncated messages in namespaces 11 to 14, and polling goes on', async () => {
    const groupNamespaces = [
      namespaces.groupMessages,
      namespaces.groupKeys,
      namespaces.groupInfo,
      namespaces.groupMembers,
    ];
    const total = (counts: Readonly<Record<string, number>>) =>
      Object.values(counts).reduce((sum, count) => sum + count, 0);
    const groupBefore = [alice, carol].map((user) => total(user.engine.groupRejections));
    const messagesBefore = [alice, carol].map((user) => total(user.engine.receiveStatistics.rejected));
    const listsBefore = await Promise.all([alice, carol].map(async (user) => memberIds(user)));
    for (const namespace of groupNamespaces) {
      const [real] = await alice.engine.groupSwarmMessages(groupId, namespace);
      expect(real).toBeDefined();
      // Random bytes, and a real message cut short (one opens with no key, the other fails its tag).
      await plant(alice, namespace, randomBytes(300));
      await plant(alice, namespace, real!.data.subarray(0, Math.floor(real!.data.length / 2)));
    }
    // Two for each config namespace, each counted by the group module; two messages by the pipeline.
    for (const [index, user] of [alice, carol].entries()) {
      await receiveUntil(
        user,
        () =>
          total(user.engine.groupRejections) >= groupBefore[index]! + 6 &&
          total(user.engine.receiveStatistics.rejected) >= messagesBefore[index]! + 2,
      );
    }
    await stillTalking('after garbage');
    expect(await Promise.all([alice, carol].map(async (user) => memberIds(user)))).toEqual(listsBefore);
    expect((await carol.engine.getGroup({ groupId })).name).toBe('Crag three');
  }, 150_000);
});
