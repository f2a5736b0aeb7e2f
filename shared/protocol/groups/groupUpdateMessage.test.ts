// The GroupUpdateMessage schema (protocol-config-groups.md §6.8) on the wire: field numbers, types
// and required fields checked against hand-encoded bytes.
import { describe, expect, it } from 'vitest';
import { isStarlingError } from '../../errors';
import { fromHex, toHex } from '../bytes';
import { decodeContent, encodeContent, SessionProtos, type Content } from '../messages/codec';

function groupUpdate(
  message: NonNullable<NonNullable<Content['dataMessage']>['groupUpdateMessage']>,
): Content {
  return { dataMessage: { groupUpdateMessage: message } };
}

function expectMalformed(hex: string): void {
  let error: unknown;
  try {
    decodeContent(fromHex(hex));
  } catch (caught) {
    error = caught;
  }
  expect(isStarlingError(error) && error.code).toBe('malformedMessage');
}

describe('GroupUpdateMessage (DataMessage 120, §6.8)', () => {
  it('is DataMessage field 120 and inviteResponse is its field 6', () => {
    const content = groupUpdate({ inviteResponse: { isApproved: true } });
    const hex = '0a07' + 'c20704' + '3202' + '0801';
    expect(toHex(encodeContent(content))).toBe(hex);
    expect(decodeContent(fromHex(hex))).toEqual(content);
  });

  it('encodes the invite with its four fields in order', () => {
    const content = groupUpdate({
      inviteMessage: {
        groupSessionId: '03ab',
        name: 'n',
        memberAuthData: Uint8Array.of(1, 2),
        adminSignature: Uint8Array.of(9),
      },
    });
    const invite = '0a04' + '30336162' + '1201' + '6e' + '1a02' + '0102' + '2201' + '09';
    const hex = '0a15' + 'c20712' + '0a10' + invite;
    expect(toHex(encodeContent(content))).toBe(hex);
    expect(decodeContent(fromHex(hex))).toEqual(content);
  });

  it('encodes member and info changes with their enums', () => {
    const members = groupUpdate({
      memberChangeMessage: {
        type: SessionProtos.GroupUpdateMemberChangeMessage.Type.ADDED,
        memberSessionIds: ['ab'],
        historyShared: true,
        adminSignature: Uint8Array.of(0xff),
      },
    });
    const memberHex = '0a10' + 'c2070d' + '1a0b' + '0801' + '12026162' + '1801' + '2201ff';
    expect(toHex(encodeContent(members))).toBe(memberHex);
    expect(decodeContent(fromHex(memberHex))).toEqual(members);

    const info = groupUpdate({
      infoChangeMessage: {
        type: SessionProtos.GroupUpdateInfoChangeMessage.Type.DISAPPEARING_MESSAGES,
        updatedExpiration: 300,
        adminSignature: Uint8Array.of(1),
      },
    });
    const infoHex = '0a0d' + 'c2070a' + '1208' + '0803' + '18ac02' + '220101';
    expect(toHex(encodeContent(info))).toBe(infoHex);
    expect(SessionProtos.GroupUpdateInfoChangeMessage.Type.NAME).toBe(1);
    expect(SessionProtos.GroupUpdateInfoChangeMessage.Type.AVATAR).toBe(2);
    expect(SessionProtos.GroupUpdateMemberChangeMessage.Type.REMOVED).toBe(2);
    expect(SessionProtos.GroupUpdateMemberChangeMessage.Type.PROMOTED).toBe(3);
  });

  it('numbers the other sub-messages 4, 5, 7 and 8', () => {
    expect(
      toHex(
        encodeContent(groupUpdate({ promoteMessage: { groupIdentitySeed: Uint8Array.of(7), name: 'g' } })),
      ),
    ).toBe('0a0b' + 'c20708' + '2206' + '0a0107' + '120167');
    expect(toHex(encodeContent(groupUpdate({ memberLeftMessage: {} })))).toBe('0a05' + 'c20702' + '2a00');
    expect(toHex(encodeContent(groupUpdate({ memberLeftNotificationMessage: {} })))).toBe(
      '0a05' + 'c20702' + '4200',
    );
    const deletion = groupUpdate({
      deleteMemberContent: { memberSessionIds: ['a'], messageHashes: ['h', 'i'] },
    });
    const deletionHex = '0a0e' + 'c2070b' + '3a09' + '0a0161' + '120168' + '120169';
    expect(toHex(encodeContent(deletion))).toBe(deletionHex);
    // adminSignature is optional here, unlike the other admin messages.
    expect(decodeContent(fromHex(deletionHex))).toEqual(deletion);
  });

  it('refuses sub-messages missing a required field', () => {
    // An invite without adminSignature (field 4).
    expectMalformed('0a10' + 'c2070d' + '0a0b' + '0a04' + '30336162' + '1201' + '6e' + '1a00');
    // A member change without its type.
    expectMalformed('0a08' + 'c20705' + '1a03' + '2201ff');
    // An invite response without isApproved.
    expectMalformed('0a05' + 'c20702' + '3200');
    // A promotion without the group's seed.
    expectMalformed('0a08' + 'c20705' + '2203' + '120167');
  });
});
