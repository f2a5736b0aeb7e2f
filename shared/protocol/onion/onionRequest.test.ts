import { describe, expect, it } from 'vitest';
import { toBase64 } from '../base64';
import { fromHex, toHex, utf8Decode, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import type { EncryptionType } from './encryptionType';
import { decryptHop, encryptHop } from './hopCipher';
import { nodeHopKey, type X25519KeyPair } from './hopKeys';
import { parseOnionLayer, type OnionLayer } from './layer';
import { buildOnionRequest, OnionError, readServerReply, readSnodeReply } from './onionRequest';
import { encodeV4Reply, parseV4Request } from './v4Payload';

async function makeNode(): Promise<{
  keys: X25519KeyPair;
  hop: { ed25519PublicKey: string; x25519PublicKey: string };
}> {
  const sodium = await loadSodium();
  const signing = sodium.crypto_sign_keypair();
  const keys = {
    publicKey: sodium.crypto_sign_ed25519_pk_to_curve25519(signing.publicKey),
    secretKey: sodium.crypto_sign_ed25519_sk_to_curve25519(signing.privateKey),
  };
  return {
    keys,
    hop: { ed25519PublicKey: toHex(signing.publicKey), x25519PublicKey: toHex(keys.publicKey) },
  };
}

/** Does what a node does with a layer: decrypt it with its key and the layer's ephemeral key. */
async function peel(layer: OnionLayer, keys: X25519KeyPair, encryptionType: EncryptionType) {
  const key = await nodeHopKey(encryptionType, keys, fromHex(layer.json.ephemeral_key as string));
  return { key, inner: parseOnionLayer(await decryptHop(encryptionType, key, layer.ciphertext)) };
}

describe('buildOnionRequest', () => {
  it.each(['aes-gcm', 'xchacha20'] as const)(
    'wraps a snode request so each hop reads only its part (%s)',
    async (encryptionType) => {
      const nodes = await Promise.all([makeNode(), makeNode(), makeNode(), makeNode()]);
      const [guard, middle, last, target] = nodes as [
        (typeof nodes)[0],
        (typeof nodes)[0],
        (typeof nodes)[0],
        (typeof nodes)[0],
      ];
      const request = { method: 'info', params: {} };
      const built = await buildOnionRequest({
        path: [guard.hop, middle.hop, last.hop],
        destination: { kind: 'snode', node: target.hop, request },
        encryptionType,
      });

      const outer = parseOnionLayer(built.payload);
      expect(Object.keys(outer.json).sort()).toEqual(
        encryptionType === 'aes-gcm' ? ['ephemeral_key'] : ['enc_type', 'ephemeral_key'],
      );
      const atGuard = await peel(outer, guard.keys, encryptionType);
      expect(atGuard.inner.json.destination).toBe(middle.hop.ed25519PublicKey);
      const atMiddle = await peel(atGuard.inner, middle.keys, encryptionType);
      expect(atMiddle.inner.json.destination).toBe(last.hop.ed25519PublicKey);
      const atLast = await peel(atMiddle.inner, last.keys, encryptionType);
      expect(atLast.inner.json.destination).toBe(target.hop.ed25519PublicKey);
      const atTarget = await peel(atLast.inner, target.keys, encryptionType);
      expect(atTarget.inner.json).toEqual({ headers: '' });
      expect(JSON.parse(utf8Decode(atTarget.inner.ciphertext))).toEqual(request);

      // The target answers with the key of its layer; the client reads it.
      const reply = await encryptHop(
        encryptionType,
        atTarget.key,
        utf8Encode(JSON.stringify({ status: 200, body: '{"t":5}' })),
      );
      await expect(readSnodeReply(200, utf8Encode(toBase64(reply)), built.replyContext)).resolves.toEqual({
        status: 200,
        body: { t: 5 },
      });
    },
  );

  it('routes the last hop to an HTTP server with a v4 payload', async () => {
    const [guard, server] = await Promise.all([makeNode(), makeNode()]);
    const built = await buildOnionRequest({
      path: [guard.hop],
      destination: {
        kind: 'server',
        server: {
          host: '127.0.0.1',
          port: 8080,
          protocol: 'http',
          x25519PublicKey: server.hop.x25519PublicKey,
        },
        request: { method: 'GET', endpoint: '/room/lobby' },
      },
    });
    const atGuard = await peel(parseOnionLayer(built.payload), guard.keys, 'aes-gcm');
    expect(atGuard.inner.json).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      protocol: 'http',
      target: '/oxen/v4/lsrpc',
      method: 'POST',
    });
    // The last hop posts its whole plaintext; the server decrypts the blob with the layer's key.
    const serverKey = await nodeHopKey(
      'aes-gcm',
      server.keys,
      fromHex(atGuard.inner.json.ephemeral_key as string),
    );
    const v4Request = parseV4Request(await decryptHop('aes-gcm', serverKey, atGuard.inner.ciphertext));
    expect(v4Request).toMatchObject({ method: 'GET', endpoint: '/room/lobby' });
    const reply = await encryptHop(
      'aes-gcm',
      serverKey,
      encodeV4Reply({ code: 200, headers: {}, body: utf8Encode('hi') }),
    );
    expect(utf8Decode((await readServerReply(200, reply, built.replyContext)).body!)).toBe('hi');
  });

  it('turns path errors and unreadable replies into typed errors', async () => {
    const [guard, target] = await Promise.all([makeNode(), makeNode()]);
    const built = await buildOnionRequest({
      path: [guard.hop],
      destination: { kind: 'snode', node: target.hop, request: { method: 'info', params: {} } },
    });
    await expect(
      readSnodeReply(502, utf8Encode('Next node not found: abcd'), built.replyContext),
    ).rejects.toMatchObject({
      code: 'onionPathFailed',
      status: 502,
    });
    await expect(
      readSnodeReply(200, utf8Encode('bm90IGVuY3J5cHRlZA=='), built.replyContext),
    ).rejects.toBeInstanceOf(OnionError);
    await expect(
      buildOnionRequest({
        path: [],
        destination: { kind: 'snode', node: target.hop, request: { method: 'info', params: {} } },
      }),
    ).rejects.toThrow(RangeError);
  });
});
