// Users named by their 05 Session ID on a server that knows everyone by 15… blinded IDs
// (protocol-messages.md §6.3): a 05 ID maps to two blinded candidates (the sign bit is lost). When
// one of them has used the server, the change applies to it at once; otherwise it waits, with both
// candidates, and applies the first time either of them authenticates — as pysogs does with
// its "needs blinding" users.
import { blindedIdCandidates } from '../../shared/protocol/community/blinding';
import { blindedIdPattern, type CommunityData } from './communityData';
import { applyBan, applyRole, applyUnban, type RoleFlags } from './staffChanges';

export const unblindedIdPattern = /^05[0-9a-f]{64}$/u;

/** A change waiting for a 05 user to show up blinded; `room` undefined: global. */
export type DeferredChange =
  | { readonly kind: 'role'; readonly room?: string; readonly flags: RoleFlags }
  | { readonly kind: 'ban'; readonly room?: string; readonly until: number | null }
  | { readonly kind: 'unban'; readonly room?: string };

export interface PendingUser {
  readonly unblindedId: string;
  readonly candidates: readonly [string, string];
  changes: DeferredChange[];
}

export type UserTarget =
  | { readonly kind: 'blinded'; readonly sessionId: string }
  | { readonly kind: 'pending'; readonly user: PendingUser };

export class UserIdError extends Error {}

/** The blinded user a 15 or 05 ID names, or the pending entry of a 05 user not seen yet. */
export async function resolveUser(
  data: CommunityData,
  serverPublicKey: Uint8Array,
  sessionId: string,
): Promise<UserTarget> {
  if (blindedIdPattern.test(sessionId)) return { kind: 'blinded', sessionId };
  if (!unblindedIdPattern.test(sessionId)) {
    throw new UserIdError('Invalid session ID: expected a 15… blinded or 05… Session ID');
  }
  let candidates: [string, string];
  try {
    candidates = await blindedIdCandidates(sessionId, serverPublicKey);
  } catch {
    throw new UserIdError('Invalid session ID: not a usable X25519 key');
  }
  const known = candidates.find((candidate) => data.users[candidate] !== undefined);
  if (known) return { kind: 'blinded', sessionId: known };
  const pending = (data.pendingUsers ??= []);
  let user = pending.find((entry) => entry.unblindedId === sessionId);
  if (!user) {
    user = { unblindedId: sessionId, candidates, changes: [] };
    pending.push(user);
  }
  return { kind: 'pending', user };
}

/** Applies and forgets the waiting changes of the 05 user this new blinded user is; true if any. */
export function claimPendingChanges(data: CommunityData, blindedId: string): boolean {
  const pending = data.pendingUsers ?? [];
  const index = pending.findIndex((entry) => entry.candidates.includes(blindedId));
  if (index === -1) return false;
  const [user] = pending.splice(index, 1);
  for (const change of user!.changes) {
    const room =
      change.room === undefined ? undefined : data.rooms.find((each) => each.token === change.room);
    // A room removed meanwhile takes nothing.
    if (change.room !== undefined && !room) continue;
    if (change.kind === 'role') applyRole(data, room, blindedId, change.flags);
    else if (change.kind === 'ban') applyBan(data, room, blindedId, change.until);
    else applyUnban(data, room, blindedId);
  }
  return true;
}
