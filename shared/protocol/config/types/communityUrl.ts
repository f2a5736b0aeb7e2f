// Canonical community base URLs and room tokens (protocol-config-groups.md §5.4): both user-group
// and conversation-info entries key communities by the canonical base URL and rooms by the
// lowercased token, so two spellings of one community must give the same bytes.
import { fromHex, isHex } from '../../bytes';
import { configTypeError } from './configFields';

/** LS community.hpp: len("https://") + 253 (longest DNS name) + len(":XXXXX"). */
export const communityBaseUrlMaxLength = 267;
export const communityRoomMaxLength = 64;

const defaultPorts: Readonly<Record<string, string>> = { http: '80', https: '443' };
const urlPattern = /^(https?):\/\/([^/:?#]+)(?::([0-9]*))?(?:[/?#].*)?$/isu;
const hostPattern = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/u;

/**
 * The canonical base URL: lowercase `http://` or `https://`, lowercase host, `:port` only when it is
 * not the scheme's default, and no path, query or fragment. Throws `config-invalid-url`.
 */
export function canonicalCommunityBaseUrl(url: string): string {
  const match = urlPattern.exec(url.trim());
  if (match === null) {
    throw configTypeError('config-invalid-url', 'A community URL starts with http:// or https://.');
  }
  const scheme = match[1]!.toLowerCase();
  const host = match[2]!.toLowerCase();
  if (!hostPattern.test(host)) {
    throw configTypeError('config-invalid-url', `“${match[2]!}” is not a valid host name.`);
  }
  let port = '';
  if (match[3] !== undefined) {
    const number = match[3].length > 0 && match[3].length <= 5 ? Number(match[3]) : 0;
    if (number < 1 || number > 65535) {
      throw configTypeError('config-invalid-url', 'A community URL port is between 1 and 65535.');
    }
    if (String(number) !== defaultPorts[scheme]) port = `:${number}`;
  }
  const canonical = `${scheme}://${host}${port}`;
  if (canonical.length > communityBaseUrlMaxLength) {
    throw configTypeError(
      'config-invalid-url',
      `A community base URL is at most ${communityBaseUrlMaxLength} characters.`,
    );
  }
  return canonical;
}

/** The lowercased room token: 1–64 characters of `[-0-9_a-z]`. Throws `config-invalid-room`. */
export function canonicalRoomToken(room: string): string {
  const lower = room.toLowerCase();
  if (!/^[-0-9_a-z]{1,64}$/u.test(lower)) {
    throw configTypeError(
      'config-invalid-room',
      'A room token has 1–64 characters: letters a–z, digits, “-” and “_”.',
    );
  }
  return lower;
}

/** Checks a room's original capitalisation without changing it (for the `n` field). */
export function checkedRoomName(room: string): string {
  canonicalRoomToken(room);
  return room;
}

export interface CommunityAddress {
  readonly baseUrl: string;
  /** The room as given (original capitalisation); its key is canonicalRoomToken(room). */
  readonly room: string;
  readonly pubkey: Uint8Array;
}

/**
 * Parses `https://host[:port]/[r/]room?public_key=<64 hex>` as shared in invitations. Only the hex
 * form of the key is accepted here.
 */
export function parseCommunityFullUrl(url: string): CommunityAddress {
  const match = /^(.*?)\/(?:r\/)?([^/?#]+)\?public_key=([0-9a-fA-F]{64})$/su.exec(url.trim());
  if (match === null || !isHex(match[3]!)) {
    throw configTypeError(
      'config-invalid-url',
      'A community link looks like https://host/room?public_key=<64 hex digits>.',
    );
  }
  return {
    baseUrl: canonicalCommunityBaseUrl(match[1]!),
    room: checkedRoomName(match[2]!),
    pubkey: fromHex(match[3]!.toLowerCase()),
  };
}

export interface CommunityServerAddress {
  readonly baseUrl: string;
  readonly pubkey: Uint8Array;
}

/**
 * A community server as a person names it: `http(s)://host[:port][/]?public_key=<64 hex>`, or any
 * room link of that server (the room is then left aside).
 */
export function parseCommunityServerUrl(url: string): CommunityServerAddress {
  const text = url.trim();
  const bare = /^(https?:\/\/[^/?#]+)\/?\?public_key=([0-9a-fA-F]{64})$/isu.exec(text);
  if (bare !== null) {
    return { baseUrl: canonicalCommunityBaseUrl(bare[1]!), pubkey: fromHex(bare[2]!.toLowerCase()) };
  }
  try {
    const room = parseCommunityFullUrl(text);
    return { baseUrl: room.baseUrl, pubkey: room.pubkey };
  } catch {
    throw configTypeError(
      'config-invalid-url',
      'A community server looks like https://host?public_key=<64 hex digits> (or one of its room links).',
    );
  }
}
