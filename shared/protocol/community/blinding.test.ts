// 15-blinding (protocol-messages.md §6.3) against the vectors of §7: libsession's test_blinding.cpp,
// desktop's OpenGroupAuthentication and knownBlindedKeys tests, and pysogs' test_blinding.py.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import {
  blindedIdCandidates,
  blindedIdMatches,
  blindedKeyPair,
  blindedSessionId,
  signBlinded,
  verifyBlindedSignature,
} from './blinding';

async function secretKeyOf(seedHex: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_sign_seed_keypair(fromHex(seedHex)).privateKey;
}

async function sessionIdOf(seedHex: string): Promise<string> {
  const sodium = await loadSodium();
  const { publicKey } = sodium.crypto_sign_seed_keypair(fromHex(seedHex));
  return `05${toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(publicKey))}`;
}

const libsessionServer = fromHex('abcdef0123456789'.repeat(4));
const seed1 = 'fecd9a6034bc9aba273925dee7062b123334587c3c6257341afae2d7fe85e122';
const seed2 = '8659efdcbe0949e0f81141e6d397e8be75f45d09262f209d5950e97989eb43c7';

describe('15-blinded IDs', () => {
  it('are those of libsession’s test for a positive and a negative key', async () => {
    expect(await blindedSessionId(await secretKeyOf(seed1), libsessionServer)).toBe(
      '15b74ed205f1f931e1bb1291183778a9456b835937d923b0f2e248aa3a44c07844',
    );
    // seed2's Ed25519 key is negative: its true blinded key is the variant with bit 255 flipped.
    expect(await blindedSessionId(await secretKeyOf(seed2), libsessionServer)).toBe(
      '1561e070286ff7a71f167e92b18c709882b148d8238c8872caf414b301ba05647d',
    );
  });

  it('are computed from a Session ID as two candidates, one of them the true key', async () => {
    expect(await blindedIdCandidates(await sessionIdOf(seed2), libsessionServer)).toEqual([
      '1561e070286ff7a71f167e92b18c709882b148d8238c8872caf414b301ba0564fd',
      '1561e070286ff7a71f167e92b18c709882b148d8238c8872caf414b301ba05647d',
    ]);
    expect(
      await blindedIdMatches(
        '055bcd2bb6e600c43741173e489d925a505a11ab2b971afde56e50272e430f8b37',
        '1562b2368a1d5452cc25c713b9add4f29405e5e58f6c4aa83fde602a7308bae714',
        fromHex('1615317ca1d8ecdf12dad1bbf1d28d3a90c94fc0010043a7fdc1609ad1c5d111'),
      ),
    ).toBe(true);
    expect(
      await blindedIdMatches(
        await sessionIdOf(seed1),
        '1562b2368a1d5452cc25c713b9add4f29405e5e58f6c4aa83fde602a7308bae714',
        fromHex('1615317ca1d8ecdf12dad1bbf1d28d3a90c94fc0010043a7fdc1609ad1c5d111'),
      ),
    ).toBe(false);
  });

  it('match desktop’s and pysogs’ vectors', async () => {
    expect(
      await blindedSessionId(
        await secretKeyOf('c010d89eccbaf5d1c6d19df766c6eedf965d4a28a56f87c9fc819edb59896dd9'),
        fromHex('c3b3c6f32f0ab5a57f853cc4f30f5da7fda5624b0c77b3fb0829de562ada081d'),
      ),
    ).toBe('1598932d4bccbe595a8789d7eb1629cefc483a0eaddc7e20e8fe5c771efafd9af5');
    expect(
      await blindedSessionId(
        await secretKeyOf('880adf5164a79bce71f7387fbc2cb2693c0bf0ab4cb42bf1edafddade7527a66'),
        fromHex('6a32c7b491f4199dd1260a4cc60ae51c6bd71dad939cc521e738409f53f943be'),
      ),
    ).toBe('15cef185d46b60a548641bd8c5baa4b7cf90b7da8e883c0ac774c703d249086479');
  });

  it('refuse what is no Session ID, a short server key, or a short secret key', async () => {
    await expect(blindedIdCandidates('05abc', libsessionServer)).rejects.toThrow(/Session ID/u);
    await expect(blindedIdCandidates(await sessionIdOf(seed1), new Uint8Array(31))).rejects.toThrow(
      /32 bytes/u,
    );
    await expect(blindedKeyPair(new Uint8Array(32), libsessionServer)).rejects.toThrow(/64 bytes/u);
  });
});

describe('15-blinded signatures', () => {
  it('are libsession’s for "hello", and verify as plain Ed25519 under the blinded key', async () => {
    const secretKey = await secretKeyOf(seed1);
    const signature = await signBlinded(utf8Encode('hello'), secretKey, libsessionServer);
    expect(toHex(signature)).toBe(
      '1a5ade20b43af0e16b3e591d6f86303938d7557c0ac54469dd4f5aea759f82d22cafa42587251756e133acdddd8cbec2f707a9ce09a49f2193f46a91502c5006',
    );
    const { publicKey } = await blindedKeyPair(secretKey, libsessionServer);
    expect(await verifyBlindedSignature(signature, utf8Encode('hello'), publicKey)).toBe(true);
    expect(await verifyBlindedSignature(signature, utf8Encode('hellO'), publicKey)).toBe(false);
  });

  it('sign a negative key’s messages under its true blinded key', async () => {
    const secretKey = await secretKeyOf(seed2);
    const { publicKey } = await blindedKeyPair(secretKey, libsessionServer);
    const signature = await signBlinded(utf8Encode('this'), secretKey, libsessionServer, 'desktop');
    expect(await verifyBlindedSignature(signature, utf8Encode('this'), publicKey)).toBe(true);
  });
});
