// The profile a message carries (protocol-messages.md §3: DataMessage profile 101 and profileKey 6;
// MessageRequestResponse profile 3 and profileKey 2), as the receive pipeline reads it.
import { describe, expect, it } from 'vitest';
import type { Content } from '../../shared/protocol/messages/codec';
import { interpretMessage } from './incomingContent';

const alice = `05${'a'.repeat(64)}`;
const bob = `05${'b'.repeat(64)}`;
const url = 'http://filev2.getsession.org/file/123456';
const key = new Uint8Array(32).fill(7);

function pictureIn(content: Content) {
  return interpretMessage(
    {
      content,
      senderSessionId: alice,
      senderEd25519PublicKey: new Uint8Array(32),
      timestampMs: 1_700_000_000_000,
    },
    bob,
  ).picture;
}

describe('the picture a message’s profile names', () => {
  it('is the URL with the key beside it, in a message and in a request’s response', () => {
    expect(
      pictureIn({
        dataMessage: { body: 'hi', profile: { displayName: 'Alice', profilePicture: url }, profileKey: key },
      }),
    ).toEqual({ url, key });
    expect(
      pictureIn({
        messageRequestResponse: {
          isApproved: true,
          profile: { displayName: 'Alice', profilePicture: url },
          profileKey: key,
        },
      }),
    ).toEqual({ url, key });
  });

  it('is none when the profile has a name and no picture, and unknown without a profile', () => {
    expect(pictureIn({ dataMessage: { body: 'hi', profile: { displayName: 'Alice' } } })).toBeNull();
    expect(pictureIn({ dataMessage: { body: 'hi' } })).toBeUndefined();
  });

  it('is ignored when the key is not 32 bytes or the address is longer than a config holds', () => {
    const profile = { displayName: 'Alice', profilePicture: url };
    expect(pictureIn({ dataMessage: { body: 'hi', profile } })).toBeUndefined();
    expect(
      pictureIn({ dataMessage: { body: 'hi', profile, profileKey: new Uint8Array(31) } }),
    ).toBeUndefined();
    const long = { displayName: 'Alice', profilePicture: `${url}${'0'.repeat(200)}` };
    expect(pictureIn({ dataMessage: { body: 'hi', profile: long, profileKey: key } })).toBeUndefined();
  });
});
