// The whole user config chain (protocol-config-groups.md §4) against §8.5, §8.12 and a captured
// message. It sits in core/ because it needs a real zstd (core/config/zstdCompressor.ts).
import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8Encode } from '../../shared/protocol/bytes';
import { compressIfSmaller } from '../../shared/protocol/config/configCompression';
import { decryptConfig, encryptConfig } from '../../shared/protocol/config/configEncryption';
import { MultipartAssembler } from '../../shared/protocol/config/configMultipart';
import { padConfig } from '../../shared/protocol/config/configPadding';
import {
  openUserConfig,
  sealUserConfig,
  type ConfigOwnerKeys,
} from '../../shared/protocol/config/configPipeline';
import { unwrapUserConfigOnce, wrapUserConfig } from '../../shared/protocol/config/configWrapping';
import { deriveIdentityKeys } from '../../shared/protocol/identity/keys';
import { readVector } from '../../test/vectors';
import { zstdCompressor } from './zstdCompressor';

const hash = (bytes: Uint8Array): string => toHex(blake2b(bytes, { dkLen: 32 }));
const btString = (bytes: Uint8Array): Uint8Array => concatBytes(utf8Encode(`${bytes.length}:`), bytes);
const text = (value: string): Uint8Array => utf8Encode(value);

// §8.5: seed 0123456789abcdef0123456789abcdef + 16 zero bytes.
const userSeed = concatBytes(fromHex('0123456789abcdef0123456789abcdef'), new Uint8Array(16));
const otherSeed = new Uint8Array(32).fill(7);
const emptyConfig = text('d1:#i0e1:&de1:<le1:=dee');
const emptyConfigHash = fromHex('ea173b57beca8af18c3519a7bbf69c3e7a05d1c049fa9558341d8ebb48b0c965');

async function owner(seed: Uint8Array = userSeed): Promise<ConfigOwnerKeys> {
  return deriveIdentityKeys(seed);
}

async function open(stored: Uint8Array, kind: Parameters<typeof openUserConfig>[1], keys: ConfigOwnerKeys) {
  return openUserConfig(stored, kind, keys, zstdCompressor, new MultipartAssembler());
}

// §8.12 Contacts seqno 1: one contact 05 + 11×32 = {A:1, N:"Joey", a:1, j:1700000000, n:"Joe"}.
function contactsPlaintext(): Uint8Array {
  const id = concatBytes(Uint8Array.of(5), new Uint8Array(32).fill(0x11));
  return concatBytes(
    text('d1:#i1e1:&d1:cd'),
    btString(id),
    text('d1:Ai1e1:N4:Joey1:ai1e1:ji1700000000e1:n3:Joeeee1:<lli0e'),
    btString(emptyConfigHash),
    text('deee1:=d1:cd'),
    btString(id),
    text('d1:A0:1:N0:1:a0:1:j0:1:n0:eeee'),
  );
}

// §8.12 UserGroups seqno 1: group 03 + gpk(§8.7) = {K:"", j:1700000000, n:"tomatosauce", s:<auth §8.7>}.
function userGroupsPlaintext(): Uint8Array {
  const id = fromHex('03c50cb3ae956947a8de19135b5be2685ff348afc63fc34a837aca12bc5c1f5625');
  const auth = fromHex(
    '03030000013cb83a207d36c574aefe7dc51a5d1c3ad69d17f6c8d1c9398bee1180f8770ae9baefbffda37dc88100979128c1927a93492ee965cab5551e28f254313ef060b939cf3d50dc6336bab59155753fea6450844339ec36e2048b1602d97dd97e05',
  );
  return concatBytes(
    text('d1:#i1e1:&d1:gd'),
    btString(id),
    text('d1:K0:1:ji1700000000e1:n11:tomatosauce1:s'),
    btString(auth),
    text('eee1:<lli0e'),
    btString(emptyConfigHash),
    text('deee1:=d1:gd'),
    btString(id),
    text('d1:K0:1:j0:1:n0:1:s0:eeee'),
  );
}

describe('sealUserConfig vectors', () => {
  it('§8.5: the empty seqno-0 UserProfile, byte for byte', async () => {
    const keys = await owner();
    const sealed = await sealUserConfig(emptyConfig, 0, 'userProfile', keys, zstdCompressor);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.length).toBe(432);
    expect(toHex(sealed[0]!)).toBe(readVector('config-userprofile-push-empty.hex').trim());
  });

  it('§8.12: Contacts seqno 1 is compressed, encrypted and wrapped as derived', async () => {
    const plaintext = contactsPlaintext();
    expect(plaintext.length).toBe(220);
    expect(hash(plaintext)).toBe('dd1483b5f225f6143c740fa0a8920bf6e544bcd61848b28c6190846f6d98ccca');
    const compressed = compressIfSmaller(plaintext, zstdCompressor);
    expect(compressed[0]).toBe(0x7a);
    expect(compressed.length).toBe(147);
    const keys = await owner();
    const ciphertext = await encryptConfig(padConfig(compressed), keys.seed, 'Contacts');
    expect(ciphertext.length).toBe(256);
    expect(hash(ciphertext)).toBe('8d0aeeb7d010ecf8a5b37035ce1e911b7e912a0d1f120f6645078a66897cb80e');
    expect(toHex(ciphertext.subarray(-24))).toBe('41a4a9719b743d38cd6cde484ad93fc028091cae3983e325');
    const [wrapped] = await sealUserConfig(plaintext, 1, 'contacts', keys, zstdCompressor);
    expect(wrapped!.length).toBe(432);
    expect(hash(wrapped!)).toBe('252616350472ba748b9e82a9e2638b0469c8dcba446c706f4e36e98816a330f9');
    expect(await open(wrapped!, 'contacts', keys)).toEqual({ complete: true, plaintext });
  });

  it('§8.12: UserGroups seqno 1 is compressed, encrypted and wrapped as derived', async () => {
    const plaintext = userGroupsPlaintext();
    expect(plaintext.length).toBe(315);
    expect(hash(plaintext)).toBe('97575aa915b6c78b0dd658ef6bac3f6d55d82f05fc0743516e15eda9e6e6b4b3');
    const compressed = compressIfSmaller(plaintext, zstdCompressor);
    expect(compressed.length).toBe(280);
    const keys = await owner();
    const ciphertext = await encryptConfig(padConfig(compressed), keys.seed, 'UserGroups');
    expect(ciphertext.length).toBe(512);
    expect(hash(ciphertext)).toBe('5d5b20be7c4f8ec3da553d9a3cfd021af8cbf0ab79a8a6f84b492ae8e0746656');
    const [wrapped] = await sealUserConfig(plaintext, 1, 'userGroups', keys, zstdCompressor);
    expect(wrapped!.length).toBe(688);
    expect(hash(wrapped!)).toBe('dc42fe075896b170dd4b59c1da5104e27bc2e2eea82ac40297fed3e244b94aa9');
    expect(await open(wrapped!, 'userGroups', keys)).toEqual({ complete: true, plaintext });
  });
});

describe('openUserConfig', () => {
  it('opens the captured UserProfile message of a real account (seqno 4)', async () => {
    const keys = await owner(fromHex('f887566576de6c16d9ec251d55e24c14'));
    const stored = fromHex(readVector('captured-config-message.hex').trim());
    const opened = await open(stored, 'userProfile', keys);
    expect(opened.complete).toBe(true);
    const plaintext = opened.complete ? String.fromCharCode(...opened.plaintext) : '';
    // Seqno 4; data {+: -1 (hidden Note to Self), n: "Test1"}; lags 0–3, the first being the empty
    // seqno-0 message; no own diff.
    expect(plaintext.startsWith('d1:#i4e1:&d1:+i-1e1:n5:Test1e1:<lli0e32:')).toBe(true);
    expect(plaintext.slice(40, 72)).toBe(String.fromCharCode(...emptyConfigHash));
    expect(plaintext.match(/li[0-9]e32:/g)).toEqual(['li0e32:', 'li1e32:', 'li2e32:', 'li3e32:']);
    expect(plaintext.endsWith('e1:=dee')).toBe(true);
  });

  it('round-trips every kind, raw, wrapped and double wrapped', async () => {
    const keys = await owner();
    const plaintext = contactsPlaintext();
    for (const kind of ['userProfile', 'contacts', 'conversationInfoVolatile', 'userGroups'] as const) {
      const [wrapped] = await sealUserConfig(plaintext, 3, kind, keys, zstdCompressor);
      expect(await open(wrapped!, kind, keys)).toEqual({ complete: true, plaintext });
      const once = await unwrapUserConfigOnce(wrapped!, kind, keys);
      expect(once.unwrapped).toBe(true);
      const raw = once.unwrapped ? once.data : new Uint8Array();
      expect(await open(raw, kind, keys)).toEqual({ complete: true, plaintext });
      const doubled = await wrapUserConfig(wrapped!, 3, kind, keys);
      expect(await open(doubled, kind, keys)).toEqual({ complete: true, plaintext });
    }
  });

  it('reports wrongKind when the wrapper names another namespace', async () => {
    const keys = await owner();
    const [wrapped] = await sealUserConfig(emptyConfig, 0, 'contacts', keys, zstdCompressor);
    await expect(open(wrapped!, 'userGroups', keys)).rejects.toMatchObject({ reason: 'wrongKind' });
  });

  it('refuses a raw ciphertext of another domain as undecryptable', async () => {
    const keys = await owner();
    const ciphertext = await encryptConfig(padConfig(emptyConfig), keys.seed, 'Contacts');
    await expect(open(ciphertext, 'userProfile', keys)).rejects.toMatchObject({ reason: 'undecryptable' });
  });

  it('refuses a message sealed for another account', async () => {
    const [wrapped] = await sealUserConfig(
      emptyConfig,
      0,
      'userProfile',
      await owner(otherSeed),
      zstdCompressor,
    );
    await expect(open(wrapped!, 'userProfile', await owner())).rejects.toMatchObject({
      reason: 'undecryptable',
    });
  });

  it('does not unwrap a box sealed to us by someone else', async () => {
    const keys = await owner();
    const stranger = await owner(otherSeed);
    const ciphertext = await encryptConfig(padConfig(emptyConfig), keys.seed, 'UserProfile');
    // A stranger's wrapper around our own valid ciphertext: the sender check refuses the wrapper.
    const content = await wrapUserConfig(ciphertext, 0, 'userProfile', {
      ...stranger,
      x25519PublicKey: keys.x25519PublicKey,
    });
    expect((await unwrapUserConfigOnce(content, 'userProfile', keys)).unwrapped).toBe(false);
    await expect(open(content, 'userProfile', keys)).rejects.toMatchObject({ reason: 'undecryptable' });
  });

  it('refuses truncated, empty and oversized inputs with typed errors', async () => {
    const keys = await owner();
    const [wrapped] = await sealUserConfig(emptyConfig, 0, 'userProfile', keys, zstdCompressor);
    for (const length of [0, 1, 39, 40, 100, wrapped!.length - 1]) {
      await expect(open(wrapped!.subarray(0, length), 'userProfile', keys)).rejects.toMatchObject({
        reason: 'undecryptable',
      });
    }
    await expect(open(new Uint8Array(200_000), 'userProfile', keys)).rejects.toMatchObject({
      reason: 'oversized',
    });
  });

  it('refuses a decrypted body that is not a config message', async () => {
    const keys = await owner();
    const ciphertext = await encryptConfig(padConfig(text('l1:ae')), keys.seed, 'UserProfile');
    await expect(open(ciphertext, 'userProfile', keys)).rejects.toMatchObject({ reason: 'malformed' });
    const badZstd = await encryptConfig(padConfig(text('zzzzzzzzzz')), keys.seed, 'UserProfile');
    await expect(open(badZstd, 'userProfile', keys)).rejects.toMatchObject({ reason: 'malformed' });
  });

  it('refuses a compressed bomb as oversized', async () => {
    const keys = await owner();
    const huge = concatBytes(
      text('d1:#i1e1:&d1:x'),
      text('16777216:'),
      new Uint8Array(16 * 1024 * 1024),
      text('ee'),
    );
    const bomb = compressIfSmaller(huge, zstdCompressor);
    expect(bomb.length).toBeLessThan(2048);
    const ciphertext = await encryptConfig(padConfig(bomb), keys.seed, 'UserProfile');
    await expect(open(ciphertext, 'userProfile', keys)).rejects.toMatchObject({ reason: 'oversized' });
  });

  it('refuses to seal bytes that are not a config message', async () => {
    await expect(sealUserConfig(text('x'), 0, 'userProfile', await owner(), zstdCompressor)).rejects.toThrow(
      RangeError,
    );
  });

  it('decrypts the §8.5 ciphertext to the padded empty config', async () => {
    const keys = await owner();
    const once = await unwrapUserConfigOnce(
      fromHex(readVector('config-userprofile-push-empty.hex').trim()),
      'userProfile',
      keys,
    );
    const data = once.unwrapped ? once.data : new Uint8Array();
    expect(data.length).toBe(256);
    const padded = await decryptConfig(data, keys.seed, 'UserProfile');
    expect(padded.length).toBe(216);
    expect(padded.subarray(216 - emptyConfig.length)).toEqual(emptyConfig);
  });
});

describe('multipart seal and open', () => {
  it('splits a config whose padded form passes 76 800 bytes, and reassembles it from raw parts', async () => {
    const keys = await owner();
    // Random-looking bytes do not compress, so the config stays large.
    let state = 0x9e3779b9;
    const filler = new Uint8Array(120_000).map(() => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 0xff;
    });
    const plaintext = concatBytes(text('d1:#i1e1:&d1:x'), text(`${filler.length}:`), filler, text('ee'));
    const sealed = await sealUserConfig(plaintext, 1, 'userProfile', keys, zstdCompressor);
    expect(sealed.length).toBe(2);
    for (const part of sealed) expect(part.length).toBeLessThanOrEqual(76_800);
    const parts = new MultipartAssembler();
    expect(await openUserConfig(sealed[1]!, 'userProfile', keys, zstdCompressor, parts)).toEqual({
      complete: false,
    });
    expect(await openUserConfig(sealed[0]!, 'userProfile', keys, zstdCompressor, parts)).toEqual({
      complete: true,
      plaintext,
    });
  });
});
