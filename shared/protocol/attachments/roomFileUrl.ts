// Where a community room's file lives (protocol-messages.md §5.3): `<server>/room/<token>/file/<id>`,
// uploaded to the room unencrypted, so its pointer has no key and no digest. A room's member fetches
// such a file only from the room it was posted in: a pointer naming another server or room is never
// followed (it would reveal us to a host nobody in the room chose).
import { canonicalCommunityBaseUrl, canonicalRoomToken } from '../config/types/communityUrl';
import { plainFileAddress } from './fileServerUrl';

/** A room, as its files name it. */
export interface RoomAddress {
  /** The canonical base URL, `http(s)://host[:port]`. */
  readonly baseUrl: string;
  /** The room token, as the server spells it. */
  readonly room: string;
}

export interface RoomFileLocation extends RoomAddress {
  /** pysogs numbers a room's files (§6.7 `POST /room/<t>/file` → `{id}`). */
  readonly fileId: string;
}

const roomFileIdPattern = /^[0-9]{1,16}$/u;
const roomFilePathPattern = /^\/room\/([-0-9A-Za-z_]{1,64})\/file\/([0-9]{1,16})$/u;

export function isRoomFileId(id: string): boolean {
  return roomFileIdPattern.test(id) && Number.isSafeInteger(Number(id));
}

/** The URL a post's pointer carries for a file uploaded to `room` (as desktop writes it). */
export function roomFileUrl(room: RoomAddress, fileId: string): string {
  if (!isRoomFileId(fileId)) throw new RangeError('not a room file ID');
  return `${room.baseUrl}/room/${room.room}/file/${fileId}`;
}

/** Reads a room file's URL; undefined when it names no file of a room. */
export function parseRoomFileUrl(text: string): RoomFileLocation | undefined {
  const url = plainFileAddress(text);
  // No fragment either: a room's file needs no server key (`#p=`), the room names its server.
  if (!url || url.hash !== '') return undefined;
  const match = roomFilePathPattern.exec(url.pathname);
  if (!match || !isRoomFileId(match[2]!)) return undefined;
  try {
    return { baseUrl: canonicalCommunityBaseUrl(url.origin), room: match[1]!, fileId: match[2]! };
  } catch {
    return undefined;
  }
}

/** Whether a file is the given room's own: the same server and the same room (tokens ignore case). */
export function isFileOfRoom(location: RoomFileLocation, room: RoomAddress): boolean {
  try {
    return (
      location.baseUrl === canonicalCommunityBaseUrl(room.baseUrl) &&
      canonicalRoomToken(location.room) === canonicalRoomToken(room.room)
    );
  } catch {
    return false;
  }
}
