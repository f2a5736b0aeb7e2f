import { describe, expect, it } from 'vitest';
import { fromHex } from '../../bytes';
import { encodeBt } from '../bencode';
import { type ConfigDict, type ConfigValue, keyFromBytes, keyFromText } from '../configValue';
import {
  addGroupMember,
  eraseGroupMember,
  readGroupMember,
  readGroupMembers,
  setInviteAccepted,
  setInviteFailed,
  setInviteNotSent,
  setInviteSent,
  setMemberName,
  setMemberProfilePicture,
  setPromoted,
  setPromotionAccepted,
  setPromotionFailed,
  setPromotionSent,
  setRemoved,
} from './groupMembers';

const k = keyFromText;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const admin = '05f1e8b64bbf761edf8f7b47e3a1f369985644cce0a62adb8e21604474bdd49627';
const member = '05ece06dd8e02fb2f7d9497f956a1996e199953c651f4016a2f79a3b3e38d55628';
const memberKey = keyFromBytes(fromHex(member));

function entry(data: ConfigDict, key = memberKey): string {
  const members = data.get(k('m')) as ConfigDict;
  return new TextDecoder('latin1').decode(encodeBt(members.get(key) as ConfigDict));
}

describe('group Members (§6.4)', () => {
  it('adds a member keyed by its 33 raw bytes, invite not sent, n present', () => {
    const data: ConfigDict = new Map();
    expect(addGroupMember(data, member)).toBe(true);
    expect([...(data.get(k('m')) as ConfigDict).keys()]).toEqual([memberKey]);
    expect(memberKey.length).toBe(33);
    expect(entry(data)).toBe('d1:Ii3e1:n0:e');
    expect(readGroupMember(data, member)).toEqual({
      sessionId: member,
      name: '',
      profilePicture: null,
      admin: false,
      invite: 'notSent',
      supplement: false,
      promotion: 'none',
      removal: 'none',
    });
    expect(addGroupMember(data, member, { name: 'other' })).toBe(false);
    expect(entry(data)).toBe('d1:Ii3e1:n0:e');
  });

  it('walks the invite states; accepting clears I and s', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, member, { name: 'Member', supplement: true });
    expect(entry(data)).toBe('d1:Ii3e1:n6:Member1:si1ee');
    expect(readGroupMember(data, member)?.supplement).toBe(true);
    setInviteSent(data, member);
    expect(readGroupMember(data, member)).toMatchObject({ invite: 'sent', supplement: true });
    setInviteFailed(data, member);
    expect(readGroupMember(data, member)?.invite).toBe('failed');
    setInviteNotSent(data, member);
    expect(entry(data)).toBe('d1:Ii3e1:n6:Member1:si1ee');
    setInviteAccepted(data, member);
    expect(entry(data)).toBe('d1:n6:Membere');
    expect(readGroupMember(data, member)).toMatchObject({ invite: 'accepted', supplement: false });
  });

  it('never writes I for an admin; promotion goes 3 → 1 / 2 → accepted', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, member);
    setPromoted(data, member);
    expect(entry(data)).toBe('d1:Ai1e1:Pi3e1:n0:e');
    expect(readGroupMember(data, member)).toMatchObject({
      admin: true,
      invite: 'accepted',
      promotion: 'notSent',
    });
    setInviteSent(data, member);
    expect(entry(data)).toBe('d1:Ai1e1:Pi3e1:n0:e');
    setPromotionSent(data, member);
    expect(readGroupMember(data, member)?.promotion).toBe('sent');
    setPromotionFailed(data, member);
    expect(entry(data)).toBe('d1:Ai1e1:Pi2e1:n0:e');
    setPromotionAccepted(data, member);
    expect(entry(data)).toBe('d1:Ai1e1:n0:e');
    expect(readGroupMember(data, member)?.promotion).toBe('accepted');
  });

  it('marks the creator as an accepted admin (§6.1 step 4)', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, admin, { name: 'Admin' });
    setPromotionAccepted(data, admin);
    expect(readGroupMember(data, admin)).toMatchObject({
      admin: true,
      invite: 'accepted',
      promotion: 'accepted',
    });
  });

  it('marks removals with or without messages, clearing I and P', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, member);
    setRemoved(data, member, false);
    expect(entry(data)).toBe('d1:Ri1e1:n0:e');
    expect(readGroupMember(data, member)?.removal).toBe('removed');
    setPromoted(data, member);
    setRemoved(data, member, true);
    expect(entry(data)).toBe('d1:Ai1e1:Ri2e1:n0:e');
    expect(readGroupMember(data, member)?.removal).toBe('removedWithMessages');
  });

  it('sets the name (cut to 100 bytes on a UTF-8 boundary) and the avatar pair', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, member);
    expect(setMemberName(data, member, 'ü'.repeat(51))).toBe(true);
    expect(readGroupMember(data, member)?.name).toBe('ü'.repeat(50));
    const key = new Uint8Array(32).fill(1);
    expect(setMemberProfilePicture(data, member, { url: 'http://p', key })).toBe(true);
    expect(readGroupMember(data, member)?.profilePicture).toEqual({ url: 'http://p', key });
    setMemberProfilePicture(data, member, null);
    setMemberName(data, member, '');
    expect(entry(data)).toBe('d1:Ii3e1:n0:e');
    expect(() => setMemberName(data, member, 'a\0')).toThrow(
      expect.objectContaining({ code: 'config-invalid-value' }),
    );
    expect(() => setMemberProfilePicture(data, member, { url: 'http://p', key: new Uint8Array(3) })).toThrow(
      expect.objectContaining({ code: 'config-invalid-key' }),
    );
  });

  it('setters on an absent member change nothing and say so', () => {
    const data: ConfigDict = new Map();
    for (const setter of [setInviteSent, setInviteAccepted, setPromoted, setPromotionAccepted]) {
      expect(setter(data, member)).toBe(false);
    }
    expect(setRemoved(data, member, true)).toBe(false);
    expect(setMemberName(data, member, 'x')).toBe(false);
    expect(eraseGroupMember(data, member)).toBe(false);
    expect(data.size).toBe(0);
  });

  it('erases a member and prunes m; lists members in key order', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, admin);
    addGroupMember(data, member.toUpperCase());
    expect(readGroupMembers(data).map((view) => view.sessionId)).toEqual([member, admin]);
    expect(eraseGroupMember(data, member)).toBe(true);
    expect(readGroupMembers(data).map((view) => view.sessionId)).toEqual([admin]);
    eraseGroupMember(data, admin);
    expect(data.has(k('m'))).toBe(false);
  });

  it('keeps unknown keys of an entry and of m; skips keys that are not 05 IDs', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, member);
    const members = data.get(k('m')) as ConfigDict;
    (members.get(memberKey) as ConfigDict).set(k('t'), 1_700_000_000n);
    members.set(
      keyFromBytes(fromHex('03' + '11'.repeat(32))),
      new Map<string, ConfigValue>([[k('n'), text('x')]]),
    );
    members.set(k('short'), new Map<string, ConfigValue>([[k('n'), text('y')]]));
    setInviteAccepted(data, member);
    expect(entry(data)).toBe('d1:n0:1:ti1700000000ee');
    expect(readGroupMembers(data).map((view) => view.sessionId)).toEqual([member]);
  });

  it('reads hostile entries: s without I, I on an admin, odd codes, a non-text name', () => {
    const data: ConfigDict = new Map();
    addGroupMember(data, member);
    const stored = (data.get(k('m')) as ConfigDict).get(memberKey) as ConfigDict;
    stored.set(k('I'), 0n);
    stored.set(k('s'), 1n);
    stored.set(k('R'), 7n);
    stored.set(k('n'), new Uint8Array([0xff]));
    expect(readGroupMember(data, member)).toMatchObject({
      invite: 'accepted',
      supplement: false,
      removal: 'unknown',
      name: '',
    });
    stored.set(k('A'), 1n);
    stored.set(k('I'), 1n);
    stored.set(k('P'), 9n);
    expect(readGroupMember(data, member)).toMatchObject({
      admin: true,
      invite: 'accepted',
      promotion: 'unknown',
    });
    expect(() => readGroupMember(data, '05abc')).toThrow(
      expect.objectContaining({ code: 'config-invalid-session-id' }),
    );
    expect(() => addGroupMember(data, '03' + member.slice(2))).toThrow(
      expect.objectContaining({ code: 'config-invalid-session-id' }),
    );
  });
});
