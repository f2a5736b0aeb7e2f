// Request authentication against the desktop vector of protocol-messages.md §7
// ("OpenGroupAuthentication_test"): the blinded and unblinded signatures, with and without a body,
// verify over the bytes signedMessage builds; the blinded ones are accepted as a user, the 00 key is
// refused with the exact text of §6.2, and a replayed nonce or a far timestamp is a 425.
import { describe, expect, it } from 'vitest';
import { fromHex, utf8Encode } from '../../shared/protocol/bytes';
import { loadSodium } from '../../shared/protocol/sodium';
import {
  authenticate,
  blindingRequiredText,
  NonceCache,
  signedMessage,
  type SignedRequest,
} from './requestAuth';

const server = fromHex('c3b3c6f32f0ab5a57f853cc4f30f5da7fda5624b0c77b3fb0829de562ada081d');
const timestamp = '1642472103';
const nonce = 'CdB5nyKVmQGCw6s0Bvv8Ww==';
const blindedKey = '1598932d4bccbe595a8789d7eb1629cefc483a0eaddc7e20e8fe5c771efafd9af5';
const unblindedKey = '00bac6e71efd7dfa4a83c98ed24f254ab2c267f9ccdb172a5280a0444ad24e89cc';
const blindedWithoutBody =
  'gYqpWZX6fnF4Gb2xQM3xaXs0WIYEI49+B8q4mUUEg8Rw0ObaHUWfoWjMHMArAtP9QlORfiydsKWz1o6zdPVeCQ==';
const blindedWithBody =
  'hZCg5pEoy9t98umaY6fNarzcLP5UKUF8chz5mIjwwrRIQLy1kinRoYcNPdFOpJu8heA0val4viymXRTp1DGeBg==';
const unblindedWithoutBody =
  'xxLpXHbomAJMB9AtGMyqvBsXrdd2040y+Ol/IKzElWfKJa3EYZRv1GLO6CTLhrDFUwVQe8PPltyGs54Kd7O5Cg==';
const unblindedWithBody =
  'uumZNee7NUb0lVufegjzgjjnj4pe3kAe6OYw7iVTJrcxxxdIxUCgt5/xliBWqPlgY6ReUZRAuptNa4nprv7nCA==';

const withoutBody: SignedRequest = {
  method: 'GET',
  path: '/room/the-best-room/messages/recent',
  query: 'limit=25',
  body: new Uint8Array(0),
};
const withBody: SignedRequest = { ...withoutBody, body: utf8Encode('hello 🎂') };

const settings = (nonces = new NonceCache(), nowSeconds = Number(timestamp)) => ({
  serverPublicKey: server,
  nonces,
  nowSeconds,
});

describe('open group request authentication (§6.2, desktop vector of §7)', () => {
  it.each([
    ['blinded, no body', blindedKey, blindedWithoutBody, withoutBody],
    ['blinded, with body', blindedKey, blindedWithBody, withBody],
    ['unblinded, no body', unblindedKey, unblindedWithoutBody, withoutBody],
    ['unblinded, with body', unblindedKey, unblindedWithBody, withBody],
  ])('the %s signature verifies over the signed bytes', async (_name, key, signature, request) => {
    const sodium = await loadSodium();
    const message = await signedMessage(server, Buffer.from(nonce, 'base64'), timestamp, request);
    const valid = sodium.crypto_sign_verify_detached(
      Buffer.from(signature, 'base64'),
      message,
      fromHex(key.slice(2)),
    );
    expect(valid).toBe(true);
  });

  it('accepts the blinded requests as the 15 user', async () => {
    for (const [signature, request] of [
      [blindedWithoutBody, withoutBody],
      [blindedWithBody, withBody],
    ] as const) {
      const result = await authenticate(
        { pubkey: blindedKey, nonce, timestamp, signature },
        request,
        settings(),
      );
      expect(result).toEqual({ kind: 'user', sessionId: blindedKey });
    }
  });

  it('refuses the 00 key with the exact text desktop looks for', async () => {
    const result = await authenticate(
      { pubkey: unblindedKey, nonce, timestamp, signature: unblindedWithoutBody },
      withoutBody,
      settings(),
    );
    expect(result).toEqual({ kind: 'refused', status: 401, error: blindingRequiredText });
  });

  it('refuses a replayed nonce and a timestamp beyond 24 hours with 425', async () => {
    const nonces = new NonceCache();
    const headers = { pubkey: blindedKey, nonce, timestamp, signature: blindedWithoutBody };
    expect((await authenticate(headers, withoutBody, settings(nonces))).kind).toBe('user');
    expect(await authenticate(headers, withoutBody, settings(nonces))).toMatchObject({ status: 425 });
    const late = settings(new NonceCache(), Number(timestamp) + 24 * 3600 + 1);
    expect(await authenticate(headers, withoutBody, late)).toMatchObject({ status: 425 });
    const early = settings(new NonceCache(), Number(timestamp) - 24 * 3600 - 1);
    expect(await authenticate(headers, withoutBody, early)).toMatchObject({ status: 425 });
  });

  it('refuses a wrong signature with 401, and missing or malformed headers with 400', async () => {
    const wrong = await authenticate(
      { pubkey: blindedKey, nonce, timestamp, signature: blindedWithBody },
      withoutBody,
      settings(),
    );
    expect(wrong).toMatchObject({ status: 401 });
    const missing = await authenticate(
      { pubkey: blindedKey, nonce, timestamp, signature: undefined },
      withoutBody,
      settings(),
    );
    expect(missing).toMatchObject({ status: 400 });
    const badNonce = await authenticate(
      { pubkey: blindedKey, nonce: 'abc', timestamp, signature: blindedWithoutBody },
      withoutBody,
      settings(),
    );
    expect(badNonce).toMatchObject({ status: 400 });
    const anonymous = await authenticate(
      { pubkey: undefined, nonce: undefined, timestamp: undefined, signature: undefined },
      withoutBody,
      settings(),
    );
    expect(anonymous).toEqual({ kind: 'anonymous' });
  });
});
