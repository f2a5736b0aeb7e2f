import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../base64';
import { fromHex, toHex, utf8Decode, utf8Encode } from '../bytes';
import { decryptHop, encryptHop, encryptionOverhead } from './hopCipher';

// protocol-network.md §5.3: libsession tests/test_onionreq.cpp, with the keys derived there.
const test1Keys = {
  'aes-gcm': fromHex('4f310f62c43f14d7fea7c084819a4e394d9fc7005919275ac18d9eb8bf3e4231'),
  xchacha20: fromHex('37a3af90eb276c0b4069998e97edf956b6933bd3c77d330a072cdf274e757ab5'),
};
const test2Keys = {
  'aes-gcm': fromHex('6215038efa8c2735db1aa5a086f75b51e972b8bdcf6926480bdec488cd4db99d'),
  xchacha20: fromHex('539091d458c3ba5ec79e5d2784452698e7c5f44138cdfeafca72e19c322e8fe5'),
};
const test1Ciphertexts = [
  ['aes-gcm', '1eb6ae1cd72f60999486365749bd5dc15cc0b6a2a44d7d063daa5e93722f0c025fd00306403b61'],
  [
    'xchacha20',
    '9e1a3abe60eff3ea5c23556cc7e225b6f94355315f7281f66ecf4dbb06e7899a52b863e03cde3b287d1638d765db75de02b032',
  ],
] as const;

describe('hop cipher', () => {
  it.each(test1Ciphertexts)('test 1: the %s ciphertext decrypts to “Hello world”', async (type, hex) => {
    expect(utf8Decode(await decryptHop(type, test1Keys[type], fromHex(hex)))).toBe('Hello world');
  });

  it.each(test1Ciphertexts)(
    'test 1: every one-byte flip of the %s ciphertext is refused',
    async (type, hex) => {
      const sealed = fromHex(hex);
      for (let index = 0; index < sealed.length; index += 1) {
        const damaged = sealed.slice();
        damaged[index] = damaged[index]! ^ 1;
        await expect(decryptHop(type, test1Keys[type], damaged)).rejects.toThrow(
          expect.objectContaining({ code: 'decryptionFailed' }),
        );
      }
    },
  );

  it.each(test1Ciphertexts)('test 1: the %s ciphertext is refused under another key', async (type, hex) => {
    await expect(decryptHop(type, test2Keys[type], fromHex(hex))).rejects.toThrow(/could not be decrypted/u);
  });

  it('test 2: a reply to “Goodbye world” measures 12+13+16 (gcm) and 24+13+16 (xchacha20) bytes', async () => {
    for (const type of ['aes-gcm', 'xchacha20'] as const) {
      const sealed = await encryptHop(type, test2Keys[type], utf8Encode('Goodbye world'));
      expect(sealed.length).toBe(13 + encryptionOverhead(type));
      expect(utf8Decode(await decryptHop(type, test2Keys[type], sealed))).toBe('Goodbye world');
      // A fresh nonce each time.
      expect(toHex(await encryptHop(type, test2Keys[type], utf8Encode('Goodbye world')))).not.toBe(
        toHex(sealed),
      );
    }
    expect(encryptionOverhead('aes-gcm')).toBe(28);
    expect(encryptionOverhead('xchacha20')).toBe(40);
  });

  it('test 2: the deterministic aes-gcm reply', async () => {
    const iv = Uint8Array.from({ length: 12 }, (_, index) => index);
    const sealed = await encryptHop(
      'aes-gcm',
      test2Keys['aes-gcm'],
      utf8Encode('{"status":200,"body":"{}"}'),
      iv,
    );
    expect(toHex(sealed)).toBe(
      '000102030405060708090a0b20f9b96c43f4cd80f67ea04416b9b986b4c08676722162eee4c349d9041a486e80df7af079b954192b88',
    );
    const base64 = 'AAECAwQFBgcICQoLIPm5bEP0zYD2fqBEFrm5hrTAhnZyIWLu5MNJ2QQaSG6A33rweblUGSuI';
    expect(toBase64(sealed)).toBe(base64);
    expect(utf8Decode(await decryptHop('aes-gcm', test2Keys['aes-gcm'], fromBase64(base64)))).toBe(
      '{"status":200,"body":"{}"}',
    );
  });

  it('test 2: the deterministic xchacha20 reply', async () => {
    const nonce = Uint8Array.from({ length: 24 }, (_, index) => index);
    const sealed = await encryptHop(
      'xchacha20',
      test2Keys.xchacha20,
      utf8Encode('{"status":200,"body":"{}"}'),
      nonce,
    );
    expect(toHex(sealed)).toBe(
      '000102030405060708090a0b0c0d0e0f1011121314151617f4f4322caa4bba5384fa1e1a2d51b94c5dbc23b25ed8d1224f76cbaa553113766ec739f85e988bb75f6d',
    );
    expect(utf8Decode(await decryptHop('xchacha20', test2Keys.xchacha20, sealed))).toBe(
      '{"status":200,"body":"{}"}',
    );
  });

  it('refuses truncated input, bad keys and bad nonces', async () => {
    await expect(decryptHop('aes-gcm', test1Keys['aes-gcm'], new Uint8Array(27))).rejects.toThrow(
      expect.objectContaining({ code: 'decryptionFailed' }),
    );
    await expect(decryptHop('xchacha20', test1Keys.xchacha20, new Uint8Array(39))).rejects.toThrow(
      expect.objectContaining({ code: 'decryptionFailed' }),
    );
    await expect(encryptHop('aes-gcm', new Uint8Array(16), new Uint8Array(1))).rejects.toThrow(RangeError);
    await expect(
      encryptHop('xchacha20', test1Keys.xchacha20, new Uint8Array(1), new Uint8Array(12)),
    ).rejects.toThrow(/24 bytes/u);
  });

  it('encrypts an empty plaintext', async () => {
    for (const type of ['aes-gcm', 'xchacha20'] as const) {
      const sealed = await encryptHop(type, test1Keys[type], new Uint8Array(0));
      expect((await decryptHop(type, test1Keys[type], sealed)).length).toBe(0);
    }
  });
});
