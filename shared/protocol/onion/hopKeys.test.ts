import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { parseEncryptionType } from './encryptionType';
import { clientHopKey, deriveHopKey, nodeHopKey, x25519SharedSecret } from './hopKeys';

// protocol-network.md §5.3: the key pairs of libsession tests/test_onionreq.cpp and the
// intermediates derived from them there.
const tests = [
  {
    name: 'test 1',
    client: {
      publicKey: fromHex('bbdfc83022d0aff084a6f0c529a93d1c4d728bf7e41199afed0e01ae70d20540'),
      secretKey: fromHex('ccc335912da8939e2b44816728a5a4773063efa82bf7ae2d42a0abfa2caa452d'),
    },
    node: {
      publicKey: fromHex('caea52c5b0c316d85ffb53ea536826618b13dee40685f166f632653114526a78'),
      secretKey: fromHex('8fcd8ad3a15c76f76f1c56dff0c529999f8c59b4acda79e05666e54d5727dca1'),
    },
    sharedSecret: 'd18901cbf26809d48c34c4fba44d3b908dbf1bdd3a7ee601a49f1e11ea70ea6e',
    gcmKey: '4f310f62c43f14d7fea7c084819a4e394d9fc7005919275ac18d9eb8bf3e4231',
    xchachaKey: '37a3af90eb276c0b4069998e97edf956b6933bd3c77d330a072cdf274e757ab5',
  },
  {
    name: 'test 2',
    client: {
      publicKey: fromHex('8167e97672005c669a48858c69895f395ca235219ac3f7a4210022b1f910e652'),
      secretKey: fromHex('d2ee09e1a557a077d385fcb69a11ffb6909ecdcc8348def3e0e4172c8a1431c1'),
    },
    node: {
      publicKey: fromHex('8388de69bc0d4b6196133233ad9a46ba0473474bc67718aad96a3a33c257f726'),
      secretKey: fromHex('2f4d1c0d28e137777ec0a316e9f4f763e3e66662a6c51994c6315c9ef34b6deb'),
    },
    sharedSecret: '58453d4abd4d9751f0bdceed3333c029c61ca036d5878dd9b0305fdf737c3a2c',
    gcmKey: '6215038efa8c2735db1aa5a086f75b51e972b8bdcf6926480bdec488cd4db99d',
    xchachaKey: '539091d458c3ba5ec79e5d2784452698e7c5f44138cdfeafca72e19c322e8fe5',
  },
];

describe('hop keys', () => {
  it.each(tests)('$name: both sides find the same shared secret', async (test) => {
    expect(toHex(await x25519SharedSecret(test.client.secretKey, test.node.publicKey))).toBe(
      test.sharedSecret,
    );
    expect(toHex(await x25519SharedSecret(test.node.secretKey, test.client.publicKey))).toBe(
      test.sharedSecret,
    );
  });

  it.each(tests)('$name: both sides derive the aes-gcm and xchacha20 keys', async (test) => {
    for (const [type, key] of [
      ['aes-gcm', test.gcmKey],
      ['xchacha20', test.xchachaKey],
    ] as const) {
      expect(toHex(await clientHopKey(type, test.client, test.node.publicKey))).toBe(key);
      expect(toHex(await nodeHopKey(type, test.node, test.client.publicKey))).toBe(key);
    }
  });

  it('puts the client key first for xchacha20, whoever computes it', async () => {
    const test = tests[0]!;
    const swapped = await deriveHopKey({
      encryptionType: 'xchacha20',
      sharedSecret: fromHex(test.sharedSecret),
      clientPublicKey: test.node.publicKey,
      nodePublicKey: test.client.publicKey,
    });
    expect(toHex(swapped)).not.toBe(test.xchachaKey);
  });

  it('refuses an ephemeral key of low order', async () => {
    await expect(x25519SharedSecret(tests[0]!.node.secretKey, new Uint8Array(32))).rejects.toThrow(
      expect.objectContaining({ code: 'invalidEphemeralKey' }),
    );
    await expect(x25519SharedSecret(tests[0]!.node.secretKey, new Uint8Array(31))).rejects.toThrow(
      RangeError,
    );
  });
});

describe('parseEncryptionType', () => {
  it('reads the names, their aliases and the default', () => {
    expect(parseEncryptionType(undefined)).toBe('aes-gcm');
    expect(parseEncryptionType('aes-gcm')).toBe('aes-gcm');
    expect(parseEncryptionType('gcm')).toBe('aes-gcm');
    expect(parseEncryptionType('xchacha20')).toBe('xchacha20');
    expect(parseEncryptionType('xchacha20-poly1305')).toBe('xchacha20');
  });

  it('refuses AES-CBC and unknown names', () => {
    expect(() => parseEncryptionType('aes-cbc')).toThrow(
      expect.objectContaining({ code: 'unsupportedEncryption' }),
    );
    expect(() => parseEncryptionType('cbc')).toThrow(
      expect.objectContaining({ code: 'unsupportedEncryption' }),
    );
    expect(() => parseEncryptionType('rot13')).toThrow(
      expect.objectContaining({ code: 'invalidEncryptionType' }),
    );
    expect(() => parseEncryptionType(1)).toThrow(expect.objectContaining({ code: 'invalidEncryptionType' }));
  });
});
