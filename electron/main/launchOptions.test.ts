import { describe, expect, it } from 'vitest';
import { networkArgument, updateFeedAddress } from './launchOptions';

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

describe('updateFeedAddress', () => {
  const packaged =
    'provider: generic\nurl: https://updates.example.org/starling\nupdaterCacheDirName: starling-updater\n';

  it('prefers the command line, then the environment, then the packaged app-update.yml', () => {
    const argv = ['/usr/bin/starling', '--update-feed=http://127.0.0.1:8080/feed'];
    const environment = { STARLING_UPDATE_FEED: 'https://mirror.example.org/starling' };
    expect(updateFeedAddress(argv, environment, packaged)).toBe('http://127.0.0.1:8080/feed');
    expect(updateFeedAddress(['/usr/bin/starling'], environment, packaged)).toBe(
      'https://mirror.example.org/starling',
    );
    expect(updateFeedAddress(['/usr/bin/starling'], {}, packaged)).toBe(
      'https://updates.example.org/starling',
    );
  });

  it('is undefined for a development build, or a packaged config without an address', () => {
    expect(updateFeedAddress(['/usr/bin/starling'], {}, undefined)).toBeUndefined();
    expect(updateFeedAddress(['/usr/bin/starling'], {}, 'provider: generic\n')).toBeUndefined();
    expect(updateFeedAddress(['/usr/bin/starling'], {}, '\t: not yaml [')).toBeUndefined();
  });
});
