import { describe, expect, it } from 'vitest';
import { defaultPollTiming, nextPollDelay } from './communityPoller';

describe('nextPollDelay', () => {
  const timing = defaultPollTiming;

  it('polls again at once while pages come back full', () => {
    expect(nextPollDelay(timing, { more: true, quiet: true, activity: 'background' })).toBe(0);
  });

  it('keeps the lively pace in an open conversation, even in a quiet room', () => {
    expect(nextPollDelay(timing, { more: false, quiet: true, activity: 'activeConversation' })).toBe(
      timing.activeMs,
    );
  });

  it('slows a quiet room, and every room while the window is hidden', () => {
    expect(nextPollDelay(timing, { more: false, quiet: false, activity: 'foreground' })).toBe(
      timing.activeMs,
    );
    expect(nextPollDelay(timing, { more: false, quiet: true, activity: 'foreground' })).toBe(timing.quietMs);
    expect(nextPollDelay(timing, { more: false, quiet: false, activity: 'background' })).toBe(timing.quietMs);
  });
});
