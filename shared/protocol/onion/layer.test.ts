import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Decode, utf8Encode } from '../bytes';
import { parseEncryptionType } from './encryptionType';
import { decryptHop } from './hopCipher';
import { nodeHopKey } from './hopKeys';
import { encodeOnionLayer, parseOnionLayer } from './layer';

// protocol-network.md §5.3, test 2 of libsession tests/test_onionreq.cpp: a whole layer as a node
// receives it, parsed and decrypted with the node's key and the layer's ephemeral key.
const node = {
  publicKey: fromHex('8388de69bc0d4b6196133233ad9a46ba0473474bc67718aad96a3a33c257f726'),
  secretKey: fromHex('2f4d1c0d28e137777ec0a316e9f4f763e3e66662a6c51994c6315c9ef34b6deb'),
};
const clientPublicKey = '8167e97672005c669a48858c69895f395ca235219ac3f7a4210022b1f910e652';
const layers = [
  {
    encType: 'aes-gcm',
    length: 39,
    hex: '270000009525d587d188c92a966eef0e7162bef99a6171a124575b998072a8ee7eb265e0b6f0930ed965047b22656e635f74797065223a20226165732d67636d222c2022657068656d6572616c5f6b6579223a202238313637653937363732303035633636396134383835386336393839356633393563613233353231396163336637613432313030323262316639313065363532227d',
  },
  {
    encType: 'xchacha20',
    length: 51,
    hex: '33000000e440bc244ddcafd947b86fc5a964aa58de54a6d75cc0f0f3840db14b6c1176a8e2e0a04d5fbdf98f23adee1edc8362ab99b10b7b22656e635f74797065223a2022786368616368613230222c2022657068656d6572616c5f6b6579223a202238313637653937363732303035633636396134383835386336393839356633393563613233353231396163336637613432313030323262316639313065363532227d',
  },
];

describe('onion layers', () => {
  it.each(layers)('test 2: the $encType layer parses and decrypts to “Hello world”', async (layer) => {
    const parsed = parseOnionLayer(fromHex(layer.hex));
    expect(parsed.ciphertext.length).toBe(layer.length);
    expect(parsed.json).toEqual({ enc_type: layer.encType, ephemeral_key: clientPublicKey });
    const type = parseEncryptionType(parsed.json.enc_type);
    const key = await nodeHopKey(type, node, fromHex(String(parsed.json.ephemeral_key)));
    expect(utf8Decode(await decryptHop(type, key, parsed.ciphertext))).toBe('Hello world');
  });

  it('encodes the same layout, with compact JSON', () => {
    const parsed = parseOnionLayer(fromHex(layers[0]!.hex));
    const encoded = encodeOnionLayer(parsed.ciphertext, parsed.json);
    const jsonStart = 4 + layers[0]!.length;
    expect(toHex(encoded.slice(0, jsonStart))).toBe(layers[0]!.hex.slice(0, jsonStart * 2));
    expect(utf8Decode(encoded.slice(jsonStart))).toBe(
      `{"enc_type":"aes-gcm","ephemeral_key":"${clientPublicKey}"}`,
    );
    expect(parseOnionLayer(encoded)).toEqual(parsed);
  });

  it('round-trips an empty blob and non-ASCII JSON', () => {
    const encoded = encodeOnionLayer(new Uint8Array(0), { headers: '', note: 'é✓' });
    expect(toHex(encoded.slice(0, 4))).toBe('00000000');
    expect(parseOnionLayer(encoded)).toEqual({
      ciphertext: new Uint8Array(0),
      json: { headers: '', note: 'é✓' },
    });
  });

  it('refuses layers whose length does not add up', () => {
    expect(() => parseOnionLayer(fromHex('270000'))).toThrow(
      expect.objectContaining({ code: 'invalidOnionLayer' }),
    );
    const truncated = fromHex(layers[0]!.hex).slice(0, 4 + 38);
    expect(() => parseOnionLayer(truncated)).toThrow(/announces 39 bytes of ciphertext, but only 38/u);
    expect(() => parseOnionLayer(fromHex('ffffffff7b7d'))).toThrow(/announces 4294967295 bytes/u);
  });

  it('refuses layers whose JSON is missing or not an object', () => {
    for (const json of ['', 'null', '[1]', '"text"', '{"a":', '{"a":1} x']) {
      const layer = new Uint8Array([1, 0, 0, 0, 42, ...utf8Encode(json)]);
      expect(() => parseOnionLayer(layer)).toThrow(
        expect.objectContaining({ code: 'invalidOnionLayerJson' }),
      );
    }
    expect(() => parseOnionLayer(new Uint8Array([0, 0, 0, 0, 0x7b, 0xff, 0x7d]))).toThrow(
      expect.objectContaining({ code: 'invalidOnionLayerJson' }),
    );
  });

  it('reads a layer that sits inside a larger buffer', () => {
    const inner = encodeOnionLayer(new Uint8Array([1, 2, 3]), { destination: 'ab' });
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    expect(parseOnionLayer(outer.subarray(5))).toEqual(parseOnionLayer(inner));
  });
});
