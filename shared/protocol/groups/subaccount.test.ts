import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../base64';
import { fromHex, toHex, utf8Encode } from '../bytes';
import { deriveIdentityKeys } from '../identity/keys';
import { isStarlingError } from '../../errors';
import { loadSodium } from '../sodium';
import {
  makeSubaccountAuthData,
  memberSubaccountToken,
  signAsSubaccount,
  subaccountFlags,
  subaccountToken,
  verifySubaccountAuthData,
} from './subaccount';

// protocol-config-groups.md §8.7.
const groupSeed = fromHex('0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210');
const memberSeed = fromHex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
const memberSessionId = '05c5ba413c336f2fe1fb9a2c525f8a86a412a1db128a7841b4e0e217fa9eb7fd5e';
const expectedAuthData =
  '03030000013cb83a207d36c574aefe7dc51a5d1c3ad69d17f6c8d1c9398bee1180f8770ae9baefbffda37dc88100979128c1927a93492ee965cab5551e28f254313ef060b939cf3d50dc6336bab59155753fea6450844339ec36e2048b1602d97dd97e05';
const expectedToken = '0303000085af311da72570859cae7e84d6a135e716a8c0b7f7f4d554b8da4778a636e839';

async function keys() {
  const group = await deriveIdentityKeys(groupSeed);
  const member = await deriveIdentityKeys(memberSeed);
  return { group, member };
}

describe('subaccount auth (§6.6, §8.7)', () => {
  it('has the flag values of §4.2', () => {
    expect(subaccountFlags).toEqual({ read: 1, write: 2, delete: 4, anyPrefix: 8 });
  });

  it('derives the group key and member ID of the vector', async () => {
    const { group, member } = await keys();
    expect(toHex(group.ed25519PublicKey)).toBe(
      'c50cb3ae956947a8de19135b5be2685ff348afc63fc34a837aca12bc5c1f5625',
    );
    expect(member.sessionId).toBe(memberSessionId);
  });

  it('makes the auth data of §8.7', async () => {
    const { group } = await keys();
    const authData = await makeSubaccountAuthData({
      groupEd25519SecretKey: group.ed25519SecretKey,
      memberSessionId,
    });
    expect(toHex(authData)).toBe(expectedAuthData);
  });

  it('computes the revoke token the member will present', async () => {
    const { group, member } = await keys();
    const token = await subaccountToken({ groupEd25519SecretKey: group.ed25519SecretKey, memberSessionId });
    expect(toHex(token)).toBe(expectedToken);
    expect(toHex(await memberSubaccountToken(fromHex(expectedAuthData), member.ed25519PublicKey))).toBe(
      expectedToken,
    );
  });

  it('sets the flags it is asked for', async () => {
    const { group } = await keys();
    const readOnly = await subaccountToken({
      groupEd25519SecretKey: group.ed25519SecretKey,
      memberSessionId,
      write: false,
    });
    const all = await makeSubaccountAuthData({
      groupEd25519SecretKey: group.ed25519SecretKey,
      memberSessionId,
      delete: true,
    });
    expect(readOnly[1]).toBe(1);
    expect(all[1]).toBe(7);
    // The same kT whatever the flags: only the token's header differs.
    expect(toHex(readOnly.subarray(4))).toBe(expectedToken.slice(8));
  });

  it('signs retrieve9991693340111000 exactly as upstream', async () => {
    const { member } = await keys();
    const signed = await signAsSubaccount({
      message: utf8Encode('retrieve9991693340111000'),
      authData: fromHex(expectedAuthData),
      memberEd25519SecretKey: member.ed25519SecretKey,
    });
    expect(signed).toEqual({
      subaccount: 'AwMAAIWvMR2nJXCFnK5+hNahNecWqMC39/TVVLjaR3imNug5',
      subaccount_sig:
        '6brvv/2jfciBAJeRKMGSepNJLullyrVVHijyVDE+8GC5Oc89UNxjNrq1kVV1P+pkUIRDOew24gSLFgLZfdl+BQ==',
      signature: 'c3PJ4g29v5RivKm8Tdg49vGU2/6kVd0yONnpz5U5zePMYptqW3iYQ0TYf2rEzv3qqkPhS5p67M5GAccHoBHGDQ==',
    });
  });

  it('makes signatures that verify as plain Ed25519 under token[4:], as the server checks (§4.2)', async () => {
    const { group, member } = await keys();
    const sodium = await loadSodium();
    const message = utf8Encode('store111700000000000');
    const signed = await signAsSubaccount({
      message,
      authData: fromHex(expectedAuthData),
      memberEd25519SecretKey: member.ed25519SecretKey,
    });
    const token = fromBase64(signed.subaccount);
    expect(sodium.crypto_sign_verify_detached(fromBase64(signed.signature), message, token.subarray(4))).toBe(
      true,
    );
    expect(
      sodium.crypto_sign_verify_detached(fromBase64(signed.subaccount_sig), token, group.ed25519PublicKey),
    ).toBe(true);
    const other = utf8Encode('store111700000000001');
    expect(sodium.crypto_sign_verify_detached(fromBase64(signed.signature), other, token.subarray(4))).toBe(
      false,
    );
  });

  it('signs correctly for a member whose Ed25519 key has the sign bit set', async () => {
    const sodium = await loadSodium();
    const { group } = await keys();
    // Find a seed whose public key is "negative", so that the ± of §4.9 is exercised.
    let negative = await deriveIdentityKeys(new Uint8Array(32).fill(1));
    for (let fill = 2; (negative.ed25519PublicKey[31]! & 0x80) === 0; fill += 1) {
      negative = await deriveIdentityKeys(new Uint8Array(32).fill(fill));
    }
    const authData = await makeSubaccountAuthData({
      groupEd25519SecretKey: group.ed25519SecretKey,
      memberSessionId: negative.sessionId,
    });
    expect(await verifySubaccountAuthData(authData, group.ed25519PublicKey, negative.ed25519PublicKey)).toBe(
      true,
    );
    const message = utf8Encode('retrieve111700000000000');
    const signed = await signAsSubaccount({
      message,
      authData,
      memberEd25519SecretKey: negative.ed25519SecretKey,
    });
    const token = fromBase64(signed.subaccount);
    expect(toBase64(token)).toBe(
      toBase64(
        await subaccountToken({
          groupEd25519SecretKey: group.ed25519SecretKey,
          memberSessionId: negative.sessionId,
        }),
      ),
    );
    expect(sodium.crypto_sign_verify_detached(fromBase64(signed.signature), message, token.subarray(4))).toBe(
      true,
    );
  });

  it('verifies the auth data, and refuses every flipped bit but bit 7 of byte 35', async () => {
    const { group, member } = await keys();
    const authData = fromHex(expectedAuthData);
    expect(await verifySubaccountAuthData(authData, group.ed25519PublicKey, member.ed25519PublicKey)).toBe(
      true,
    );
    const accepted: string[] = [];
    for (let byte = 0; byte < authData.length; byte += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const flipped = authData.slice();
        flipped[byte]! ^= 1 << bit;
        if (await verifySubaccountAuthData(flipped, group.ed25519PublicKey, member.ed25519PublicKey)) {
          accepted.push(`${byte}:${bit}`);
        }
      }
    }
    expect(accepted).toEqual(['35:7']);
  });

  it('refuses auth data for another member, another group, or of the wrong length', async () => {
    const { group, member } = await keys();
    const authData = fromHex(expectedAuthData);
    const stranger = await deriveIdentityKeys(new Uint8Array(32).fill(9));
    expect(await verifySubaccountAuthData(authData, group.ed25519PublicKey, stranger.ed25519PublicKey)).toBe(
      false,
    );
    expect(await verifySubaccountAuthData(authData, stranger.ed25519PublicKey, member.ed25519PublicKey)).toBe(
      false,
    );
    expect(
      await verifySubaccountAuthData(
        authData.subarray(0, 99),
        group.ed25519PublicKey,
        member.ed25519PublicKey,
      ),
    ).toBe(false);
    expect(
      await verifySubaccountAuthData(authData, group.ed25519PublicKey.subarray(1), member.ed25519PublicKey),
    ).toBe(false);
  });

  it('checks required flags when asked', async () => {
    const { group, member } = await keys();
    const authData = fromHex(expectedAuthData);
    expect(
      await verifySubaccountAuthData(authData, group.ed25519PublicKey, member.ed25519PublicKey, {
        write: true,
      }),
    ).toBe(true);
    expect(
      await verifySubaccountAuthData(authData, group.ed25519PublicKey, member.ed25519PublicKey, {
        delete: true,
      }),
    ).toBe(false);
  });

  it('refuses bad inputs with a typed error', async () => {
    const { group, member } = await keys();
    const refusals = [
      makeSubaccountAuthData({
        groupEd25519SecretKey: group.ed25519SecretKey,
        memberSessionId: '03' + 'ab'.repeat(32),
      }),
      makeSubaccountAuthData({ groupEd25519SecretKey: group.ed25519SecretKey, memberSessionId: '05abc' }),
      subaccountToken({ groupEd25519SecretKey: group.ed25519SecretKey.subarray(0, 32), memberSessionId }),
      signAsSubaccount({
        message: utf8Encode('x'),
        authData: fromHex(expectedAuthData).subarray(1),
        memberEd25519SecretKey: member.ed25519SecretKey,
      }),
      signAsSubaccount({
        message: utf8Encode('x'),
        authData: fromHex(expectedAuthData),
        memberEd25519SecretKey: member.ed25519SecretKey.subarray(0, 32),
      }),
    ];
    for (const refusal of refusals) {
      const error: unknown = await refusal.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(isStarlingError(error) && error.code).toBe('invalidSubaccountInput');
    }
  });
});
