import { describe, expect, it } from 'vitest';
import { type ConfigDict, keyFromText } from '../configValue';
import {
  readUserProfile,
  setCommunityMessageRequests,
  setDisplayName,
  setNoteToSelfExpirySeconds,
  setNoteToSelfPriority,
  setProfilePicture,
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
