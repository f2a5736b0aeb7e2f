// Community request authentication (protocol-messages.md §6.2) against desktop's
// OpenGroupAuthentication test (§7): the same key, server, time, nonce, path and body.
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../base64';
import { fromHex, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { communityRequestHeaders, signedRequestBytes } from './requestSigning';

const server = fromHex('c3b3c6f32f0ab5a57f853cc4f30f5da7fda5624b0c77b3fb0829de562ada081d');
const request = {
  serverPublicKey: server,
  method: 'GET',
  path: '/room/the-best-room/messages/recent?limit=25',
  timestampSeconds: 1642472103,
  nonce: fromBase64('CdB5nyKVmQGCw6s0Bvv8Ww=='),
};

async function secretKey(): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_sign_seed_keypair(
    fromHex('c010d89eccbaf5d1c6d19df766c6eedf965d4a28a56f87c9fc819edb59896dd9'),
  ).privateKey;
}

describe('signed community requests', () => {
  it('are desktop’s blinded headers, without and with a body', async () => {
    const ed25519SecretKey = await secretKey();
    const headers = await communityRequestHeaders({ ...request, ed25519SecretKey, nonceRule: 'desktop' });
    expect(headers).toEqual({
      'X-SOGS-Pubkey': '1598932d4bccbe595a8789d7eb1629cefc483a0eaddc7e20e8fe5c771efafd9af5',
      'X-SOGS-Timestamp': '1642472103',
      'X-SOGS-Nonce': 'CdB5nyKVmQGCw6s0Bvv8Ww==',
      'X-SOGS-Signature':
        'gYqpWZX6fnF4Gb2xQM3xaXs0WIYEI49+B8q4mUUEg8Rw0ObaHUWfoWjMHMArAtP9QlORfiydsKWz1o6zdPVeCQ==',
    });
    const withBody = await communityRequestHeaders({
      ...request,
      ed25519SecretKey,
      nonceRule: 'desktop',
      body: utf8Encode('hello 🎂'),
    });
    expect(withBody['X-SOGS-Signature']).toBe(
      'hZCg5pEoy9t98umaY6fNarzcLP5UKUF8chz5mIjwwrRIQLy1kinRoYcNPdFOpJu8heA0val4viymXRTp1DGeBg==',
    );
  });

  it('are desktop’s unblinded headers for a server without blinding', async () => {
    const ed25519SecretKey = await secretKey();
    const headers = await communityRequestHeaders({ ...request, ed25519SecretKey, blinded: false });
    expect(headers['X-SOGS-Pubkey']).toBe(
      '00bac6e71efd7dfa4a83c98ed24f254ab2c267f9ccdb172a5280a0444ad24e89cc',
    );
    expect(headers['X-SOGS-Signature']).toBe(
      'xxLpXHbomAJMB9AtGMyqvBsXrdd2040y+Ol/IKzElWfKJa3EYZRv1GLO6CTLhrDFUwVQe8PPltyGs54Kd7O5Cg==',
    );
    const withBody = await communityRequestHeaders({
      ...request,
      ed25519SecretKey,
      blinded: false,
      body: utf8Encode('hello 🎂'),
    });
    expect(withBody['X-SOGS-Signature']).toBe(
      'uumZNee7NUb0lVufegjzgjjnj4pe3kAe6OYw7iVTJrcxxxdIxUCgt5/xliBWqPlgY6ReUZRAuptNa4nprv7nCA==',
    );
  });

  it('sign the URL-decoded path, so that an emoji in a reaction path is signed as UTF-8', () => {
    const encoded = signedRequestBytes({ ...request, path: '/room/r/reaction/1/%F0%9F%8E%82' });
    const decoded = signedRequestBytes({ ...request, path: '/room/r/reaction/1/🎂' });
    expect(Buffer.from(encoded).equals(Buffer.from(decoded))).toBe(true);
    // The query string is signed as sent.
    const query = Buffer.from(signedRequestBytes({ ...request, path: '/rooms?a=%20b' })).toString('latin1');
    expect(query.endsWith('GET/rooms?a=%20b')).toBe(true);
  });

  it('refuse a nonce that is not 16 bytes, and a time that is not whole seconds', async () => {
    const ed25519SecretKey = await secretKey();
    await expect(
      communityRequestHeaders({ ...request, ed25519SecretKey, nonce: new Uint8Array(8) }),
    ).rejects.toThrow(/16 bytes/u);
    await expect(
      communityRequestHeaders({ ...request, ed25519SecretKey, timestampSeconds: 1.5 }),
    ).rejects.toThrow(/whole seconds/u);
  });
});
