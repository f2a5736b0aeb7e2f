import { describe, expect, it } from 'vitest';
import { readVector } from '../../../test/vectors';
import { concatBytes, fromHex, toHex } from '../bytes';
import { decodeMnemonic } from '../mnemonic/mnemonic';
import { loadSodium } from '../sodium';
import { deriveIdentityKeys, sessionIdFromEd25519PublicKey } from './keys';

// protocol-messages.md §7 and protocol-network.md §4.8.
const vectors = [
  {
    seed: '0123456789abcdef0123456789abcdef',
    ed25519PublicKey: '4cb76fdc6d32278e3f83dbf608360ecc6b65727934b85d2fb86862ff98c46ab7',
    x25519SecretKey: 'c066ce44b14d551ee69dbcd631c061d17655b374f5d54e4f1ea9e3718638956b',
    sessionId: '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72',
  },
  {
    seed: '00112233445566778899aabbccddeeff',
    ed25519PublicKey: '5ea34e72bb044654a6a23675690ef5ffaaf1656b02f93fb76655f9cbdbe89876',
    x25519SecretKey: '608744d00cd35a82177fe30a1befc3ec3282a9484df0deb13cc5842c0145d455',
    sessionId: '05aa654f00fc39fc69fd0db829410ca38177d7732a8d2f0934ab3872ac56d5aa74',
  },
];

/** Reads one length-delimited field of a protobuf message (enough to unwrap the capture below). */
function protobufField(message: Uint8Array, wanted: number): Uint8Array {
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = message[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (offset < message.length) {
    const key = varint();
    const [field, wireType] = [Math.floor(key / 8), key % 8];
    if (wireType === 0) varint();
    else if (wireType === 2) {
      const length = varint();
      if (field === wanted) return message.slice(offset, offset + length);
      offset += length;
    } else throw new Error(`unexpected wire type ${wireType}`);
  }
  throw new Error(`field ${wanted} not found`);
}

describe('deriveIdentityKeys', () => {
  it.each(vectors)('derives the official keys and Session ID from seed $seed', async (vector) => {
    const keys = await deriveIdentityKeys(fromHex(vector.seed));
    expect(toHex(keys.ed25519PublicKey)).toBe(vector.ed25519PublicKey);
    expect(toHex(keys.x25519SecretKey)).toBe(vector.x25519SecretKey);
    expect(keys.sessionId).toBe(vector.sessionId);
    expect(toHex(keys.seed)).toBe(vector.seed + '00'.repeat(16));
    expect(toHex(keys.ed25519SecretKey)).toBe(toHex(keys.seed) + vector.ed25519PublicKey);
  });

  it('takes a full 32-byte seed as it is', async () => {
    const keys = await deriveIdentityKeys(
      fromHex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'),
    );
    expect(toHex(keys.ed25519PublicKey)).toBe(
      '3ccd241cffc9b3618044b97d036d8614593d8b017c340f1dee8773385517654b',
    );
    expect(keys.sessionId).toBe('05c5ba413c336f2fe1fb9a2c525f8a86a412a1db128a7841b4e0e217fa9eb7fd5e');
  });

  it('refuses seeds of other lengths', async () => {
    await expect(deriveIdentityKeys(new Uint8Array(20))).rejects.toThrow(/16 or 32 bytes/u);
  });

  it('the recovery phrase of the vector decodes to the same account', async () => {
    const seed = decodeMnemonic(
      'python costume hamburger heels amnesty lukewarm antics value picked roped sowed southern amnesty',
    );
    expect((await deriveIdentityKeys(seed)).sessionId).toBe(vectors[1]!.sessionId);
  });

  it('opens a message an official client sealed to the account of seed f887…4c14', async () => {
    // test/fixtures/vectors/captured-config-message.hex: WebSocketMessage → Envelope → sealed box.
    const sodium = await loadSodium();
    const keys = await deriveIdentityKeys(fromHex('f887566576de6c16d9ec251d55e24c14'));
    const captured = fromHex(readVector('captured-config-message.hex').trim());
    const envelope = protobufField(protobufField(captured, 2), 3);
    const sealed = protobufField(envelope, 8);
    const opened = sodium.crypto_box_seal_open(sealed, keys.x25519PublicKey, keys.x25519SecretKey);
    expect(opened.length).toBe(639 + 96);
    const padded = opened.slice(0, -96);
    const senderKey = opened.slice(-96, -64);
    const signature = opened.slice(-64);
    expect(
      sodium.crypto_sign_verify_detached(
        signature,
        concatBytes(padded, senderKey, keys.x25519PublicKey),
        senderKey,
      ),
    ).toBe(true);
    // A self-sync message: the sender is the account itself.
    expect(toHex(senderKey)).toBe(toHex(keys.ed25519PublicKey));
    expect(await sessionIdFromEd25519PublicKey(senderKey)).toBe(keys.sessionId);
  });
});
