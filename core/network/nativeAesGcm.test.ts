import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Encode } from '../../shared/protocol/bytes';
import { loadSodium } from '../../shared/protocol/sodium';
import { decryptHop, encryptHop, sealHop, webCryptoAesGcm } from '../../shared/protocol/onion/hopCipher';
import { nodeHopKey, type X25519KeyPair } from '../../shared/protocol/onion/hopKeys';
import { encodeOnionLayer, parseOnionLayer } from '../../shared/protocol/onion/layer';
import { buildOnionRequest, readServerReply } from '../../shared/protocol/onion/onionRequest';
import { encodeV4Reply, encodeV4Request, parseV4Request } from '../../shared/protocol/onion/v4Payload';
import { nativeAesGcm } from './nativeAesGcm';

// protocol-network.md §5.3: libsession tests/test_onionreq.cpp, test 2's aes-gcm key and reply.
const test2Key = fromHex('6215038efa8c2735db1aa5a086f75b51e972b8bdcf6926480bdec488cd4db99d');
const test2Reply =
  '000102030405060708090a0b20f9b96c43f4cd80f67ea04416b9b986b4c08676722162eee4c349d9041a486e80df7af079b954192b88';

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

describe('node:crypto AES-GCM for onion layers', () => {
  it('seals the deterministic libsession reply', async () => {
    const plaintext = utf8Encode('{"status":200,"body":"{}"}');
    const nonce = Uint8Array.from({ length: 12 }, (_, index) => index);
    // In three parts, as a builder hands them over.
    const parts = [plaintext.subarray(0, 5), plaintext.subarray(5, 5), plaintext.subarray(5)];
    const sealed = await sealHop('aes-gcm', test2Key, parts, { nonce, aesGcm: nativeAesGcm });
    expect(toHex(Buffer.concat(sealed))).toBe(test2Reply);
  });

  it('agrees with WebCrypto on data in many parts, both ways', async () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const data = randomBytes(700_001);
    const parts = [data.subarray(0, 3), data.subarray(3, 400_000), data.subarray(400_000)];
    const native = Buffer.concat(nativeAesGcm.seal(key, iv, parts) as Uint8Array[]);
    const web = Buffer.concat(await webCryptoAesGcm.seal(key, iv, parts));
    expect(native.equals(web)).toBe(true);
    expect(Buffer.from(await nativeAesGcm.open(key, iv, web)).equals(data)).toBe(true);
    expect(Buffer.from(await webCryptoAesGcm.open(key, iv, native)).equals(data)).toBe(true);
  });

  it('refuses a damaged ciphertext or tag', async () => {
    const sealed = await encryptHop('aes-gcm', test2Key, utf8Encode('Goodbye world'));
    for (const index of [12, sealed.length - 1]) {
      const damaged = sealed.slice();
      damaged[index] = damaged[index]! ^ 1;
      await expect(decryptHop('aes-gcm', test2Key, damaged, nativeAesGcm)).rejects.toThrow(
        expect.objectContaining({ code: 'decryptionFailed' }),
      );
    }
  });

  it('builds a file upload byte for byte as the layer-by-layer wrapping does', async () => {
    const nodes = await Promise.all([makeNode(), makeNode(), makeNode(), makeNode()]);
    const [server, ...path] = nodes as [(typeof nodes)[0], ...(typeof nodes)[0][]];
    const request = {
      method: 'POST',
      endpoint: '/file',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: randomBytes(600_000),
    };
    const built = await buildOnionRequest({
      path: path.map((node) => node.hop),
      destination: {
        kind: 'server',
        server: {
          host: '127.0.0.1',
          port: 8080,
          protocol: 'http',
          x25519PublicKey: server.hop.x25519PublicKey,
        },
        request,
      },
      aesGcm: nativeAesGcm,
    });

    // Peel as the hops do (with WebCrypto), keeping each hop's key, nonce and JSON.
    const outer = parseOnionLayer(built.payload);
    const peeled: { key: Uint8Array; nonce: Uint8Array; json: Record<string, unknown> }[] = [];
    let layer = outer;
    for (const node of [...path, server]) {
      const key = await nodeHopKey('aes-gcm', node.keys, fromHex(layer.json.ephemeral_key as string));
      const plaintext = await decryptHop('aes-gcm', key, layer.ciphertext, webCryptoAesGcm);
      peeled.push({ key, nonce: layer.ciphertext.slice(0, 12), json: { ...layer.json } });
      if (node === server) {
        expect(Buffer.from(plaintext).equals(encodeV4Request(request))).toBe(true);
        expect(Buffer.from(parseV4Request(plaintext).body!).equals(request.body)).toBe(true);
      } else {
        layer = parseOnionLayer(plaintext);
      }
    }

    // Rebuild with the old steps, the same nonces: encryptHop, then encodeOnionLayer outward.
    const [destination, ...hops] = peeled.reverse() as [(typeof peeled)[0], ...(typeof peeled)[0][]];
    let blob = await encryptHop('aes-gcm', destination.key, encodeV4Request(request), destination.nonce);
    let routing = destination.json;
    for (const hop of hops) {
      blob = await encryptHop('aes-gcm', hop.key, encodeOnionLayer(blob, routing), hop.nonce);
      routing = hop.json;
    }
    expect(toHex(encodeOnionLayer(blob, outer.json))).toBe(toHex(built.payload));
    expect(Buffer.concat(built.parts).equals(built.payload)).toBe(true);

    // The server's reply is read back with the same AES-GCM.
    const replyBody = randomBytes(300_000);
    const reply = await encryptHop(
      'aes-gcm',
      destination.key,
      encodeV4Reply({ code: 200, headers: {}, body: replyBody }),
    );
    const read = await readServerReply(200, reply, built.replyContext);
    expect(Buffer.from(read.body!).equals(replyBody)).toBe(true);
  });
});
