import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Decode, utf8Encode } from '../bytes';
import { ConfigDecodeError } from './configErrors';
import { decryptConfig, encryptConfig } from './configEncryption';

// §8.1 (LS tests/test_encrypt.cpp "config message encryption").
const keyBase1 = fromHex('abcdef0123456789'.repeat(4));
const keyBase2 = fromHex('0123456789abcdef'.repeat(4));
const message = utf8Encode('some message 1');

describe('config encryption (§4 step 4, §8.1)', () => {
  it('reproduces the upstream ciphertext and its trailing nonce', async () => {
    const encrypted = await encryptConfig(message, keyBase1, 'test-suite1');
    expect(toHex(encrypted)).toBe(
      'f14f242a26638f3305707d1035e734577f943cd7d28af58e32637e0966dcaf2f4860cb4d0f8ba7e09d29e31f5e4a18f65847287a54a0',
    );
    expect(toHex(encrypted.subarray(-24))).toBe('af2f4860cb4d0f8ba7e09d29e31f5e4a18f65847287a54a0');
    expect(utf8Decode(await decryptConfig(encrypted, keyBase1, 'test-suite1'))).toBe('some message 1');
  });

  it('takes the nonce from the domain, not the key', async () => {
    const otherDomain = await encryptConfig(message, keyBase1, 'test-suite2');
    expect(toHex(otherDomain.subarray(-24))).toBe('277e639d36ba46470dfff509a68cb73d9a96386c51739bdd');
    const first = await encryptConfig(message, keyBase1, 'test-suite1');
    const otherKey = await encryptConfig(message, keyBase2, 'test-suite1');
    expect(toHex(otherKey.subarray(-24))).toBe(toHex(first.subarray(-24)));
    expect(toHex(otherKey.subarray(0, -24))).not.toBe(toHex(first.subarray(0, -24)));
  });

  it('refuses every flipped byte with an undecryptable ConfigDecodeError', async () => {
    const encrypted = await encryptConfig(message, keyBase1, 'test-suite1');
    for (let index = 0; index < encrypted.length; index += 1) {
      const damaged = encrypted.slice();
      damaged[index] = damaged[index]! ^ 0x01;
      await expect(decryptConfig(damaged, keyBase1, 'test-suite1')).rejects.toMatchObject({
        reason: 'undecryptable',
      });
    }
  });

  it('refuses the wrong key, the wrong domain and a truncated input', async () => {
    const encrypted = await encryptConfig(message, keyBase1, 'test-suite1');
    await expect(decryptConfig(encrypted, keyBase2, 'test-suite1')).rejects.toBeInstanceOf(ConfigDecodeError);
    await expect(decryptConfig(encrypted, keyBase1, 'test-suite2')).rejects.toBeInstanceOf(ConfigDecodeError);
    await expect(decryptConfig(encrypted.subarray(0, 39), keyBase1, 'test-suite1')).rejects.toMatchObject({
      reason: 'undecryptable',
    });
  });

  it('requires a 32-byte key base and a 1–24 byte domain', async () => {
    await expect(encryptConfig(message, keyBase1.subarray(0, 31), 'x')).rejects.toThrow(RangeError);
    await expect(encryptConfig(message, keyBase1, '')).rejects.toThrow(RangeError);
    await expect(encryptConfig(message, keyBase1, 'x'.repeat(25))).rejects.toThrow(RangeError);
    const longest = await encryptConfig(message, keyBase1, 'x'.repeat(24));
    expect(await decryptConfig(longest, keyBase1, 'x'.repeat(24))).toEqual(message);
  });
});
