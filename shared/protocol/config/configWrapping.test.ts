import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex } from '../bytes';
import { decodeWebSocketMessage, encodeWebSocketMessage } from '../messages/codec';
import { deriveIdentityKeys } from '../identity/keys';
import {
  maxConfigMessageBytes,
  unwrapUserConfig,
  unwrapUserConfigOnce,
  wrapUserConfig,
  wrapUserConfigIfFits,
} from './configWrapping';

const seed = concatBytes(fromHex('0123456789abcdef0123456789abcdef'), new Uint8Array(16));
const ciphertext = new Uint8Array(256).map((_, index) => index);

describe('user config protobuf wrapping (§4 step 5, receive 1)', () => {
  it('writes the empty verb, path and a zero id, and unwraps back to the ciphertext', async () => {
    const keys = await deriveIdentityKeys(seed);
    const wrapped = await wrapUserConfig(ciphertext, 7, 'contacts', keys);
    const frame = decodeWebSocketMessage(wrapped);
    expect(frame.type).toBe(1);
    expect(frame.request).toMatchObject({ verb: '', path: '', id: 0 });
    expect(await unwrapUserConfigOnce(wrapped, 'contacts', keys)).toEqual({
      unwrapped: true,
      data: ciphertext,
    });
    expect(await unwrapUserConfigOnce(wrapped, 'userProfile', keys)).toEqual({
      unwrapped: false,
      wrongKind: true,
    });
  });

  it('refuses a frame that is not a REQUEST and falls back to the raw bytes', async () => {
    const keys = await deriveIdentityKeys(seed);
    const frame = decodeWebSocketMessage(await wrapUserConfig(ciphertext, 7, 'contacts', keys));
    const response = encodeWebSocketMessage({ ...frame, type: 2 });
    expect((await unwrapUserConfigOnce(response, 'contacts', keys)).unwrapped).toBe(false);
    expect(await unwrapUserConfig(response, 'contacts', keys)).toEqual({ data: response, wrongKind: false });
  });

  it('treats garbage and truncated frames as raw bytes, never throwing', async () => {
    const keys = await deriveIdentityKeys(seed);
    const wrapped = await wrapUserConfig(ciphertext, 7, 'contacts', keys);
    for (const bytes of [new Uint8Array(), Uint8Array.of(0xff, 0xff, 0xff), wrapped.subarray(0, 200)]) {
      expect(await unwrapUserConfig(bytes, 'contacts', keys)).toEqual({ data: bytes, wrongKind: false });
    }
  });

  it('stores the ciphertext unwrapped when wrapping would pass 76 800 bytes', async () => {
    const keys = await deriveIdentityKeys(seed);
    const large = new Uint8Array(maxConfigMessageBytes - 100);
    expect(await wrapUserConfigIfFits(large, 1, 'userProfile', keys)).toBe(large);
    const small = await wrapUserConfigIfFits(ciphertext, 1, 'userProfile', keys);
    expect(small.length).toBe(ciphertext.length + 176);
  });
});
