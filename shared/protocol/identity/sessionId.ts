// Session IDs as people type, paste and scan them (protocol-messages.md §1.1): "05" + 64 hex digits
// of an X25519 public key. Other prefixes name things that are not accounts, and the messages say so.
import { toHex } from '../bytes';

export const sessionIdLength = 66;
export const accountPrefix = '05';

export type SessionIdErrorCode = 'empty' | 'characters' | 'prefix' | 'length';

export type SessionIdCheck =
  | { readonly ok: true; readonly sessionId: string }
  | { readonly ok: false; readonly code: SessionIdErrorCode; readonly message: string };

const otherPrefixes: Readonly<Record<string, string>> = {
  '15': 'This is a community-blinded ID: it can only be messaged from inside its community.',
  '25': 'This is a community-blinded ID: it can only be messaged from inside its community.',
  '03': 'This is the ID of a group, not of a person.',
  '00': 'This is a community sign-in key, not a Session ID.',
  '07': 'This is an update-check key, not a Session ID.',
};

/**
 * Checks a Session ID typed or pasted by a person. Spaces and line breaks are ignored and capitals
 * accepted; the result is the canonical lowercase form.
 */
export function checkSessionId(input: string): SessionIdCheck {
  const text = input.replace(/\s+/gu, '');
  if (text.length === 0) {
    return { ok: false, code: 'empty', message: 'Enter a Session ID.' };
  }
  const badIndex = [...text].findIndex((character) => !/^[0-9a-fA-F]$/u.test(character));
  if (badIndex !== -1) {
    const character = [...text][badIndex]!;
    return {
      ok: false,
      code: 'characters',
      message:
        'A Session ID contains only the digits 0–9 and the letters a–f; ' +
        `“${character}” at position ${badIndex + 1} is not one of them.`,
    };
  }
  const sessionId = text.toLowerCase();
  const prefix = sessionId.slice(0, 2);
  if (sessionId.length >= 2 && prefix !== accountPrefix) {
    return {
      ok: false,
      code: 'prefix',
      message: otherPrefixes[prefix] ?? `A Session ID starts with 05, not ${prefix}.`,
    };
  }
  if (sessionId.length !== sessionIdLength) {
    const comparison = sessionId.length < sessionIdLength ? 'too short' : 'too long';
    return {
      ok: false,
      code: 'length',
      message: `A Session ID has 66 characters; this one has ${sessionId.length} (${comparison}).`,
    };
  }
  return { ok: true, sessionId };
}

export function isSessionId(input: string): boolean {
  return /^05[0-9a-f]{64}$/u.test(input);
}

export function sessionIdFromX25519PublicKey(x25519PublicKey: Uint8Array): string {
  if (x25519PublicKey.length !== 32) {
    throw new RangeError('an X25519 public key has 32 bytes');
  }
  return accountPrefix + toHex(x25519PublicKey);
}

/** A short form for logs and narrow places: never log a full Session ID (design.md, conventions). */
export function abbreviateSessionId(sessionId: string): string {
  return sessionId.length <= 12 ? sessionId : `${sessionId.slice(0, 6)}…${sessionId.slice(-4)}`;
}
