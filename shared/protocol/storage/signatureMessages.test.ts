import { describe, expect, it } from 'vitest';
import { concatBytes, utf8Decode, utf8Encode } from '../bytes';
import {
  deleteAllSignatureMessage,
  deleteBeforeSignatureMessage,
  deleteSignatureMessage,
  expireAllSignatureMessage,
  expireSignatureMessage,
  getExpiriesSignatureMessage,
  retrieveSignatureMessage,
  revokeSubaccountSignatureMessage,
  storeSignatureMessage,
  unrevokeSubaccountSignatureMessage,
} from './signatureMessages';

const timestamp = 1_700_000_000_000;
const hashes = ['4sMyAuaZlMwww3oFvfhazfw7ASx/7TDtO+TVc8aAjHs', 'RKfzPoxgrGv0+bnaytg85gAqKN+/g2sRHtNB1ZrkTkE'];

// protocol-network.md §4.6: the signed string of each method.
describe('signature messages', () => {
  it('store and retrieve sign method ‖ ns ‖ timestamp, ns "" for 0', () => {
    expect(utf8Decode(storeSignatureMessage({ namespace: 3, timestamp }))).toBe('store31700000000000');
    expect(utf8Decode(storeSignatureMessage({ namespace: -11, timestamp }))).toBe('store-111700000000000');
    expect(utf8Decode(retrieveSignatureMessage({ namespace: 0, timestamp }))).toBe('retrieve1700000000000');
    expect(utf8Decode(retrieveSignatureMessage({ namespace: 2, timestamp }))).toBe('retrieve21700000000000');
  });

  it('delete signs the hashes only', () => {
    expect(utf8Decode(deleteSignatureMessage({ messages: hashes }))).toBe(`delete${hashes[0]}${hashes[1]}`);
  });

  it('delete_all, delete_before and expire_all sign ns (or all) and their time', () => {
    expect(utf8Decode(deleteAllSignatureMessage({ namespace: 'all', timestamp }))).toBe(
      'delete_allall1700000000000',
    );
    expect(utf8Decode(deleteAllSignatureMessage({ namespace: 0, timestamp }))).toBe(
      'delete_all1700000000000',
    );
    expect(utf8Decode(deleteBeforeSignatureMessage({ namespace: 5, before: timestamp }))).toBe(
      'delete_before51700000000000',
    );
    expect(utf8Decode(expireAllSignatureMessage({ namespace: 'all', expiry: timestamp }))).toBe(
      'expire_allall1700000000000',
    );
  });

  it('expire signs the mode, the expiries and the hashes', () => {
    expect(utf8Decode(expireSignatureMessage({ expiry: timestamp, messages: hashes }))).toBe(
      `expire1700000000000${hashes.join('')}`,
    );
    expect(utf8Decode(expireSignatureMessage({ mode: 'shorten', expiry: timestamp, messages: hashes }))).toBe(
      `expireshorten1700000000000${hashes.join('')}`,
    );
    expect(
      utf8Decode(
        expireSignatureMessage({ mode: 'extend', expiry: [timestamp, timestamp + 1], messages: hashes }),
      ),
    ).toBe(`expireextend17000000000001700000000001${hashes.join('')}`);
    expect(() => expireSignatureMessage({ expiry: [timestamp], messages: hashes })).toThrow(RangeError);
  });

  it('get_expiries signs the timestamp, then the hashes', () => {
    expect(utf8Decode(getExpiriesSignatureMessage({ timestamp, messages: hashes }))).toBe(
      `get_expiries1700000000000${hashes.join('')}`,
    );
  });

  it('(un)revoke_subaccount sign the raw token bytes', () => {
    const tokens = [new Uint8Array(36).fill(3), new Uint8Array(36).fill(0xff)];
    expect(revokeSubaccountSignatureMessage({ timestamp, tokens })).toEqual(
      concatBytes(utf8Encode('revoke_subaccount1700000000000'), ...tokens),
    );
    expect(unrevokeSubaccountSignatureMessage({ timestamp, tokens: tokens.slice(1) })).toEqual(
      concatBytes(utf8Encode('unrevoke_subaccount1700000000000'), tokens[1]!),
    );
    expect(() => revokeSubaccountSignatureMessage({ timestamp, tokens: [new Uint8Array(32)] })).toThrow(
      /36 bytes/u,
    );
  });

  it('refuse times that are not whole milliseconds', () => {
    expect(() => retrieveSignatureMessage({ namespace: 0, timestamp: 1.5 })).toThrow(RangeError);
    expect(() => storeSignatureMessage({ namespace: 0, timestamp: -1 })).toThrow(RangeError);
  });
});
