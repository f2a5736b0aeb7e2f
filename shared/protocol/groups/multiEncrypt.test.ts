import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8Decode, utf8Encode } from '../bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../identity/keys';
import { GroupKeysError } from './groupKeysError';
import { decryptForMultiple, encryptForMultiple } from './multiEncrypt';
import {
  decodeMultipleSimple,
  decryptForMultipleSimple,
  decryptForMultipleSimpleEd25519,
  encodeMultipleSimple,
  encryptForMultipleSimple,
  encryptForMultipleSimpleEd25519,
} from './multiEncryptSimple';

// §8.6 (LS tests/test_multi_encrypt.cpp).
const seedSuffixes = [
  '0123456789abcdef',
  '0000000000000000',
  '1111111111111111',
  '2222222222222222',
  '3333333333333333',
];
const nonce = fromHex('32ab4bb45d6df5cc14e1c330fb1a8b68ea3826a8c2213a49');
const domain = 'test suite';

async function vectorKeys(): Promise<IdentityKeys[]> {
  return Promise.all(
    seedSuffixes.map((suffix) =>
      deriveIdentityKeys(concatBytes(fromHex('0123456789abcdef' + suffix), new Uint8Array(16))),
    ),
  );
}

describe('multi-recipient encryption (§6.2, §8.6)', () => {
  it('derives the vector keys', async () => {
    const keys = await vectorKeys();
    expect(keys.map((key) => toHex(key.x25519PublicKey).slice(0, 8))).toEqual([
      'd2ad010e',
      'd673a8fb',
      'afd9716e',
      '03be14fe',
      '27b5c1ea',
    ]);
  });

  it('encrypts one message for all recipients as upstream', async () => {
    const [sender, ...others] = await vectorKeys();
    const ciphertexts = await encryptForMultiple({
      messages: [utf8Encode('hello')],
      recipients: others.slice(0, 3).map((key) => key.x25519PublicKey),
      senderX25519SecretKey: sender!.x25519SecretKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
      nonce,
    });
    expect(ciphertexts.map(toHex)).toEqual([
      'e64937e5ea201b84f4e88a976dad900d91caaf6a17',
      'b7a15bcd9f7b09445defcae2f1dc5085dd75cb085b',
      '01c4fc2156327735f3fb5063b11ea95f6ebcc5b6cc',
    ]);
  });

  it('encrypts one message per recipient as upstream, and each recipient opens only its own', async () => {
    const [sender, ...others] = await vectorKeys();
    const recipients = others.slice(0, 3);
    const ciphertexts = await encryptForMultiple({
      messages: ['hello', 'cruel', 'world'].map(utf8Encode),
      recipients: recipients.map((key) => key.x25519PublicKey),
      senderX25519SecretKey: sender!.x25519SecretKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
      nonce,
    });
    expect(ciphertexts.map(toHex)).toEqual([
      'e64937e5ea201b84f4e88a976dad900d91caaf6a17',
      'bcb642c49c6da03f70cdaab2ed6666721318afd631',
      '1ecee2215d226817edfdb097f05037eb799309103a',
    ]);
    const opened = await Promise.all(
      recipients.map((recipient) =>
        decryptForMultiple({
          ciphertexts,
          nonce,
          recipientX25519SecretKey: recipient.x25519SecretKey,
          recipientX25519PublicKey: recipient.x25519PublicKey,
          senderX25519PublicKey: sender!.x25519PublicKey,
          domain,
        }),
      ),
    );
    expect(opened.map((plaintext) => utf8Decode(plaintext!))).toEqual(['hello', 'cruel', 'world']);
    const outsider = others[3]!;
    const forOutsider = await decryptForMultiple({
      ciphertexts,
      nonce,
      recipientX25519SecretKey: outsider.x25519SecretKey,
      recipientX25519PublicKey: outsider.x25519PublicKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
    });
    expect(forOutsider).toBeUndefined();
    const wrongDomain = await decryptForMultiple({
      ciphertexts,
      nonce,
      recipientX25519SecretKey: recipients[0]!.x25519SecretKey,
      recipientX25519PublicKey: recipients[0]!.x25519PublicKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain: 'test suitf',
    });
    expect(wrongDomain).toBeUndefined();
  });

  it('refuses a message count that is neither one nor one per recipient', async () => {
    const [sender, ...others] = await vectorKeys();
    await expect(
      encryptForMultiple({
        messages: [utf8Encode('a'), utf8Encode('b')],
        recipients: others.slice(0, 3).map((key) => key.x25519PublicKey),
        senderX25519SecretKey: sender!.x25519SecretKey,
        senderX25519PublicKey: sender!.x25519PublicKey,
        domain,
        nonce,
      }),
    ).rejects.toBeInstanceOf(GroupKeysError);
  });

  it('skips a low-order recipient only when asked', async () => {
    const [sender, first] = await vectorKeys();
    const input = {
      messages: [utf8Encode('hello')],
      recipients: [new Uint8Array(32), first!.x25519PublicKey],
      senderX25519SecretKey: sender!.x25519SecretKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
      nonce,
    };
    await expect(encryptForMultiple(input)).rejects.toBeInstanceOf(GroupKeysError);
    const skipped = await encryptForMultiple({ ...input, skipInvalidRecipients: true });
    expect(skipped.map(toHex)).toEqual(['e64937e5ea201b84f4e88a976dad900d91caaf6a17']);
  });
});

describe('the simple container (§6.2, §8.6)', () => {
  it('packs the vector as d1:#24:<nonce>1:el21:…21:…21:…ee and opens for each recipient', async () => {
    const [sender, ...others] = await vectorKeys();
    const recipients = others.slice(0, 3);
    const encoded = await encryptForMultipleSimple({
      messages: ['hello', 'cruel', 'world'].map(utf8Encode),
      recipients: recipients.map((key) => key.x25519PublicKey),
      senderX25519SecretKey: sender!.x25519SecretKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
      nonce,
    });
    const expected = concatBytes(
      utf8Encode('d1:#24:'),
      nonce,
      utf8Encode('1:el21:'),
      fromHex('e64937e5ea201b84f4e88a976dad900d91caaf6a17'),
      utf8Encode('21:'),
      fromHex('bcb642c49c6da03f70cdaab2ed6666721318afd631'),
      utf8Encode('21:'),
      fromHex('1ecee2215d226817edfdb097f05037eb799309103a'),
      utf8Encode('ee'),
    );
    expect(toHex(encoded)).toBe(toHex(expected));
    const third = await decryptForMultipleSimple({
      encoded,
      recipientX25519SecretKey: recipients[2]!.x25519SecretKey,
      recipientX25519PublicKey: recipients[2]!.x25519PublicKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
    });
    expect(utf8Decode(third!)).toBe('world');
  });

  it('pads with junk entries of the first copy’s size to a multiple', async () => {
    const [sender, ...others] = await vectorKeys();
    const encoded = await encryptForMultipleSimple({
      messages: [utf8Encode('hello')],
      recipients: others.slice(0, 3).map((key) => key.x25519PublicKey),
      senderX25519SecretKey: sender!.x25519SecretKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
      pad: 5,
    });
    const decoded = decodeMultipleSimple(encoded);
    expect(decoded.ciphertexts).toHaveLength(5);
    expect(decoded.ciphertexts.every((entry) => entry.length === 21)).toBe(true);
    expect(decoded.nonce).toHaveLength(24);
    expect(toHex(decoded.nonce)).not.toBe(toHex(nonce));
  });

  it('works through the Ed25519 variants', async () => {
    const [sender, first, second] = await vectorKeys();
    const encoded = await encryptForMultipleSimpleEd25519({
      messages: [utf8Encode('kicked')],
      recipients: [first!.x25519PublicKey, second!.x25519PublicKey],
      senderEd25519SecretKey: sender!.ed25519SecretKey,
      domain,
    });
    const opened = await decryptForMultipleSimpleEd25519({
      encoded,
      recipientEd25519SecretKey: second!.ed25519SecretKey,
      senderEd25519PublicKey: sender!.ed25519PublicKey,
      domain,
    });
    expect(utf8Decode(opened!)).toBe('kicked');
    const wrongSender = await decryptForMultipleSimpleEd25519({
      encoded,
      recipientEd25519SecretKey: second!.ed25519SecretKey,
      senderEd25519PublicKey: first!.ed25519PublicKey,
      domain,
    });
    expect(wrongSender).toBeUndefined();
  });

  it('refuses malformed containers with a typed error, and decrypt answers undefined', async () => {
    const valid = encodeMultipleSimple({ nonce, ciphertexts: [new Uint8Array(21)] });
    const cases = [
      valid.subarray(0, valid.length - 1),
      valid.subarray(0, 10),
      concatBytes(valid, utf8Encode('x')),
      utf8Encode('d1:#23:' + 'a'.repeat(23) + '1:elee'),
      utf8Encode('d1:#24:' + 'a'.repeat(24) + 'e'),
      utf8Encode('d1:el0:ee'),
      utf8Encode('d1:el0:e1:#24:' + 'a'.repeat(24) + 'e'),
      utf8Encode('d1:#24:' + 'a'.repeat(24) + '1:eli1eee'),
      utf8Encode('le'),
      new Uint8Array(0),
    ];
    for (const bad of cases) {
      expect(() => decodeMultipleSimple(bad)).toThrow(GroupKeysError);
    }
    const [sender, first] = await vectorKeys();
    for (const bad of cases) {
      const opened = await decryptForMultipleSimple({
        encoded: bad,
        recipientX25519SecretKey: first!.x25519SecretKey,
        recipientX25519PublicKey: first!.x25519PublicKey,
        senderX25519PublicKey: sender!.x25519PublicKey,
        domain,
      });
      expect(opened).toBeUndefined();
    }
  });

  it('fails to open a copy with a flipped byte', async () => {
    const [sender, first] = await vectorKeys();
    const encoded = await encryptForMultipleSimple({
      messages: [utf8Encode('hello')],
      recipients: [first!.x25519PublicKey],
      senderX25519SecretKey: sender!.x25519SecretKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
      nonce,
    });
    const tampered = encoded.slice();
    tampered[tampered.length - 5]! ^= 0x01;
    const opened = await decryptForMultipleSimple({
      encoded: tampered,
      recipientX25519SecretKey: first!.x25519SecretKey,
      recipientX25519PublicKey: first!.x25519PublicKey,
      senderX25519PublicKey: sender!.x25519PublicKey,
      domain,
    });
    expect(opened).toBeUndefined();
  });
});
