import { describe, expect, it } from 'vitest';
import { chooseHops } from './onionPaths';
import type { Snode } from './snode';

const node = (ip: string, index: number): Snode => ({
  ip,
  port: 22021,
  ed25519PublicKey: index.toString(16).padStart(64, '0'),
  x25519PublicKey: index.toString(16).padStart(64, 'f'),
});

describe('chooseHops', () => {
  it('takes one hop per /24 subnet when the pool allows it', () => {
    const guard = node('10.1.1.5', 1);
    const candidates = [
      node('10.1.1.6', 2),
      node('10.1.1.7', 3),
      node('10.2.2.2', 4),
      node('10.1.1.8', 5),
      node('10.3.3.3', 6),
    ];
    expect(chooseHops(guard, candidates).map((hop) => hop.ip)).toEqual(['10.1.1.5', '10.2.2.2', '10.3.3.3']);
  });

  it('shares a subnet only when it must, as on a devnet', () => {
    const guard = node('127.0.0.1', 1);
    const candidates = [node('127.0.0.1', 2), node('192.168.0.9', 3), node('127.0.0.1', 4)];
    expect(chooseHops(guard, candidates).map((hop) => hop.ed25519PublicKey.slice(-1))).toEqual([
      '1',
      '3',
      '2',
    ]);
    expect(chooseHops(guard, [node('127.0.0.1', 2)])).toHaveLength(2);
  });
});
