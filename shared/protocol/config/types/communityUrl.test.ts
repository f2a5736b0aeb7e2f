import { describe, expect, it } from 'vitest';
import { toHex } from '../../bytes';
import {
  canonicalCommunityBaseUrl,
  canonicalRoomToken,
  parseCommunityFullUrl,
  parseCommunityServerUrl,
} from './communityUrl';

const invalid = (code: string): unknown => expect.objectContaining({ code });

describe('canonical community URLs', () => {
  it.each([
    ['http://example.org', 'http://example.org'],
    ['HTTPS://Example.ORG', 'https://example.org'],
    ['http://example.org:80', 'http://example.org'],
    ['https://example.org:443/', 'https://example.org'],
    ['https://example.org:80', 'https://example.org:80'],
    ['http://example.org:443', 'http://example.org:443'],
    ['http://Example.org:8080/some/path?x=1#y', 'http://example.org:8080'],
    ['http://116.203.70.33', 'http://116.203.70.33'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalCommunityBaseUrl(input)).toBe(expected);
  });

  it.each([
    'example.org',
    'ftp://example.org',
    'http://',
    'http://exa mple.org',
    'http://example.org:0',
    'http://example.org:65536',
    'http://example.org:',
    'http://-bad.org',
  ])('refuses %s', (input) => {
    expect(() => canonicalCommunityBaseUrl(input)).toThrow(invalid('config-invalid-url'));
  });

  it('allows 267 characters and refuses 268', () => {
    const host = (length: number): string => 'a'.repeat(length);
    // "https://" + host + ":12345" = 8 + n + 6
    expect(canonicalCommunityBaseUrl(`https://${host(253)}:12345`)).toHaveLength(267);
    expect(() => canonicalCommunityBaseUrl(`https://${host(254)}:12345`)).toThrow(
      invalid('config-invalid-url'),
    );
  });

  it('lowercases and checks room tokens', () => {
    expect(canonicalRoomToken('SudokuRoom')).toBe('sudokuroom');
    expect(canonicalRoomToken('a-b_9')).toBe('a-b_9');
    expect(canonicalRoomToken('x'.repeat(64))).toHaveLength(64);
    for (const bad of ['', 'x'.repeat(65), 'a b', 'ä', 'a/b', 'a.b']) {
      expect(() => canonicalRoomToken(bad)).toThrow(invalid('config-invalid-room'));
    }
  });

  it('parses a full community link', () => {
    const pubkey = '0123456789abcdef'.repeat(4);
    const parsed = parseCommunityFullUrl(
      `HTTPS://Open.GetSession.org:443/r/SessionDev?public_key=${pubkey.toUpperCase()}`,
    );
    expect(parsed.baseUrl).toBe('https://open.getsession.org');
    expect(parsed.room).toBe('SessionDev');
    expect(toHex(parsed.pubkey)).toBe(pubkey);
    expect(parseCommunityFullUrl(`http://x.org/room?public_key=${pubkey}`).room).toBe('room');
    expect(() => parseCommunityFullUrl('http://x.org/room?public_key=12')).toThrow(
      invalid('config-invalid-url'),
    );
  });
});

describe('community server links', () => {
  const pubkey = 'a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238';

  it('name a server alone, or by one of its rooms', () => {
    for (const link of [
      `https://Open.GetSession.org?public_key=${pubkey}`,
      `https://open.getsession.org/?public_key=${pubkey.toUpperCase()}`,
      `https://open.getsession.org/session?public_key=${pubkey}`,
    ]) {
      const server = parseCommunityServerUrl(link);
      expect(server.baseUrl).toBe('https://open.getsession.org');
      expect(toHex(server.pubkey)).toBe(pubkey);
    }
  });

  it('are refused in words without a key, with a short key, or without http', () => {
    for (const link of [
      'https://open.getsession.org',
      `open.getsession.org?public_key=${pubkey}`,
      'https://x.org?public_key=12',
    ]) {
      expect(() => parseCommunityServerUrl(link)).toThrow(/looks like https:\/\/host\?public_key=/u);
    }
  });
});
