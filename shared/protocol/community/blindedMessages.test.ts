// Blinded direct messages (protocol-messages.md §6.6), between two accounts known to each other
// only by their blinded IDs on one server.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { blindedSessionId } from './blinding';
import { decryptBlindedMessage, encryptForBlindedRecipient } from './blindedMessages';

const server = fromHex('6a32c7b491f4199dd1260a4cc60ae51c6bd71dad939cc521e738409f53f943be');

async function account(seedHex: string) {
  const sodium = await loadSodium();
  const pair = sodium.crypto_sign_seed_keypair(fromHex(seedHex));
  return {
    secretKey: pair.privateKey,
    sessionId: `05${toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(pair.publicKey))}`,
    blindedId: await blindedSessionId(pair.privateKey, server),
  };
}

const aliceSeed = 'fecd9a6034bc9aba273925dee7062b123334587c3c6257341afae2d7fe85e122';
// A key whose Ed25519 point is negative, so that the sign of the blinded key matters.
const bobSeed = '8659efdcbe0949e0f81141e6d397e8be75f45d09262f209d5950e97989eb43c7';

describe('blinded direct messages', () => {
  it('open in the recipient’s inbox and the sender’s outbox, naming the real sender', async () => {
    const [alice, bob] = await Promise.all([account(aliceSeed), account(bobSeed)]);
    const content = utf8Encode('padded content');
    const blob = await encryptForBlindedRecipient(content, alice.secretKey, server, bob.blindedId);
    expect(blob[0]).toBe(0);
    expect(blob.length).toBe(1 + content.length + 32 + 16 + 24);
    const item = { sender: alice.blindedId, recipient: bob.blindedId };
    for (const reader of [bob, alice]) {
      const opened = await decryptBlindedMessage(blob, reader.secretKey, server, item);
      expect(opened.senderSessionId).toBe(alice.sessionId);
      expect(Buffer.from(opened.paddedContent).toString()).toBe('padded content');
    }
    // And the other way round, from the negative key.
    const back = await encryptForBlindedRecipient(content, bob.secretKey, server, alice.blindedId);
    const opened = await decryptBlindedMessage(back, alice.secretKey, server, {
      sender: bob.blindedId,
      recipient: alice.blindedId,
    });
    expect(opened.senderSessionId).toBe(bob.sessionId);
  });

  it('refuse a third party, a changed byte, a false sender and an unknown version', async () => {
    const [alice, bob, carol] = await Promise.all([
      account(aliceSeed),
      account(bobSeed),
      account('880adf5164a79bce71f7387fbc2cb2693c0bf0ab4cb42bf1edafddade7527a66'),
    ]);
    const blob = await encryptForBlindedRecipient(
      utf8Encode('secret'),
      alice.secretKey,
      server,
      bob.blindedId,
    );
    const item = { sender: alice.blindedId, recipient: bob.blindedId };
    await expect(decryptBlindedMessage(blob, carol.secretKey, server, item)).rejects.toThrow(/someone else/u);
    const changed = blob.slice();
    changed[5]! ^= 1;
    await expect(decryptBlindedMessage(changed, bob.secretKey, server, item)).rejects.toThrow(
      /could not be opened/u,
    );
    // Carol seals for Bob but the server lists Alice as the sender: the key inside gives her away.
    const forged = await encryptForBlindedRecipient(
      utf8Encode('forged'),
      carol.secretKey,
      server,
      bob.blindedId,
    );
    await expect(decryptBlindedMessage(forged, bob.secretKey, server, item)).rejects.toThrow(
      /could not be opened|claims a sender/u,
    );
    const version = blob.slice();
    version[0] = 1;
    await expect(decryptBlindedMessage(version, bob.secretKey, server, item)).rejects.toThrow(
      /unknown version/u,
    );
  });
});
