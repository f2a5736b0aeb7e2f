import { sha256 } from '@noble/hashes/sha2.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { BtWriter } from '../config/bencode';
import { concatBytes, fromHex, toHex, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { GroupKeysError } from './groupKeysError';
import { junkEntries, rekeyHash, sortedMemberIds } from './keyDerivation';
import {
  buildRekeyMessage,
  buildSupplementMessage,
  parseKeyMessage,
  type ParsedKeyMessage,
} from './keyMessage';
import { openKeyMessage } from './keyMessageOpen';
import { vectorKeys } from './testKeys';

// §8.9 (derived here from LS keys.cpp).
const vectorEncryptionKey = 'c46568d9431515236220e362eab1e096061be67f47cb6cb35e9c9fc60818d830';
const vectorNonce = '02e25274464f35d9da95c010ac8d115fb30fae0c172c1755';

async function vectorMessage() {
  const keys = await vectorKeys();
  const rekey = await buildRekeyMessage({
    groupEd25519SecretKey: keys.group.ed25519SecretKey,
    memberSessionIds: [keys.admin.sessionId, keys.member1.sessionId],
    generation: 0,
  });
  return { keys, rekey };
}

async function expectRefused(data: Uint8Array, groupPublicKey: Uint8Array, reason: string) {
  const error = await parseKeyMessage(data, groupPublicKey).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GroupKeysError);
  expect((error as GroupKeysError).reason).toBe(reason);
}

/** Re-signs a hand-built body, so that the test reaches the field checks behind the signature. */
async function signedBody(writer: BtWriter, groupSecretKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const body = writer.finish();
  const signature = sodium.crypto_sign_detached(body, groupSecretKey);
  return concatBytes(body, new BtWriter().key('~').bytes(signature).end().finish());
}

describe('Keys rekey message (§6.2, §8.9)', () => {
  it('reproduces the §8.9 vector', async () => {
    const { keys, rekey } = await vectorMessage();
    expect(keys.admin.sessionId).toBe('05f1e8b64bbf761edf8f7b47e3a1f369985644cce0a62adb8e21604474bdd49627');
    expect(keys.member1.sessionId).toBe('05ece06dd8e02fb2f7d9497f956a1996e199953c651f4016a2f79a3b3e38d55628');
    expect(toHex(rekey.encryptionKey)).toBe(vectorEncryptionKey);
    expect(toHex(rekey.nonce)).toBe(vectorNonce);
    expect(rekey.message.length).toBe(3992);
    expect(toHex(blake2b(rekey.message, { dkLen: 32 }))).toBe(
      'f8853ac2960f502910c728717c00f0bb70336e9d20d4ac7201f19741fa8bcbca',
    );
    expect(toHex(sha256(rekey.message))).toBe(
      '7e9dbfbbb6cacab1ff88ccb157523e43a9fff4053ed3397a6fddf2781e46370e',
    );
    const hex = toHex(rekey.message);
    expect(hex.startsWith('64313a2332343a02e25274')).toBe(true);
    expect(hex.slice(14 + 48, 14 + 48 + 34)).toBe('313a47693065313a4b34383ac82ccf533d');
    expect(hex.includes('1755313a47693065313a4b34383ac82ccf533dbdf5fc7e')).toBe(true);
  });

  it('lets the admin (seed) and member1 (own X25519 keys) recover enc_key, and no one else', async () => {
    const { keys, rekey } = await vectorMessage();
    const gpk = keys.group.ed25519PublicKey;
    const parsed = await parseKeyMessage(rekey.message, gpk);
    expect(parsed.kind).toBe('full');
    expect(parsed.generation).toBe(0);
    const asAdmin = await openKeyMessage(parsed, { role: 'admin', groupSeed: keys.group.seed }, gpk, 1000);
    expect(asAdmin.map((key) => toHex(key.key))).toEqual([vectorEncryptionKey]);
    expect(asAdmin[0]!.timestampMs).toBe(1000);
    for (const member of [keys.member1, keys.admin]) {
      const opened = await openKeyMessage(
        parsed,
        { role: 'member', x25519SecretKey: member.x25519SecretKey, x25519PublicKey: member.x25519PublicKey },
        gpk,
        1000,
      );
      expect(opened.map((key) => toHex(key.key))).toEqual([vectorEncryptionKey]);
    }
    const outsider = keys.member2;
    const none = await openKeyMessage(
      parsed,
      {
        role: 'member',
        x25519SecretKey: outsider.x25519SecretKey,
        x25519PublicKey: outsider.x25519PublicKey,
      },
      gpk,
      1000,
    );
    expect(none).toEqual([]);
    const wrongSeed = openKeyMessage(parsed, { role: 'admin', groupSeed: keys.member2.seed }, gpk, 1000);
    await expect(wrongSeed).rejects.toMatchObject({ reason: 'undecryptable' });
  });

  it('pads with the LibsodiumDRG ChaCha20-IETF keystream', async () => {
    const { keys } = await vectorMessage();
    const ids = sortedMemberIds([keys.admin.sessionId, keys.member1.sessionId]);
    const h1 = rekeyHash(keys.group.seed, ids, 0);
    const junk = await junkEntries(h1, keys.group.ed25519SecretKey, 73);
    const sodium = await loadSodium();
    const rngSeed = blake2b(concatBytes(h1, keys.group.ed25519SecretKey), {
      dkLen: 32,
      key: utf8Encode('SessionGroupJunkMembers'),
    });
    const keystream = sodium.crypto_stream_chacha20_ietf_xor(
      new Uint8Array(48 * 73),
      utf8Encode('LibsodiumDRG'),
      rngSeed,
    );
    expect(toHex(concatBytes(...junk))).toBe(toHex(keystream));
  });

  it('is deterministic, sorts and de-duplicates members, and changes with the generation', async () => {
    const { keys, rekey } = await vectorMessage();
    const again = await buildRekeyMessage({
      groupEd25519SecretKey: keys.group.ed25519SecretKey,
      memberSessionIds: [keys.member1.sessionId, keys.admin.sessionId, keys.member1.sessionId],
      generation: 0,
    });
    expect(toHex(again.message)).toBe(toHex(rekey.message));
    const next = await buildRekeyMessage({
      groupEd25519SecretKey: keys.group.ed25519SecretKey,
      memberSessionIds: [keys.admin.sessionId, keys.member1.sessionId],
      generation: 1,
    });
    expect(toHex(next.encryptionKey)).not.toBe(vectorEncryptionKey);
  });

  it('builds 150 entries for 76 members', async () => {
    const { keys } = await vectorKeys().then((k) => ({ keys: k }));
    const sodium = await loadSodium();
    const members = Array.from(
      { length: 76 },
      () => '05' + toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(sodium.crypto_sign_keypair().publicKey)),
    );
    const rekey = await buildRekeyMessage({
      groupEd25519SecretKey: keys.group.ed25519SecretKey,
      memberSessionIds: members,
      generation: 3,
    });
    const parsed = await parseKeyMessage(rekey.message, keys.group.ed25519PublicKey);
    expect(parsed.kind === 'full' && parsed.memberKeys.length).toBe(150);
  });

  it('refuses bad Session IDs when building', async () => {
    const { keys } = await vectorMessage();
    const build = (memberSessionIds: string[]) =>
      buildRekeyMessage({
        groupEd25519SecretKey: keys.group.ed25519SecretKey,
        memberSessionIds,
        generation: 0,
      });
    await expect(build(['05' + 'AB'.repeat(32)])).rejects.toBeInstanceOf(GroupKeysError);
    await expect(build(['03' + 'ab'.repeat(32)])).rejects.toBeInstanceOf(GroupKeysError);
    await expect(build(['05ab'])).rejects.toBeInstanceOf(GroupKeysError);
  });
});

describe('loading a Keys message refuses what LS refuses (§6.2 "Loading")', () => {
  it('refuses a forged signature, a wrong group, a flipped byte, truncation and trailing bytes', async () => {
    const { keys, rekey } = await vectorMessage();
    const gpk = keys.group.ed25519PublicKey;
    await expectRefused(rekey.message, keys.admin.ed25519PublicKey, 'badSignature');
    const forged = rekey.message.slice();
    forged[forged.length - 10]! ^= 0x01;
    await expectRefused(forged, gpk, 'badSignature');
    const flippedKey = rekey.message.slice();
    flippedKey[100]! ^= 0x01;
    await expectRefused(flippedKey, gpk, 'badSignature');
    await expectRefused(rekey.message.subarray(0, rekey.message.length - 1), gpk, 'malformed');
    await expectRefused(rekey.message.subarray(0, 2000), gpk, 'malformed');
    await expectRefused(concatBytes(rekey.message, utf8Encode('e')), gpk, 'malformed');
    await expectRefused(new Uint8Array(0), gpk, 'malformed');
    await expectRefused(utf8Encode('le'), gpk, 'malformed');
  });

  it('checks every field of a full message behind a valid signature', async () => {
    const { keys, rekey } = await vectorMessage();
    const gsk = keys.group.ed25519SecretKey;
    const gpk = keys.group.ed25519PublicKey;
    const parsed = (await parseKeyMessage(rekey.message, gpk)) as Extract<ParsedKeyMessage, { kind: 'full' }>;
    type Variation = {
      nonce?: Uint8Array;
      generation?: bigint | null;
      adminKey?: Uint8Array | null;
      keys?: Uint8Array[] | null;
    };
    const build = (variation: Variation) => {
      const writer = new BtWriter()
        .startDict()
        .key('#')
        .bytes(variation.nonce ?? parsed.nonce);
      if (variation.generation !== null) writer.key('G').integer(variation.generation ?? 0n);
      if (variation.adminKey !== null) writer.key('K').bytes(variation.adminKey ?? parsed.adminKey);
      if (variation.keys !== null) {
        writer.key('k').startList();
        for (const entry of variation.keys ?? parsed.memberKeys) writer.bytes(entry);
        writer.end();
      }
      return signedBody(writer, gsk);
    };
    expect((await parseKeyMessage(await build({}), gpk)).kind).toBe('full');
    await expectRefused(await build({ nonce: new Uint8Array(23) }), gpk, 'malformed');
    await expectRefused(await build({ generation: null }), gpk, 'malformed');
    await expectRefused(await build({ generation: -1n }), gpk, 'malformed');
    await expectRefused(await build({ adminKey: null }), gpk, 'malformed');
    await expectRefused(await build({ adminKey: new Uint8Array(47) }), gpk, 'malformed');
    await expectRefused(await build({ keys: null }), gpk, 'malformed');
    await expectRefused(await build({ keys: parsed.memberKeys.slice(0, 74) }), gpk, 'malformed');
    const shortEntry = [...parsed.memberKeys.slice(0, 74), new Uint8Array(49)];
    await expectRefused(await build({ keys: shortEntry }), gpk, 'malformed');
    const unsigned = new BtWriter().startDict().key('#').bytes(parsed.nonce).key('G').integer(0n);
    unsigned.key('K').bytes(parsed.adminKey).key('k').startList();
    for (const entry of parsed.memberKeys) unsigned.bytes(entry);
    await expectRefused(unsigned.end().end().finish(), gpk, 'badSignature');
    const shortSignature = concatBytes(
      rekey.message.subarray(0, rekey.message.length - 71),
      utf8Encode('1:~63:'),
      new Uint8Array(63),
      utf8Encode('e'),
    );
    await expectRefused(shortSignature, gpk, 'badSignature');
  });
});

describe('Keys supplemental message (§6.2)', () => {
  const history = [
    { generation: 0, key: fromHex('11'.repeat(32)), timestampMs: 1_700_000_000_000 },
    { generation: 1, key: fromHex('22'.repeat(32)), timestampMs: 1_700_000_500_000 },
  ];

  it('gives every listed member the whole key history, and nothing to admins or others', async () => {
    const keys = await vectorKeys();
    const gpk = keys.group.ed25519PublicKey;
    const message = await buildSupplementMessage({
      groupEd25519SecretKey: keys.group.ed25519SecretKey,
      memberSessionIds: [keys.member2.sessionId, keys.member1.sessionId],
      keys: history,
    });
    expect(toHex(message.subarray(0, 7))).toBe(toHex(utf8Encode('d1:#24:')));
    const parsed = await parseKeyMessage(message, gpk);
    expect(parsed.kind).toBe('supplement');
    expect(parsed.generation).toBe(1);
    for (const member of [keys.member1, keys.member2]) {
      const opened = await openKeyMessage(
        parsed,
        { role: 'member', x25519SecretKey: member.x25519SecretKey, x25519PublicKey: member.x25519PublicKey },
        gpk,
        5,
      );
      expect(opened.map((key) => ({ ...key, key: toHex(key.key) }))).toEqual(
        history.map((key) => ({ ...key, key: toHex(key.key) })),
      );
    }
    const admin = keys.admin;
    const forOther = await openKeyMessage(
      parsed,
      { role: 'member', x25519SecretKey: admin.x25519SecretKey, x25519PublicKey: admin.x25519PublicKey },
      gpk,
      5,
    );
    expect(forOther).toEqual([]);
    expect(await openKeyMessage(parsed, { role: 'admin', groupSeed: keys.group.seed }, gpk, 5)).toEqual([]);
  });

  it('hashes the IDs in the order given', async () => {
    const keys = await vectorKeys();
    const build = (ids: string[]) =>
      buildSupplementMessage({
        groupEd25519SecretKey: keys.group.ed25519SecretKey,
        memberSessionIds: ids,
        keys: history,
      });
    const forward = await build([keys.member1.sessionId, keys.member2.sessionId]);
    const backward = await build([keys.member2.sessionId, keys.member1.sessionId]);
    expect(toHex(forward.subarray(7, 31))).not.toBe(toHex(backward.subarray(7, 31)));
  });

  it('refuses short entries, a missing G, and building without keys', async () => {
    const keys = await vectorKeys();
    const gsk = keys.group.ed25519SecretKey;
    const gpk = keys.group.ed25519PublicKey;
    const supplement = (entryLength: number, withGeneration: boolean) => {
      const writer = new BtWriter().startDict().key('#').bytes(new Uint8Array(24)).key('+').startList();
      writer.bytes(new Uint8Array(entryLength)).end();
      if (withGeneration) writer.key('G').integer(0n);
      return signedBody(writer, gsk);
    };
    expect((await parseKeyMessage(await supplement(68, true), gpk)).kind).toBe('supplement');
    await expectRefused(await supplement(67, true), gpk, 'malformed');
    await expectRefused(await supplement(68, false), gpk, 'malformed');
    await expect(
      buildSupplementMessage({
        groupEd25519SecretKey: gsk,
        memberSessionIds: [keys.member1.sessionId],
        keys: [],
      }),
    ).rejects.toMatchObject({ reason: 'invalidInput' });
  });
});
