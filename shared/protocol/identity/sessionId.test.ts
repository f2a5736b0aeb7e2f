import { describe, expect, it } from 'vitest';
import { abbreviateSessionId, checkSessionId, isSessionId, sessionIdFromX25519PublicKey } from './sessionId';

const valid = '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72';

function refusal(input: string): { code: string; message: string } {
  const result = checkSessionId(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result;
}

describe('checkSessionId', () => {
  it('accepts a Session ID and returns its canonical form', () => {
    expect(checkSessionId(valid)).toEqual({ ok: true, sessionId: valid });
    expect(checkSessionId(`  ${valid.toUpperCase()}\n`)).toEqual({ ok: true, sessionId: valid });
    expect(checkSessionId(`${valid.slice(0, 30)} ${valid.slice(30)}`)).toEqual({
      ok: true,
      sessionId: valid,
    });
  });

  it('asks for input when there is none', () => {
    expect(refusal(' \n')).toMatchObject({ code: 'empty', message: 'Enter a Session ID.' });
  });

  it('points at the first character that is not hexadecimal', () => {
    const result = refusal(`${valid.slice(0, 11)}g${valid.slice(12)}`);
    expect(result.code).toBe('characters');
    expect(result.message).toContain('“g” at position 12');
  });

  it('explains prefixes that are not accounts', () => {
    expect(refusal(`15${valid.slice(2)}`).message).toMatch(/community-blinded/u);
    expect(refusal(`25${valid.slice(2)}`).message).toMatch(/community-blinded/u);
    expect(refusal(`03${valid.slice(2)}`).message).toMatch(/group/u);
    expect(refusal(`00${valid.slice(2)}`).code).toBe('prefix');
    expect(refusal(`aa${valid.slice(2)}`).message).toBe('A Session ID starts with 05, not aa.');
  });

  it('says whether the ID is too short or too long', () => {
    expect(refusal(valid.slice(0, -2)).message).toBe(
      'A Session ID has 66 characters; this one has 64 (too short).',
    );
    expect(refusal(`${valid}00`).message).toContain('68 (too long)');
    expect(refusal('05').code).toBe('length');
    expect(refusal('0').code).toBe('length');
  });
});

describe('Session ID helpers', () => {
  it('recognise canonical IDs only', () => {
    expect(isSessionId(valid)).toBe(true);
    expect(isSessionId(valid.toUpperCase())).toBe(false);
  });

  it('build an ID from an X25519 key and shorten it for logs', () => {
    expect(sessionIdFromX25519PublicKey(new Uint8Array(32).fill(0xab))).toBe(`05${'ab'.repeat(32)}`);
    expect(() => sessionIdFromX25519PublicKey(new Uint8Array(31))).toThrow(RangeError);
    expect(abbreviateSessionId(valid)).toBe('05d2ad…3a72');
  });
});
