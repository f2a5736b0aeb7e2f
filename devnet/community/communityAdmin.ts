// Operator commands of the open group server, outside the SOGS API (as pysogs has its own command
// line): add a room, make a moderator or admin, ban and unban. They run on the store directly —
// by the running server when it is asked over its loopback admin endpoint, or by the command line on
// a stopped server's directory — so both paths change the state the same way.
import { blindedIdPattern, newRoom, roomTokenPattern } from './communityData';
import type { CommunityStore } from './communityStore';

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

function checkUser(sessionId: string): void {
  if (!blindedIdPattern.test(sessionId)) {
    throw new AdminCommandError(`“${sessionId}” is not a 15… blinded Session ID (66 hex digits).`);
  }
}

function roomOf(store: CommunityStore, token: string) {
  const room = store.room(token);
  if (!room) throw new AdminCommandError(`There is no room “${token}”.`);
  return room;
}

/** Applies one command; resolves with what it did, as JSON for the command line. */
export function applyAdminCommand(
  store: CommunityStore,
  command: AdminCommand,
  nowSeconds: number,
): Record<string, unknown> {
  const data = store.data;
  switch (command.kind) {
    case 'add-room': {
      if (!roomTokenPattern.test(command.token)) {
        throw new AdminCommandError(`“${command.token}” is not a room token: 1–64 of [0-9a-zA-Z_-].`);
      }
      if (command.name.trim() === '') throw new AdminCommandError('A room needs a name.');
      if (store.room(command.token))
        throw new AdminCommandError(`The room “${command.token}” exists already.`);
      store.addRoom(newRoom(command.token, command.name, nowSeconds, command.description));
      return { room: { token: command.token, name: command.name } };
    }
    case 'add-moderator': {
      checkUser(command.sessionId);
      const role = { admin: command.admin, visible: command.visible };
      if (command.room === undefined) {
        data.globalModerators[command.sessionId] = role;
        // Staff lists are room info, in every room for global staff.
        for (const room of data.rooms) room.infoUpdates += 1;
      } else {
        const room = roomOf(store, command.room);
        room.moderators[command.sessionId] = role;
        room.infoUpdates += 1;
      }
      store.changed();
      return { moderator: command.sessionId, room: command.room ?? null, ...role };
    }
    case 'ban': {
      checkUser(command.sessionId);
      const until = command.durationSeconds === undefined ? null : nowSeconds + command.durationSeconds;
      if (command.room === undefined) {
        data.globalBans[command.sessionId] = until;
      } else {
        roomOf(store, command.room).bans[command.sessionId] = until;
      }
      store.changed();
      return { banned: command.sessionId, room: command.room ?? null, until };
    }
    case 'unban': {
      checkUser(command.sessionId);
      if (command.room === undefined) delete data.globalBans[command.sessionId];
      else delete roomOf(store, command.room).bans[command.sessionId];
      store.changed();
      return { unbanned: command.sessionId, room: command.room ?? null };
    }
  }
}
