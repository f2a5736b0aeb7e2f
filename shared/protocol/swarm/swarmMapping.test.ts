import { describe, expect, it } from 'vitest';
import {
  formatSwarmId,
  invalidSwarmId,
  parseSwarmId,
  swarmIdForPubkey,
  swarmIdForSpace,
} from './swarmMapping';

// protocol-network.md §3, upstream mapping vectors of oxen-storage-server unit_test/swarm.cpp.
const swarms = [100n, 200n, 300n, 399n, 498n, 596n, 694n];
const topSwarm = 2n ** 64n - 20n;

describe('swarmIdForSpace', () => {
  it.each([
    [150n, 100n],
    [0x97n, 200n],
    [0x8000000000000000n, 694n],
    [0xa000000000000000n, 100n],
    [0xffffffffffffffffn, 100n],
    [0x800000000000018dn, 694n],
    [0x800000000000018en, 100n],
  ])('maps space %s to swarm %s', (space, swarmId) => {
    expect(swarmIdForSpace(space, swarms)).toBe(swarmId);
    expect(swarmIdForSpace(space, [...swarms].reverse())).toBe(swarmId);
  });

  it.each([
    [0x28n, topSwarm],
    [0x29n, 100n],
  ])('with swarm 2^64−20 added, maps space %s to swarm %s', (space, swarmId) => {
    expect(swarmIdForSpace(space, [...swarms, topSwarm])).toBe(swarmId);
  });

  it('maps a space equal to a swarm id to that swarm', () => {
    for (const swarmId of swarms) {
      expect(swarmIdForSpace(swarmId, swarms)).toBe(swarmId);
    }
  });

  it('gives every key to a single swarm, and ignores UINT64_MAX and repeats', () => {
    expect(swarmIdForSpace(0n, [500n])).toBe(500n);
    expect(swarmIdForSpace(invalidSwarmId, [500n, invalidSwarmId, 500n])).toBe(500n);
    expect(swarmIdForSpace(0xffffffffffffff00n, [invalidSwarmId, 100n, 200n])).toBe(100n);
  });

  it('has no answer without a real swarm', () => {
    expect(swarmIdForSpace(5n, [])).toBeUndefined();
    expect(swarmIdForSpace(5n, [invalidSwarmId])).toBeUndefined();
  });

  it('refuses values outside 64 bits', () => {
    expect(() => swarmIdForSpace(2n ** 64n, swarms)).toThrow(RangeError);
    expect(() => swarmIdForSpace(1n, [-1n])).toThrow(RangeError);
  });

  it('maps a pubkey through its space', () => {
    // Space 0x0123456789abcdef (§3) is nearest to 0x0100000000000000.
    const pubkey = `05${'0'.repeat(48)}0123456789abcdef`;
    expect(swarmIdForPubkey(pubkey, [0x0100000000000000n, 0x0200000000000000n])).toBe(0x0100000000000000n);
  });
});

describe('swarm id text', () => {
  it('is lowercase hex without leading zeros, as get_swarm writes it', () => {
    expect(formatSwarmId(invalidSwarmId)).toBe('ffffffffffffffff');
    expect(formatSwarmId(0x0123456789abcdefn)).toBe('123456789abcdef');
    expect(formatSwarmId(0n)).toBe('0');
    expect(parseSwarmId('00FF')).toBe(255n);
    expect(parseSwarmId('ffffffffffffffff')).toBe(invalidSwarmId);
  });

  it('refuses anything else', () => {
    expect(() => parseSwarmId('')).toThrow(expect.objectContaining({ code: 'invalidSwarmId' }));
    expect(() => parseSwarmId('1ffffffffffffffff')).toThrow(/not a swarm id/u);
    expect(() => parseSwarmId('0x10')).toThrow(/not a swarm id/u);
    expect(() => formatSwarmId(-1n)).toThrow(RangeError);
  });
});
