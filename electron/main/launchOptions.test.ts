import { describe, expect, it } from 'vitest';
import { networkArgument } from './launchOptions';

describe('networkArgument', () => {
  it('reads both --network forms', () => {
    expect(networkArgument(['/usr/bin/starling', '--network', 'testnet'])).toBe('testnet');
    expect(networkArgument(['/usr/bin/starling', '--network=/tmp/devnet/network.json'])).toBe(
      '/tmp/devnet/network.json',
    );
  });

  it('defaults to mainnet, also when the switch has no value', () => {
    expect(networkArgument(['/usr/bin/starling'])).toBe('mainnet');
    expect(networkArgument(['/usr/bin/starling', '--network'])).toBe('mainnet');
    expect(networkArgument(['/usr/bin/starling', '--network', '--inspect'])).toBe('mainnet');
    expect(networkArgument(['/usr/bin/starling', '--network='])).toBe('mainnet');
  });
});
