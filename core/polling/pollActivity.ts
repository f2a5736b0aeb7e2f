// What the person is doing, as the renderer reports it (ClientApi setActivity), and the pace each
// poller takes from it. Only the poller that carries the open conversation goes to the lively pace:
// a chat with a contact arrives in our own swarm, a group's in the group's swarm, a room's from its
// server. The others keep the foreground pace, so an open conversation costs one fast poller, not all.
import { communityRoomOf, conversationKindOf } from '../../shared/protocol/identity/conversationId';

export type PollActivity = 'activeConversation' | 'foreground' | 'background';

export interface ActivityReport {
  readonly activity: PollActivity;
  /** The conversation on screen; without it (older callers) every poller takes the report's pace. */
  readonly conversationId?: string | undefined;
}

/** What a poller fetches: our own swarm, one group's swarm, or one community server. */
export type PolledSource =
  | { readonly kind: 'own' }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'community'; readonly baseUrl: string };

/** Whether the open conversation's messages come through a source. */
export function carries(source: PolledSource, conversationId: string): boolean {
  const kind = conversationKindOf(conversationId);
  if (source.kind === 'own') return kind === 'direct';
  if (source.kind === 'group') return kind === 'group' && conversationId === source.groupId;
  if (kind !== 'community') return false;
  try {
    return communityRoomOf(conversationId).baseUrl === source.baseUrl;
  } catch {
    return false; // not a canonical room ID: no server carries it
  }
}

/** The pace one source polls at for a report. */
export function paceOf(report: ActivityReport, source: PolledSource): PollActivity {
  if (report.activity !== 'activeConversation' || report.conversationId === undefined) return report.activity;
  return carries(source, report.conversationId) ? 'activeConversation' : 'foreground';
}

/**
 * A pause spread ±10 % around its mean: two devices of an account, or a swarm's many clients, that
 * started together do not keep polling in step.
 */
export function jittered(intervalMs: number, random: () => number = Math.random): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random()));
}
