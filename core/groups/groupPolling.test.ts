// How often a group's swarm is polled (protocol-network.md §11): by how recently the group was
// active, as desktop does, bounded by what the person is doing.
import { describe, expect, it } from 'vitest';
import { groupPollIntervalMs } from './groupPolling';

const now = Date.UTC(2026, 11, 2);
const day = 24 * 60 * 60 * 1000;

describe('groupPollIntervalMs', () => {
  it('polls a group active in the last 2 days every 5 s, within a week every 60 s, else every 120 s', () => {
    expect(groupPollIntervalMs('foreground', now - day, now)).toBe(5_000);
    expect(groupPollIntervalMs('foreground', now - 3 * day, now)).toBe(60_000);
    expect(groupPollIntervalMs('foreground', now - 8 * day, now)).toBe(120_000);
    expect(groupPollIntervalMs('foreground', null, now)).toBe(120_000);
  });

  it('polls faster while a conversation is open, and never faster than 30 s in the background', () => {
    expect(groupPollIntervalMs('activeConversation', now - day, now)).toBe(1_500);
    expect(groupPollIntervalMs('activeConversation', now - 8 * day, now)).toBe(1_500);
    expect(groupPollIntervalMs('background', now - day, now)).toBe(30_000);
    expect(groupPollIntervalMs('background', now - 8 * day, now)).toBe(120_000);
  });
});
