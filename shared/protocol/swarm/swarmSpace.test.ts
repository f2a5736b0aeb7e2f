import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes';
import { swarmSpace } from './swarmSpace';

// protocol-network.md §3, upstream vectors of oxen-storage-server unit_test/swarm.cpp.
const vectors: readonly (readonly [string, bigint])[] = [
  ['053506f4a71324b7dd114eddbf4e311f39dde243e1f2cb97c40db1961f70ebaae8', 17589930838143112648n],
  ['05cf27da303a50ac8c4b2d43d27259505c9bcd73fc21cf2a57902c3d050730b604', 10370619079776428163n],
  ['03d3511706b8b34f6e8411bf07bd22ba6b2435ca56846fbccf6eb1e166a6cd15cc', 2144983569669512198n],
  ['05eeeeeeeeeeeeeeee777777777777777711111111111111118888888888888888', 0n],
  [`05${'ff'.repeat(31)}fe`, 1n],
  [`05${'0'.repeat(48)}0123456789abcdef`, 0x0123456789abcdefn],
];

describe('swarmSpace', () => {
  it.each(vectors)('maps %s to %s', (pubkey, space) => {
    expect(swarmSpace(pubkey)).toBe(space);
    expect(swarmSpace(pubkey.toUpperCase())).toBe(space);
    expect(swarmSpace(fromHex(pubkey))).toBe(space);
  });

  it('ignores the prefix byte', () => {
    const key = vectors[0]![0].slice(2);
    expect(swarmSpace(`03${key}`)).toBe(swarmSpace(`05${key}`));
  });

  it('refuses keys that are not a prefix and 32 bytes', () => {
    expect(() => swarmSpace('05abcd')).toThrow(expect.objectContaining({ code: 'invalidPubkey' }));
    expect(() => swarmSpace(`05${'zz'.repeat(32)}`)).toThrow(/not hexadecimal/u);
    expect(() => swarmSpace(new Uint8Array(32))).toThrow(/32 bytes instead of 33/u);
  });
});
