import { describe, expect, it } from 'vitest';
import { type ConfigDict, keyFromText } from '../configValue';
import {
  readUserProfile,
  setCommunityMessageRequests,
  setDisplayName,
  setNoteToSelfExpirySeconds,
  setNoteToSelfPriority,
  setProfilePicture,
  setReuploadedProfilePicture,
  stampProfileUpdate,
} from './userProfile';

const k = keyFromText;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('user profile', () => {
  it('reads an empty config as defaults', () => {
    expect(readUserProfile(new Map())).toEqual({
      displayName: null,
      profilePicture: null,
      noteToSelfPriority: 0,
      noteToSelfExpirySeconds: 0,
      communityMessageRequests: null,
    });
  });

  it('writes each field to its key and reads it back', () => {
    const data: ConfigDict = new Map();
    const key = new Uint8Array(32).fill(0xab);
    setDisplayName(data, 'Kallie');
    setProfilePicture(data, { url: 'http://example.org/omg-pic-123.bmp', key });
    setNoteToSelfPriority(data, 9);
    setNoteToSelfExpirySeconds(data, 86400);
    setCommunityMessageRequests(data, false);
    expect(data).toEqual(
      new Map<string, unknown>([
        [k('n'), text('Kallie')],
        [k('p'), text('http://example.org/omg-pic-123.bmp')],
        [k('q'), key],
        [k('+'), 9n],
        [k('e'), 86400n],
        [k('M'), 0n],
      ]),
    );
    expect(readUserProfile(data)).toEqual({
      displayName: 'Kallie',
      profilePicture: { url: 'http://example.org/omg-pic-123.bmp', key },
      noteToSelfPriority: 9,
      noteToSelfExpirySeconds: 86400,
      communityMessageRequests: false,
    });
  });

  it('erases keys for the default values, keeping unknown keys', () => {
    const data: ConfigDict = new Map<string, bigint>([[k('t'), 1700000000n]]);
    setDisplayName(data, 'x');
    setProfilePicture(data, { url: 'u', key: new Uint8Array(32) });
    setNoteToSelfPriority(data, -1);
    setNoteToSelfExpirySeconds(data, 5);
    setCommunityMessageRequests(data, true);
    setDisplayName(data, '');
    setProfilePicture(data, null);
    setNoteToSelfPriority(data, 0);
    setNoteToSelfExpirySeconds(data, 0);
    setCommunityMessageRequests(data, null);
    expect(data).toEqual(new Map([[k('t'), 1700000000n]]));
  });

  it('truncates the display name to 100 bytes without splitting a character', () => {
    const data: ConfigDict = new Map();
    setDisplayName(data, 'ab' + '€'.repeat(40));
    expect(data.get(k('n'))).toEqual(text('ab' + '€'.repeat(32)));
  });

  it('reads a half pair or a short key as no picture', () => {
    const half: ConfigDict = new Map([[k('p'), text('http://x')]]);
    expect(readUserProfile(half).profilePicture).toBeNull();
    const shortKey: ConfigDict = new Map([
      [k('p'), text('http://x')],
      [k('q'), new Uint8Array(16)],
    ]);
    expect(readUserProfile(shortKey).profilePicture).toBeNull();
  });

  it('refuses invalid inputs', () => {
    const data: ConfigDict = new Map();
    expect(() => setProfilePicture(data, { url: 'u', key: new Uint8Array(33) })).toThrow(
      expect.objectContaining({ code: 'config-invalid-key' }),
    );
    expect(() => setNoteToSelfExpirySeconds(data, -1)).toThrow(
      expect.objectContaining({ code: 'config-invalid-integer' }),
    );
    expect(() => setNoteToSelfPriority(data, Number.NaN)).toThrow(
      expect.objectContaining({ code: 'config-invalid-integer' }),
    );
    expect(data.size).toBe(0);
  });
});

describe('stampProfileUpdate', () => {
  it('writes t as whole unix seconds, as newer libsession does with a name change', () => {
    const data: ConfigDict = new Map();
    stampProfileUpdate(data, 1_700_000_000.9);
    expect(data.get(k('t'))).toBe(1_700_000_000n);
  });
});

describe('a re-uploaded picture (P/Q/T, newer libsession)', () => {
  const chosen = { url: 'http://filev2.getsession.org/file/1', key: new Uint8Array(32).fill(1) };
  const renewed = { url: 'http://filev2.getsession.org/file/2', key: new Uint8Array(32).fill(2) };

  it('is read instead of p/q while its T is newer than t, as get_profile_pic does', () => {
    const data: ConfigDict = new Map();
    data.set(k('p'), text(chosen.url)).set(k('q'), chosen.key).set(k('t'), 100n);
    data.set(k('P'), text(renewed.url)).set(k('Q'), renewed.key).set(k('T'), 200n);
    expect(readUserProfile(data).profilePicture).toEqual(renewed);
    data.set(k('t'), 300n);
    expect(readUserProfile(data).profilePicture).toEqual(chosen);
  });

  it('is written to both pairs without stamping t, so older clients follow it too', () => {
    const data: ConfigDict = new Map();
    setProfilePicture(data, chosen);
    stampProfileUpdate(data, 100);
    setReuploadedProfilePicture(data, renewed, 200.5);
    expect(data.get(k('p'))).toEqual(text(renewed.url));
    expect(data.get(k('Q'))).toEqual(renewed.key);
    expect(data.get(k('T'))).toBe(200n);
    expect(data.get(k('t'))).toBe(100n);
    expect(readUserProfile(data).profilePicture).toEqual(renewed);
  });

  it('gives way to a picture chosen afterwards, whatever the clocks say', () => {
    const data: ConfigDict = new Map();
    setReuploadedProfilePicture(data, renewed, 9_999_999_999);
    setProfilePicture(data, chosen);
    stampProfileUpdate(data, 100);
    expect(readUserProfile(data).profilePicture).toEqual(chosen);
    expect([...data.keys()].sort()).toEqual([k('p'), k('q'), k('t')].sort());
  });
});
