// Operator commands of the open group server, outside the SOGS API (as pysogs has its own command
// line): add a room, make a moderator or admin, ban and unban. They run on the store directly —
// by the running server when it is asked over its loopback admin endpoint, or by the command line on
// a stopped server's directory — so both paths change the state the same way.
import { newRoom, roomTokenPattern } from './communityData';
import type { CommunityStore } from './communityStore';
import { applyBan, applyRole, applyUnban } from './staffChanges';
import { type DeferredChange, resolveUser, type UserTarget, UserIdError } from './unblindedUsers';

export type AdminCommand =
  | {
      readonly kind: 'add-room';
      readonly token: string;
      readonly name: string;
      readonly description?: string;
    }
  | {
      readonly kind: 'add-moderator';
      readonly sessionId: string;
      /** Undefined: a global moderator. */
      readonly room?: string;
      readonly admin: boolean;
      readonly visible: boolean;
    }
  | {
      readonly kind: 'ban';
      readonly sessionId: string;
      readonly room?: string;
      readonly durationSeconds?: number;
    }
  | { readonly kind: 'unban'; readonly sessionId: string; readonly room?: string };

export class AdminCommandError extends Error {}

function roomOf(store: CommunityStore, token: string) {
  const room = store.room(token);
  if (!room) throw new AdminCommandError(`There is no room “${token}”.`);
  return room;
}

type AddRoom = Extract<AdminCommand, { kind: 'add-room' }>;

export function addRoom(
  store: CommunityStore,
  command: AddRoom,
  nowSeconds: number,
): Record<string, unknown> {
  if (!roomTokenPattern.test(command.token)) {
    throw new AdminCommandError(`“${command.token}” is not a room token: 1–64 of [0-9a-zA-Z_-].`);
  }
  if (command.name.trim() === '') throw new AdminCommandError('A room needs a name.');
  if (store.room(command.token)) throw new AdminCommandError(`The room “${command.token}” exists already.`);
  store.addRoom(newRoom(command.token, command.name, nowSeconds, command.description));
  return { room: { token: command.token, name: command.name } };
}

/** Applies one command; resolves with what it did, as JSON for the command line. */
export async function applyAdminCommand(
  store: CommunityStore,
  serverPublicKey: Uint8Array,
  command: AdminCommand,
  nowSeconds: number,
): Promise<Record<string, unknown>> {
  const data = store.data;
  if (command.kind === 'add-room') return addRoom(store, command, nowSeconds);
  const room = command.room === undefined ? undefined : roomOf(store, command.room);
  let target: UserTarget;
  try {
    target = await resolveUser(data, serverPublicKey, command.sessionId);
  } catch (error) {
    if (error instanceof UserIdError) {
      throw new AdminCommandError(`“${command.sessionId}” is not a 15… blinded or 05… Session ID.`);
    }
    throw error;
  }
  // A 05 user not seen yet gets the change when they first come (unblindedUsers.ts).
  const pending = target.kind === 'pending';
  const scope = { room: command.room ?? null, ...(pending ? { pending: true } : {}) };
  const defer = (change: DeferredChange) => {
    if (target.kind === 'pending') target.user.changes.push(change);
  };
  const where = command.room === undefined ? {} : { room: command.room };
  const sessionId = target.kind === 'blinded' ? target.sessionId : command.sessionId;
  let result: Record<string, unknown>;
  switch (command.kind) {
    case 'add-moderator': {
      const flags = { moderator: true, admin: command.admin, visible: command.visible };
      if (target.kind === 'blinded') applyRole(data, room, sessionId, flags);
      else defer({ kind: 'role', ...where, flags });
      result = { moderator: sessionId, ...scope, admin: command.admin, visible: command.visible };
      break;
    }
    case 'ban': {
      const until = command.durationSeconds === undefined ? null : nowSeconds + command.durationSeconds;
      if (target.kind === 'blinded') applyBan(data, room, sessionId, until);
      else defer({ kind: 'ban', ...where, until });
      result = { banned: sessionId, ...scope, until };
      break;
    }
    case 'unban': {
      if (target.kind === 'blinded') applyUnban(data, room, sessionId);
      else defer({ kind: 'unban', ...where });
      result = { unbanned: sessionId, ...scope };
      break;
    }
  }
  store.changed();
  return result;
}
