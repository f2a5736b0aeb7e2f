import { describe, expect, it } from 'vitest';
import { HardforkTracker, type HardforkVersion } from './hardforkTracker';
import { NetworkClock } from './networkClock';

describe('NetworkClock', () => {
  it('follows the mean offset of the last 10 replies and ignores implausible times', () => {
    let local = Date.UTC(2026, 10, 23);
    const clock = new NetworkClock(() => local);
    expect(clock.now()).toBe(local);
    clock.observe(local - 5_000);
    expect(clock.offsetMs).toBe(5_000);
    clock.observe(local - 15_000);
    expect(clock.now()).toBe(local - 10_000);
    clock.observe(1_000); // 1970: a node with a broken clock
    clock.observe('soon');
    expect(clock.offsetMs).toBe(10_000);
    for (let reply = 0; reply < 10; reply += 1) clock.observe(local);
    expect(clock.offsetMs).toBe(0);
    local += 60_000;
    expect(clock.now()).toBe(local);
  });

  it('trusts one node outright after a clock error', () => {
    const local = Date.UTC(2026, 10, 23);
    const clock = new NetworkClock(() => local);
    clock.observe(local);
    clock.correctFrom(local + 120_000);
    expect(clock.offsetMs).toBe(-120_000);
  });
});

describe('HardforkTracker', () => {
  it('announces once each version above the supported one', () => {
    const announced: HardforkVersion[] = [];
    const tracker = new HardforkTracker((version) => announced.push(version), [19, 4]);
    tracker.observe([19, 4]);
    tracker.observe([19, 3]);
    tracker.observe('nonsense');
    expect(tracker.version).toEqual([19, 4]);
    tracker.observe([19, 5]);
    tracker.observe([19, 5]);
    tracker.observe([20, 0]);
    expect(announced).toEqual([
      [19, 5],
      [20, 0],
    ]);
    expect(tracker.version).toEqual([20, 0]);
  });
});
