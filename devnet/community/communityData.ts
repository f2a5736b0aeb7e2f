// What the devnet's open group server keeps (protocol-messages.md §6.4–§6.7), as plain JSON-ready
// objects: rooms with their moderators, bans and per-user permissions, room files, blinded DMs and
// the users seen, kept together in one JSON file; and messages with their reactions, kept in SQLite
// (messageDatabase.ts) because rooms hold many. IDs of messages, files and DMs are global across
// rooms, as in pysogs. Times are unix seconds (floats), as the API gives them.
import type { PendingUser } from './unblindedUsers';

export interface RoomDefaults {
  readonly read: boolean;
  readonly accessible: boolean;
  readonly write: boolean;
  readonly upload: boolean;
}

export interface Moderator {
  readonly admin: boolean;
  /** Hidden moderators act as moderators but are listed only to moderators. */
  readonly visible: boolean;
}

/** A per-user override of a room's defaults; an absent field means "the room's default". */
export interface PermissionOverride {
  read?: boolean;
  accessible?: boolean;
  write?: boolean;
  upload?: boolean;
}

/** A change of permissions that applies at `at` (the end of a timed mute, for example). */
export interface FuturePermission {
  readonly sessionId: string;
  readonly at: number;
  readonly read?: boolean;
  readonly write?: boolean;
  readonly upload?: boolean;
}

export interface Pin {
  readonly id: number;
  readonly pinnedAt: number;
  readonly pinnedBy: string;
}

export interface Room {
  readonly token: string;
  name: string;
  description: string | null;
  readonly created: number;
  /** Counts changes of the room's information (§6.5 pollInfo). */
  infoUpdates: number;
  /**
   * The seqno of the latest change to any message of the room (§6.5). The message database holds
   * the truth (its highest seqno of the room), and the store takes it from there on opening.
   */
  messageSequence: number;
  imageId: number | null;
  defaults: RoomDefaults;
  pinned: Pin[];
  moderators: Record<string, Moderator>;
  /** Session ID → end of the ban (unix seconds), or null for a ban without end. */
  bans: Record<string, number | null>;
  permissions: Record<string, PermissionOverride>;
  futurePermissions: FuturePermission[];
  /** Session ID → last activity in this room, for `active_users`. */
  activity: Record<string, number>;
}

export interface Reactor {
  readonly sessionId: string;
  readonly at: number;
}

export interface Reaction {
  readonly emoji: string;
  /** Oldest first. */
  reactors: Reactor[];
}

export interface Message {
  readonly id: number;
  readonly token: string;
  readonly sessionId: string;
  readonly posted: number;
  edited: number | null;
  /** The seqno of the latest change of any kind. */
  seqno: number;
  /** The seqno of the latest change of data: the post, an edit, the deletion. */
  dataSeqno: number;
  /** The seqno of the post itself. */
  createdSeqno: number;
  /** Base64 as posted; null once deleted. */
  data: string | null;
  signature: string | null;
  readonly whisperTo: string | null;
  readonly whisperMods: boolean;
  files: number[];
  /** In the order each emoji was first used: the `index` of §6.4. */
  reactions: Reaction[];
}

export interface RoomFile {
  readonly id: number;
  readonly token: string;
  readonly uploader: string;
  readonly size: number;
  readonly uploaded: number;
  /** Null: kept for good (a room image). */
  expiry: number | null;
  readonly filename: string | null;
  messageId: number | null;
}

export interface DirectMessage {
  readonly id: number;
  readonly sender: string;
  readonly recipient: string;
  readonly postedAt: number;
  readonly expiresAt: number;
  /** Base64 of the blob (§6.6). */
  readonly message: string;
}

export interface User {
  readonly created: number;
  lastActive: number;
}

export interface CommunityData {
  readonly format: 'starling-community';
  readonly version: 1;
  rooms: Room[];
  files: RoomFile[];
  inbox: DirectMessage[];
  users: Record<string, User>;
  globalModerators: Record<string, Moderator>;
  globalBans: Record<string, number | null>;
  nextFileId: number;
  nextDirectMessageId: number;
  /** 05 users with changes waiting for them to show up blinded (unblindedUsers.ts). */
  pendingUsers?: PendingUser[];
}

export function emptyCommunityData(): CommunityData {
  return {
    format: 'starling-community',
    version: 1,
    rooms: [],
    files: [],
    inbox: [],
    users: {},
    globalModerators: {},
    globalBans: {},
    nextFileId: 1,
    nextDirectMessageId: 1,
  };
}

/** §6.1: the desktop regex for a room token. */
export const roomTokenPattern = /^[0-9a-zA-Z_-]{1,64}$/u;

/** A 15-blinded Session ID. 05 IDs need the blinding helpers (issue 15) before they are accepted. */
export const blindedIdPattern = /^15[0-9a-f]{64}$/u;

export function newRoom(token: string, name: string, created: number, description?: string): Room {
  return {
    token,
    name,
    description: description ?? null,
    created,
    infoUpdates: 0,
    messageSequence: 0,
    imageId: null,
    defaults: { read: true, accessible: true, write: true, upload: true },
    pinned: [],
    moderators: {},
    bans: {},
    permissions: {},
    futurePermissions: [],
    activity: {},
  };
}
