import { describe, expect, it } from 'vitest';
import { readVector } from '../../../test/vectors';
import { fromBase64 } from '../base64';
import { fromHex } from '../bytes';
import { messageHash, messageHashLength } from './messageHash';

// protocol-network.md §4.5: the upstream vector of oxen-storage-server unit_test/service_node.cpp,
// and the same data in namespaces −10 and 11 (derived there).
const pubkey = '05ffba630924aa1224bb930dde21c0d11bf004608f2812217f8ac812d6c7e3ad48';
const data = fromBase64(readVector('storage-message-hash-blob.b64').trim());

describe('messageHash', () => {
  it('reads the 347-byte blob of the vector', () => {
    expect(data.length).toBe(347);
  });

  it.each([
    [0, '4sMyAuaZlMwww3oFvfhazfw7ASx/7TDtO+TVc8aAjHs'],
    [-10, 'RKfzPoxgrGv0+bnaytg85gAqKN+/g2sRHtNB1ZrkTkE'],
    [11, '+mN1sJQ3YXdqMHPnpJfXYEQiK1OIc1N5kLogQa8EcDk'],
  ])('hashes the blob in namespace %i', async (namespace, expected) => {
    const hash = await messageHash({ pubkey, namespace, data });
    expect(hash).toBe(expected);
    expect(hash.length).toBe(messageHashLength);
    expect(await messageHash({ pubkey: fromHex(pubkey), namespace, data })).toBe(expected);
    expect(await messageHash({ pubkey: pubkey.toUpperCase(), namespace, data })).toBe(expected);
  });

  it('depends on every input', async () => {
    const base = await messageHash({ pubkey, namespace: 0, data });
    expect(await messageHash({ pubkey: `03${pubkey.slice(2)}`, namespace: 0, data })).not.toBe(base);
    expect(await messageHash({ pubkey, namespace: 0, data: data.slice(1) })).not.toBe(base);
  });

  it('refuses a bad pubkey or namespace', async () => {
    await expect(messageHash({ pubkey: pubkey.slice(2), namespace: 0, data })).rejects.toThrow(
      expect.objectContaining({ code: 'invalidPubkey' }),
    );
    await expect(messageHash({ pubkey, namespace: 40000, data })).rejects.toThrow(RangeError);
  });
});
