// What the API returns for rooms and messages (protocol-messages.md §6.4, §6.5): room info with the
// caller's permissions and, for moderators, the hidden staff and the room's defaults; message
// objects with reactions limited to N reactors and `you` for the caller.
import type { CommunityData, Message, Room } from './communityData';
import type { Permissions } from './permissions';

/** pysogs counts users active within the last 7 days. */
export const activeUsersCutoffSeconds = 7 * 24 * 3600;

export function activeUsers(room: Room, now: number): number {
  const since = now - activeUsersCutoffSeconds;
  return Object.values(room.activity).filter((at) => at >= since).length;
}

/** The caller's flags of pollInfo and room info: only the true role flags, defaults for moderators. */
export function permissionFields(room: Room, permissions: Permissions): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    read: permissions.read,
    write: permissions.write,
    upload: permissions.upload,
  };
  if (permissions.moderator) fields.moderator = true;
  if (permissions.admin) fields.admin = true;
  if (permissions.globalModerator) fields.global_moderator = true;
  if (permissions.globalAdmin) fields.global_admin = true;
  if (permissions.moderator) {
    fields.default_read = room.defaults.read;
    fields.default_accessible = room.defaults.accessible;
    fields.default_write = room.defaults.write;
    fields.default_upload = room.defaults.upload;
  }
  return fields;
}

interface Staff {
  readonly moderators: string[];
  readonly admins: string[];
  readonly hiddenModerators: string[];
  readonly hiddenAdmins: string[];
}

/** Room and global staff, each listed once; admins are not repeated among moderators. */
function staffOf(data: CommunityData, room: Room): Staff {
  const roles = new Map<string, { admin: boolean; visible: boolean }>();
  for (const [sessionId, role] of Object.entries(data.globalModerators)) roles.set(sessionId, role);
  // A room role is the one the room shows, over a global one.
  for (const [sessionId, role] of Object.entries(room.moderators)) roles.set(sessionId, role);
  const staff: Staff = { moderators: [], admins: [], hiddenModerators: [], hiddenAdmins: [] };
  for (const [sessionId, role] of [...roles].sort(([left], [right]) => left.localeCompare(right))) {
    if (role.admin) (role.visible ? staff.admins : staff.hiddenAdmins).push(sessionId);
    else (role.visible ? staff.moderators : staff.hiddenModerators).push(sessionId);
  }
  return staff;
}

export function roomView(
  data: CommunityData,
  room: Room,
  permissions: Permissions,
  now: number,
): Record<string, unknown> {
  const staff = staffOf(data, room);
  const view: Record<string, unknown> = {
    token: room.token,
    name: room.name,
    info_updates: room.infoUpdates,
    message_sequence: room.messageSequence,
    created: room.created,
    active_users: activeUsers(room, now),
    active_users_cutoff: activeUsersCutoffSeconds,
    moderators: staff.moderators,
    admins: staff.admins,
  };
  if (room.description !== null) view.description = room.description;
  if (room.imageId !== null) view.image_id = room.imageId;
  if (room.pinned.length > 0) {
    view.pinned_messages = room.pinned.map((pin) => ({
      id: pin.id,
      pinned_at: pin.pinnedAt,
      pinned_by: pin.pinnedBy,
    }));
  }
  // pysogs shows hidden staff to moderators only, and leaves out an empty list.
  if (permissions.moderator && staff.hiddenModerators.length > 0)
    view.hidden_moderators = staff.hiddenModerators;
  if (permissions.moderator && staff.hiddenAdmins.length > 0) view.hidden_admins = staff.hiddenAdmins;
  return { ...view, ...permissionFields(room, permissions) };
}

/** pysogs returns 4 reactors per emoji unless asked; desktop asks for 5. */
export const defaultReactorLimit = 4;
export const maximumReactorLimit = 20;

export function reactionsView(
  message: Message,
  viewer: string | undefined,
  reactorLimit: number,
): Record<string, unknown> {
  const reactions: Record<string, unknown> = {};
  message.reactions.forEach((reaction, index) => {
    const entry: Record<string, unknown> = { index, count: reaction.reactors.length };
    // pysogs leaves `reactors` out altogether when asked for 0.
    if (reactorLimit > 0) {
      entry.reactors = reaction.reactors.slice(0, reactorLimit).map((reactor) => reactor.sessionId);
    }
    if (viewer !== undefined && reaction.reactors.some((reactor) => reactor.sessionId === viewer)) {
      entry.you = true;
    }
    reactions[reaction.emoji] = entry;
  });
  return reactions;
}

export function messageView(
  message: Message,
  viewer: string | undefined,
  reactorLimit = defaultReactorLimit,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: message.id,
    session_id: message.sessionId,
    posted: message.posted,
    seqno: message.seqno,
  };
  if (message.edited !== null) view.edited = message.edited;
  if (message.data === null) {
    view.data = null;
    view.deleted = true;
  } else {
    view.data = message.data;
    view.signature = message.signature;
  }
  if (message.whisperTo !== null || message.whisperMods) {
    view.whisper = true;
    view.whisper_mods = message.whisperMods;
    if (message.whisperTo !== null) view.whisper_to = message.whisperTo;
  }
  // pysogs gives a deletion no reactions at all.
  if (message.data !== null) view.reactions = reactionsView(message, viewer, reactorLimit);
  return view;
}

/** §6.5 with `t=r`: a message whose only change since the poll is its reactions. */
export function reactionUpdateView(
  message: Message,
  viewer: string | undefined,
  reactorLimit: number,
): Record<string, unknown> {
  return { id: message.id, seqno: message.seqno, reactions: reactionsView(message, viewer, reactorLimit) };
}

/**
 * Who sees a whisper (pysogs `get_messages_for`): its recipient; a moderator also sees those for the
 * moderators and their own; nobody else, the public included.
 */
export function canSee(message: Message, viewer: string | undefined, moderator: boolean): boolean {
  if (message.whisperTo === null && !message.whisperMods) return true;
  if (viewer === undefined) return false;
  if (message.whisperTo === viewer) return true;
  return moderator && (message.whisperMods || message.sessionId === viewer);
}
