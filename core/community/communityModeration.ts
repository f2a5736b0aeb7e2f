// A room's moderator and admin tools (protocol-messages.md §6.7): pins (admins), bans and unbans
// with a duration, purging a member's posts, per-member permissions (a mute is write=false), and
// making moderators and admins. Each is refused here, in words and before any request, when the
// room does not count us among its moderators (or admins) as pollInfo last told (§6.5); the server
// checks again, and its refusal is told in words too. Every body names exactly one room, ours
// (§6.7 "Mod and ban bodies need exactly one of `rooms` or `global`").
import type { CommunityRecord, CommunityRepository } from '../store/communityRepository';
import {
  CommunityError,
  communityErrorOf,
  type CommunityClient,
  type CommunityReply,
  type CommunityRequest,
} from './communityClient';
import { serverOf } from './communityPosts';
import { standingOf } from './communityViews';

export type CommunityRole = 'moderator' | 'admin' | 'none';

export interface PermissionChange {
  readonly read?: boolean | undefined;
  readonly write?: boolean | undefined;
  readonly upload?: boolean | undefined;
}

export class CommunityModeration {
  constructor(
    private readonly options: {
      readonly client: CommunityClient;
      readonly repository: CommunityRepository;
      readonly ownSessionId: string;
      readonly ownIdOf: (publicKey: Uint8Array) => Promise<string>;
      readonly now: () => number;
    },
  ) {}

  /**
   * Pins or unpins a message (§6.7 `POST /room/<t>/pin/<id>`, `/unpin/<id>`, admins). The pin shows
   * here at once; the server's list comes with the next poll, as the room's info changed.
   */
  async pin(room: CommunityRecord, serverId: number, pinned: boolean): Promise<void> {
    requireRole(room, 'admin', pinned ? 'pin messages' : 'unpin messages');
    const token = encodeURIComponent(room.room);
    await this.send(
      room,
      { method: 'POST', path: `/room/${token}/${pinned ? 'pin' : 'unpin'}/${serverId}`, json: {} },
      pinned ? 'the pin' : 'the unpin',
    );
    const others = room.pinned.filter((pin) => pin.id !== serverId);
    const pinnedBy = await this.options.ownIdOf(room.publicKey);
    this.options.repository.setInfo(room.id, {
      pinned: pinned ? [...others, { id: serverId, pinnedAt: this.options.now(), pinnedBy }] : others,
    });
  }

  /**
   * Bans a member from the room (§6.7 `POST /user/<id>/ban`, `timeout` in seconds), and with
   * `deleteMessages` deletes all their posts there (`DELETE /room/<t>/all/<id>`), in one `/sequence`
   * so that nothing is deleted unless the ban held. Resolves with when the ban ends (ms), or null.
   */
  async ban(
    room: CommunityRecord,
    member: string,
    durationSeconds: number | null,
    deleteMessages: boolean,
  ): Promise<number | null> {
    requireRole(room, 'moderator', 'ban members');
    await this.refuseSelf(room, member, 'You cannot ban yourself.');
    const requests: CommunityRequest[] = [
      {
        method: 'POST',
        path: `/user/${member}/ban`,
        json: { rooms: [room.room], ...(durationSeconds !== null ? { timeout: durationSeconds } : {}) },
      },
    ];
    if (deleteMessages) {
      requests.push({ method: 'DELETE', path: `/room/${encodeURIComponent(room.room)}/all/${member}` });
    }
    const [banned, purged] = await this.sequence(room, requests);
    checked(banned, 'the ban');
    // pysogs answers 404 when the member has no posts in the room: nothing was left to delete.
    if (purged && purged.code !== 404) checked(purged, 'the deletion of their messages');
    return durationSeconds === null ? null : this.options.now() + durationSeconds * 1000;
  }

  /** Lifts a member's ban from the room (§6.7 `POST /user/<id>/unban`). */
  async unban(room: CommunityRecord, member: string): Promise<void> {
    requireRole(room, 'moderator', 'unban members');
    await this.send(
      room,
      { method: 'POST', path: `/user/${member}/unban`, json: { rooms: [room.room] } },
      'the unban',
    );
  }

  /**
   * Sets what a member may do in the room (§6.7 `POST /room/<t>/permissions/<id>`); with a duration,
   * the opposite is scheduled then (`POST /room/<t>/futurePermissions/<id>` `{in, …}`), so that a
   * timed mute ends by itself. Resolves with when it goes back (ms), or null.
   */
  async setPermissions(
    room: CommunityRecord,
    member: string,
    change: PermissionChange,
    durationSeconds: number | undefined,
  ): Promise<number | null> {
    requireRole(room, 'moderator', 'change what members may do');
    await this.refuseSelf(room, member, 'You cannot change what you yourself may do in the room.');
    const token = encodeURIComponent(room.room);
    const set = definedOf(change);
    const requests: CommunityRequest[] = [
      { method: 'POST', path: `/room/${token}/permissions/${member}`, json: set },
    ];
    if (durationSeconds !== undefined) {
      const undone = Object.fromEntries(Object.entries(set).map(([name, value]) => [name, !value]));
      requests.push({
        method: 'POST',
        path: `/room/${token}/futurePermissions/${member}`,
        json: { in: durationSeconds, ...undone },
      });
    }
    const [now, later] = await this.sequence(room, requests);
    checked(now, 'the permission change');
    if (later) checked(later, 'the end of the permission change');
    return durationSeconds === undefined ? null : this.options.now() + durationSeconds * 1000;
  }

  /**
   * Makes a member a moderator or an admin of the room, or neither (§6.7 `POST /user/<id>/moderator`
   * and its flags: admin=true grants admin, admin=false with moderator=true demotes to moderator,
   * moderator=false removes both).
   */
  async setRole(room: CommunityRecord, member: string, role: CommunityRole, visible: boolean): Promise<void> {
    requireRole(room, 'admin', 'choose moderators and admins');
    await this.refuseSelf(room, member, 'You cannot change your own role in the room.');
    const flags =
      role === 'admin'
        ? { moderator: true, admin: true, visible }
        : role === 'moderator'
          ? { moderator: true, admin: false, visible }
          : { moderator: false, admin: false };
    await this.send(
      room,
      { method: 'POST', path: `/user/${member}/moderator`, json: { rooms: [room.room], ...flags } },
      'the role change',
    );
  }

  /**
   * An admin renames the room or changes its description (§6.7 `PUT /room/<t>`); kept here at once,
   * and the server's next pollInfo tells the other members.
   */
  async editRoom(
    room: CommunityRecord,
    change: { readonly name?: string | undefined; readonly description?: string | undefined },
  ): Promise<void> {
    requireRole(room, 'admin', 'change the room’s name and description');
    const json = {
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
    };
    await this.send(
      room,
      { method: 'PUT', path: `/room/${encodeURIComponent(room.room)}`, json },
      'the room’s settings',
    );
    this.options.repository.setInfo(room.id, json);
  }

  /** The server refuses changes to oneself in words of its own; ours say it plainly first. */
  private async refuseSelf(room: CommunityRecord, member: string, words: string): Promise<void> {
    if (member === this.options.ownSessionId || member === (await this.options.ownIdOf(room.publicKey))) {
      throw new CommunityError('communityRefused', words);
    }
  }

  private async send(room: CommunityRecord, request: CommunityRequest, what: string): Promise<void> {
    try {
      await this.options.client.send(serverOf(room), request, what);
    } catch (error) {
      // The words of a moderation refusal, not those of a member's (communityClient.ts).
      if (error instanceof CommunityError && error.status !== undefined) {
        checked({ code: error.status, headers: {}, body: undefined }, what);
      }
      throw error;
    }
  }

  private sequence(room: CommunityRecord, requests: readonly CommunityRequest[]): Promise<CommunityReply[]> {
    return this.options.client.batch(serverOf(room), requests, 'sequence');
  }
}

/** Refused before any request when our standing in the room does not allow it. */
function requireRole(room: CommunityRecord, role: 'moderator' | 'admin', what: string): void {
  const standing = standingOf(room);
  if (role === 'admin' && !standing.admin) {
    throw new CommunityError('communityNotAdmin', `Only the room’s admins can ${what}.`);
  }
  if (!standing.moderator) {
    throw new CommunityError('communityNotModerator', `Only the room’s moderators can ${what}.`);
  }
}

/**
 * A moderation reply; a refusal in words. 403 here is not a ban of ours (we could not have asked):
 * the server holds that we may not act on this member, e.g. a moderator on an admin.
 */
function checked(reply: CommunityReply | undefined, what: string): void {
  if (!reply) throw new CommunityError('communityReplyInvalid', `The community did not answer ${what}.`);
  if (reply.code >= 200 && reply.code <= 299) return;
  if (reply.code === 403) {
    throw new CommunityError(
      'communityRefused',
      `The community refused ${what}: you may not act on this member (only admins act on moderators, and no one on the server’s own staff).`,
      403,
    );
  }
  if (reply.code === 404) {
    throw new CommunityError(
      'communityNotFound',
      `The community does not know this member or message (${what}).`,
      404,
    );
  }
  throw communityErrorOf(reply.code, what);
}

function definedOf(change: PermissionChange): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(change).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'),
  );
}
