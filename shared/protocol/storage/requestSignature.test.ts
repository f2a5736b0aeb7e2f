import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Encode } from '../bytes';
import { sessionIdFromEd25519PublicKey } from '../identity/keys';
import { sessionIdFromX25519PublicKey } from '../identity/sessionId';
import { loadSodium } from '../sodium';
import { decodeRequestSignature, signRequest, verifyRequestSignature } from './requestSignature';
import {
  deleteAllSignatureMessage,
  retrieveSignatureMessage,
  storeSignatureMessage,
} from './signatureMessages';

// protocol-network.md §4.8 (derived there; Ed25519 signatures are deterministic).
const seed = fromHex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
const timestamp = 1_700_000_000_000;
const vectors = [
  {
    message: retrieveSignatureMessage({ namespace: 0, timestamp }),
    text: 'retrieve1700000000000',
    signature: '091HncXsQ2yXmToq1j2yy/Mi4CVvhjb2JgXB5aOXT6q5+3ewa0bMVo+1jlTB1SvE2L4SFEfRg0vgEnDdUg9WAQ==',
  },
  {
    message: retrieveSignatureMessage({ namespace: 2, timestamp }),
    text: 'retrieve21700000000000',
    signature: '4V7wI5WlgmdF5jXP5shZiOX9NHoVpJE/WFWzsYNOgyGJXKzYsKsTwtCewzUbfl4HTtsCgjeIpUGJet3+1tc0BA==',
  },
  {
    message: storeSignatureMessage({ namespace: 3, timestamp }),
    text: 'store31700000000000',
    signature: 'es5KEW9Abp4WEQGwnmiJ2nz37+B9lh3HtD8A6lu2OBS5at1imoKgenX8NwShAHt6AXV/B7+psUlbFfsRxAn2AA==',
  },
  {
    message: deleteAllSignatureMessage({ namespace: 'all', timestamp }),
    text: 'delete_allall1700000000000',
    signature: '818oRa1fZ1DkreDgDUupJXn1p1gjWcINQQo/s3UhZEFq47KiHplgqwN5UJVQeWBnPjutzIIHNYtBQbUjjIUsCw==',
  },
];

async function keyPair(): Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> {
  return (await loadSodium()).crypto_sign_seed_keypair(seed);
}

describe('request signatures', () => {
  it('use the key and Session ID of the vector', async () => {
    const sodium = await loadSodium();
    const { publicKey } = await keyPair();
    expect(toHex(publicKey)).toBe('3ccd241cffc9b3618044b97d036d8614593d8b017c340f1dee8773385517654b');
    const sessionId = '05c5ba413c336f2fe1fb9a2c525f8a86a412a1db128a7841b4e0e217fa9eb7fd5e';
    expect(await sessionIdFromEd25519PublicKey(publicKey)).toBe(sessionId);
    // §4.8: the same X25519 key as clamped SHA-512(seed)[0:32].
    const scalar = sodium.crypto_hash_sha512(seed).slice(0, 32);
    expect(sessionIdFromX25519PublicKey(sodium.crypto_scalarmult_base(scalar))).toBe(sessionId);
  });

  it.each(vectors)('signs “$text” as the vector says', async (vector) => {
    const { publicKey, privateKey } = await keyPair();
    expect(vector.message).toEqual(utf8Encode(vector.text));
    expect(await signRequest(vector.message, privateKey)).toBe(vector.signature);
    expect(await verifyRequestSignature(vector.message, vector.signature, publicKey)).toBe(true);
    // Servers take the signature without its padding too (§4.2).
    expect(await verifyRequestSignature(vector.message, vector.signature.slice(0, 86), publicKey)).toBe(true);
  });

  it('refuses other messages, other keys and malformed signatures', async () => {
    const { publicKey } = await keyPair();
    const [first, second] = vectors;
    expect(await verifyRequestSignature(second!.message, first!.signature, publicKey)).toBe(false);
    expect(await verifyRequestSignature(first!.message, first!.signature, new Uint8Array(32).fill(1))).toBe(
      false,
    );
    expect(await verifyRequestSignature(first!.message, first!.signature, publicKey.slice(1))).toBe(false);
    const hex = toHex(decodeRequestSignature(first!.signature));
    expect(await verifyRequestSignature(first!.message, hex, publicKey)).toBe(false);
    expect(() => decodeRequestSignature(hex)).toThrow(expect.objectContaining({ code: 'invalidSignature' }));
    expect(() => decodeRequestSignature('!'.repeat(86))).toThrow(
      expect.objectContaining({ code: 'invalidBase64' }),
    );
  });
});
