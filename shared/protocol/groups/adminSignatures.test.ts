import { describe, expect, it } from 'vitest';
import { isStarlingError } from '../../errors';
import { fromHex, utf8Encode } from '../bytes';
import { deriveIdentityKeys } from '../identity/keys';
import { SessionProtos } from '../messages/codec';
import { loadSodium } from '../sodium';
import {
  adminSignatureText,
  signAdminAction,
  verifyAdminSignature,
  type AdminSignedAction,
} from './adminSignatures';

const groupSeed = fromHex('0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210');
const invitee = '05c5ba413c336f2fe1fb9a2c525f8a86a412a1db128a7841b4e0e217fa9eb7fd5e';
const other = '05ece06dd8e02fb2f7d9497f956a1996e199953c651f4016a2f79a3b3e38d55628';
const sentAt = 1_750_000_000_123;
const { NAME, DISAPPEARING_MESSAGES } = SessionProtos.GroupUpdateInfoChangeMessage.Type;
const { ADDED, REMOVED } = SessionProtos.GroupUpdateMemberChangeMessage.Type;

const actions: [AdminSignedAction, string][] = [
  [{ kind: 'invite', inviteeSessionId: invitee, sentAt }, `INVITE${invitee}1750000000123`],
  [{ kind: 'infoChange', type: DISAPPEARING_MESSAGES, sentAt }, 'INFO_CHANGE31750000000123'],
  [{ kind: 'memberChange', type: ADDED, sentAt }, 'MEMBER_CHANGE11750000000123'],
  [
    { kind: 'deleteContent', sentAt, memberSessionIds: [invitee, other], messageHashes: ['hashA', 'hashB'] },
    `DELETE_CONTENT1750000000123${invitee}${other}hashAhashB`,
  ],
  [
    { kind: 'deleteContent', sentAt, memberSessionIds: [], messageHashes: ['h'] },
    'DELETE_CONTENT1750000000123h',
  ],
];

describe('admin signatures (§6.8)', () => {
  it('signs the strings of §6.8', () => {
    for (const [action, text] of actions) expect(adminSignatureText(action)).toBe(text);
  });

  it('signs with the group key: plain Ed25519 over the UTF-8 string', async () => {
    const group = await deriveIdentityKeys(groupSeed);
    const sodium = await loadSodium();
    for (const [action, text] of actions) {
      const signature = await signAdminAction(action, group.ed25519SecretKey);
      expect(sodium.crypto_sign_verify_detached(signature, utf8Encode(text), group.ed25519PublicKey)).toBe(
        true,
      );
      expect(await verifyAdminSignature(action, signature, group.ed25519PublicKey)).toBe(true);
    }
  });

  it('refuses another time, type, invitee, list, key or a flipped bit', async () => {
    const group = await deriveIdentityKeys(groupSeed);
    const stranger = await deriveIdentityKeys(new Uint8Array(32).fill(5));
    const invite: AdminSignedAction = { kind: 'invite', inviteeSessionId: invitee, sentAt };
    const signature = await signAdminAction(invite, group.ed25519SecretKey);
    const verify = (action: AdminSignedAction, bytes = signature, key = group.ed25519PublicKey) =>
      verifyAdminSignature(action, bytes, key);
    expect(await verify({ ...invite, sentAt: sentAt + 1 })).toBe(false);
    expect(await verify({ ...invite, inviteeSessionId: other })).toBe(false);
    expect(await verify(invite, signature, stranger.ed25519PublicKey)).toBe(false);
    expect(await verify(invite, signature.subarray(0, 63))).toBe(false);
    expect(await verify(invite, signature, group.ed25519PublicKey.subarray(1))).toBe(false);
    const flipped = signature.slice();
    flipped[10]! ^= 0x10;
    expect(await verify(invite, flipped)).toBe(false);

    const name: AdminSignedAction = { kind: 'infoChange', type: NAME, sentAt };
    const nameSignature = await signAdminAction(name, group.ed25519SecretKey);
    expect(await verify({ ...name, type: DISAPPEARING_MESSAGES }, nameSignature)).toBe(false);
    // The same type number under another action is another string.
    expect(await verify({ kind: 'memberChange', type: ADDED, sentAt }, nameSignature)).toBe(false);
    const removal = await signAdminAction(
      { kind: 'memberChange', type: REMOVED, sentAt },
      group.ed25519SecretKey,
    );
    expect(await verify({ kind: 'memberChange', type: ADDED, sentAt }, removal)).toBe(false);

    const deletion: AdminSignedAction = {
      kind: 'deleteContent',
      sentAt,
      memberSessionIds: [invitee],
      messageHashes: ['a', 'b'],
    };
    const deletionSignature = await signAdminAction(deletion, group.ed25519SecretKey);
    expect(await verify({ ...deletion, messageHashes: ['a'] }, deletionSignature)).toBe(false);
    expect(await verify({ ...deletion, memberSessionIds: [] }, deletionSignature)).toBe(false);
    expect(await verify({ ...deletion, sentAt: Number.NaN }, deletionSignature)).toBe(false);
  });

  it('refuses a bad sent time or key with a typed error', async () => {
    const group = await deriveIdentityKeys(groupSeed);
    const attempts = [
      () => signAdminAction({ kind: 'memberChange', type: ADDED, sentAt: 1.5 }, group.ed25519SecretKey),
      () => signAdminAction({ kind: 'memberChange', type: ADDED, sentAt: -1 }, group.ed25519SecretKey),
      () =>
        signAdminAction(
          { kind: 'memberChange', type: ADDED, sentAt },
          group.ed25519SecretKey.subarray(0, 32),
        ),
    ];
    for (const attempt of attempts) {
      const code = await attempt().then(
        () => undefined,
        (error: unknown) => (isStarlingError(error) ? error.code : String(error)),
      );
      expect(code).toBe('invalidAdminAction');
    }
  });
});
