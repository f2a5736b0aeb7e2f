// The words communities are shown with: how many are active, where we stand in a room.
import type { CommunitySummaryView } from '../../../../shared/contract/views';

/** The server counts the people who read the room lately (pysogs: the last 7 days). */
export function activeUsersText(count: number): string {
  return count === 1 ? '1 person active' : `${count.toLocaleString('en')} people active`;
}

/** Our standing in the room, when it is more (or less) than an ordinary member's. */
export function standingText(community: CommunitySummaryView): string | null {
  if (community.admin) return 'Admin';
  if (community.moderator) return 'Moderator';
  if (!community.canWrite) return 'Read only';
  return null;
}

/** The server's host, as the header names it beside the room ("open.example.org"). */
export function serverHost(joinUrl: string): string {
  try {
    return new URL(joinUrl).host;
  } catch {
    return joinUrl;
  }
}
