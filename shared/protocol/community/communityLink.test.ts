import { describe, expect, it } from 'vitest';
import { checkCommunityLink } from './communityLink';

const key = 'a'.repeat(64);

describe('checkCommunityLink', () => {
  it('tells a room link from a server link', () => {
    expect(checkCommunityLink(`  https://Open.Example.org/Lobby?public_key=${key} `)).toEqual({
      kind: 'room',
      url: `https://Open.Example.org/Lobby?public_key=${key}`,
      conversationId: 'https://open.example.org/lobby',
      room: 'Lobby',
      server: 'https://open.example.org',
    });
    expect(checkCommunityLink(`http://127.0.0.1:8080/r/dev?public_key=${key.toUpperCase()}`)).toMatchObject({
      kind: 'room',
      conversationId: 'http://127.0.0.1:8080/dev',
    });
    expect(checkCommunityLink(`https://open.example.org/?public_key=${key}`)).toEqual({
      kind: 'server',
      url: `https://open.example.org/?public_key=${key}`,
      server: 'https://open.example.org',
    });
  });

  it('says which part of a bad link is wrong', () => {
    expect(checkCommunityLink('')).toEqual({ kind: 'empty' });
    const message = (input: string): string => {
      const check = checkCommunityLink(input);
      return check.kind === 'error' ? check.message : `not refused: ${check.kind}`;
    };
    expect(message('open.example.org/lobby')).toMatch(/starts with https:\/\//u);
    expect(message('https://open.example.org/lobby')).toMatch(/lacks the server’s key/u);
    expect(message(`https://open.example.org/lobby?public_key=${key.slice(1)}`)).toMatch(
      /64 hex digits .* 63 characters\.$/u,
    );
    expect(message(`https://open.example.org/lobby?public_key=${'z'.repeat(64)}`)).toMatch(
      /not all of them hex/u,
    );
    expect(message(`https://open example.org/lobby?public_key=${key}`)).toMatch(/not a valid host name/u);
    expect(message(`https://open.example.org/lob!by?public_key=${key}`)).toMatch(/room token/u);
    expect(message(`https://open.example.org:99999/lobby?public_key=${key}`)).toMatch(/port/u);
  });
});
