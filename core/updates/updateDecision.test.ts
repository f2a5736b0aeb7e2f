import { describe, expect, it } from 'vitest';
import type { HardforkVersion } from '../network/hardforkTracker';
import { compareVersions, decideUpdate, type UpdateDecisionInput } from './updateDecision';
import type { UpdateFeed } from './updateFeed';

const now = new Date('2026-11-23T12:00:00Z');

function feed(fields: Partial<UpdateFeed> = {}): UpdateFeed {
  return {
    version: '1.3.0',
    releaseDate: new Date('2026-11-20T00:00:00Z'),
    files: [{ url: 'Starling-1.3.0.AppImage', sha512: 'x'.repeat(86) + '==', size: 1 }],
    ...fields,
  };
}

function decide(input: Partial<UpdateDecisionInput>) {
  return decideUpdate({
    currentVersion: '1.2.0',
    supportedHardfork: [19, 5],
    networkHardfork: [19, 5],
    feed: undefined,
    now,
    ...input,
  });
}

describe('comparing versions', () => {
  it.each([
    ['1.10.0', '1.9.9', 1],
    ['1.9.9', '1.10.0', -1],
    ['2.0.0', '1.99.99', 1],
    ['1.2.3', '1.2.3', 0],
    ['1.2.10', '1.2.9', 1],
    ['0.1.0', '0.0.99', 1],
  ])('%s against %s is %i', (left, right, expected) => {
    expect(compareVersions(left, right)).toBe(expected);
  });
});

describe('the update decision', () => {
  it('is upToDate without a newer release', () => {
    expect(decide({ feed: feed({ version: '1.2.0' }) })).toMatchObject({ kind: 'upToDate' });
    expect(decide({ feed: feed({ version: '1.1.9' }) })).toMatchObject({ kind: 'upToDate' });
    expect(decide({ feed: undefined }).kind).toBe('upToDate');
    expect(decide({ feed: undefined }).message).toMatch(/could not be read/);
  });

  it('offers a newer release, comparing numerically', () => {
    const decision = decide({ currentVersion: '1.9.9', feed: feed({ version: '1.10.0', notes: 'Faster.' }) });
    expect(decision).toEqual({
      kind: 'available',
      version: '1.10.0',
      notes: 'Faster.',
      message: expect.stringMatching(/1\.10\.0 is available .*1\.9\.9/),
    });
    expect(decide({ currentVersion: '1.10.0', feed: feed({ version: '1.9.9' }) }).kind).toBe('upToDate');
  });

  it('requires an update before a deadline that has not passed', () => {
    const deadline = new Date('2026-12-01T00:00:00Z');
    const decision = decide({ feed: feed({ requiredBefore: deadline, supportedHardfork: [19, 6] }) });
    expect(decision).toMatchObject({
      kind: 'required',
      version: '1.3.0',
      reason: 'hardforkScheduled',
      deadline,
    });
    expect(decision.message).toMatch(/before 2026-12-01/);
    expect(decision.message).toMatch(/19\.6/);
  });

  it('still requires it, more urgently worded, once the deadline has passed', () => {
    const deadline = new Date('2026-11-01T00:00:00Z');
    const decision = decide({ feed: feed({ requiredBefore: deadline }) });
    expect(decision).toMatchObject({ kind: 'required', reason: 'hardforkScheduled', deadline });
    expect(decision.message).toMatch(/^Since 2026-11-01/);
  });

  it('requires a release that knows a newer hardfork, even without a date', () => {
    const decision = decide({ feed: feed({ supportedHardfork: [19, 6] }) });
    expect(decision).toMatchObject({ kind: 'required', reason: 'hardforkScheduled' });
    expect(decision).not.toHaveProperty('deadline');
    expect(decision.message).toMatch(/19\.6/);
    // A release for the same network version is only an offer.
    expect(decide({ feed: feed({ supportedHardfork: [19, 5] }) }).kind).toBe('available');
  });

  it('does not ask for a deadline update when this build is already that release or newer', () => {
    const requiredBefore = new Date('2026-12-01T00:00:00Z');
    expect(decide({ currentVersion: '1.3.0', feed: feed({ requiredBefore }) }).kind).toBe('upToDate');
  });

  it('requires the update when the network is already ahead and a release supports it', () => {
    for (const supportedHardfork of [undefined, [19, 6] as HardforkVersion, [20, 0] as HardforkVersion]) {
      const decision = decide({
        networkHardfork: [19, 6],
        feed: feed(supportedHardfork ? { supportedHardfork } : {}),
      });
      expect(decision).toMatchObject({ kind: 'required', reason: 'networkAhead', version: '1.3.0' });
      expect(decision.message).toMatch(/messages may stop arriving/);
    }
  });

  it('says why messages may stop arriving when the network is ahead and no update helps', () => {
    const noFeed = decide({ networkHardfork: [19, 6], feed: undefined });
    expect(noFeed).toMatchObject({ kind: 'outdated', reason: 'feedUnavailable' });
    expect(noFeed.message).toMatch(/19\.6.*only supports up to 19\.5.*messages may stop arriving/);
    expect(decide({ networkHardfork: [20, 0], feed: feed({ version: '1.2.0' }) })).toMatchObject({
      kind: 'outdated',
      reason: 'noUpdateAvailable',
    });
    // A newer release that does not know this network version either does not help.
    expect(decide({ networkHardfork: [20, 0], feed: feed({ supportedHardfork: [19, 6] }) })).toMatchObject({
      kind: 'outdated',
      reason: 'noUpdateAvailable',
    });
  });

  it('holds back a release the network cannot run yet', () => {
    const early = feed({ minimumHardfork: [19, 6], supportedHardfork: [19, 6] });
    expect(decide({ networkHardfork: [19, 5], feed: early }).kind).toBe('upToDate');
    // Before any node has answered, it asks more of the network than this build does: wait.
    expect(decide({ networkHardfork: undefined, feed: early }).kind).toBe('upToDate');
    // Once the network switches, it is exactly what is needed.
    expect(decide({ networkHardfork: [19, 6], feed: early })).toMatchObject({
      kind: 'required',
      reason: 'networkAhead',
    });
    expect(decide({ networkHardfork: undefined, feed: feed({ minimumHardfork: [19, 3] }) }).kind).toBe(
      'available',
    );
  });

  it('is not fooled by an older network', () => {
    expect(decide({ networkHardfork: [19, 3], feed: undefined }).kind).toBe('upToDate');
  });
});
