// The AttachmentPointer of a DataMessage (protocol-messages.md §3, §5): what a message says about
// each of its files. Writing one always sets the required `id` (field 1), which strict mobile
// decoders insist on (§0 point 3). Reading one treats every field as hostile: a pointer that could
// not be downloaded, or that claims more than a file may be, is refused with a reason.
import type { AttachmentPointer } from '../messages/codec';
import { SessionProtos } from '../messages/codec';
import { maximumAttachmentBytes } from './attachmentPadding';
import { type FileLocation, parseFileUrl } from './fileServerUrl';
import { isFileOfRoom, parseRoomFileUrl, type RoomAddress, type RoomFileLocation } from './roomFileUrl';

/** One file of a message, as sent or received. */
export interface AttachmentDescription {
  /** On a file server (§5.2), or in a community room (§5.3). */
  readonly location: FileLocation | RoomFileLocation;
  /** The pointer's URL as sent, kept to forward or quote the file unchanged. */
  readonly url: string;
  /** 64 bytes: AES-256 key ‖ HMAC-SHA256 key (§5.1); none for a room's file, which is not encrypted (§5.3). */
  readonly key: Uint8Array | undefined;
  /** SHA-256 of the encrypted blob; absent from very old clients, whose files cannot be checked. */
  readonly digest: Uint8Array | undefined;
  /** The unpadded length of the file. */
  readonly size: number;
  readonly contentType: string;
  readonly fileName: string | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly voice: boolean;
  readonly caption: string | undefined;
}

const maximumFileNameLength = 255;
const maximumCaptionLength = 2_000;
const maximumDimension = 100_000;
/** `type/subtype` with the characters RFC 6838 allows, and nothing after (no parameters). */
const contentTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/u;
export const fallbackContentType = 'application/octet-stream';

export function attachmentPointer(attachment: AttachmentDescription): AttachmentPointer {
  const numericId = /^[0-9]{1,16}$/u.test(attachment.location.fileId)
    ? Number(attachment.location.fileId)
    : 0;
  return {
    // Required: the numeric ID the server gave, or 0 for a hash ID (the URL names the file).
    id: Number.isSafeInteger(numericId) ? numericId : 0,
    contentType: attachment.contentType,
    ...(attachment.key ? { key: attachment.key } : {}),
    size: attachment.size,
    ...(attachment.digest ? { digest: attachment.digest } : {}),
    ...(attachment.fileName !== undefined ? { fileName: attachment.fileName } : {}),
    ...(attachment.voice ? { flags: SessionProtos.AttachmentPointer.Flags.VOICE_MESSAGE } : {}),
    ...(attachment.width !== undefined ? { width: attachment.width } : {}),
    ...(attachment.height !== undefined ? { height: attachment.height } : {}),
    ...(attachment.caption !== undefined ? { caption: attachment.caption } : {}),
    url: attachment.url,
  };
}

/**
 * A file name safe to show and to save under: no folders, no control or bidi-override characters,
 * at most 255 characters; undefined when nothing is left.
 */
function unsafeNameCharacter(character: string): boolean {
  const code = character.codePointAt(0)!;
  // Control characters, and the bidi overrides that make "invoice‮gpj.exe" look like a JPEG.
  return (
    code < 0x20 || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
  );
}

export function safeFileName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const cleaned = [...name]
    .filter((character) => !unsafeNameCharacter(character))
    .join('')
    .split(/[/\\]/u)
    .at(-1)!
    .trim()
    .slice(0, maximumFileNameLength);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? undefined : cleaned;
}

/** A content type reduced to `type/subtype` in lower case, or the neutral octet-stream. */
export function safeContentType(type: string | undefined): string {
  const essence = (type ?? '').split(';')[0]!.trim().toLowerCase();
  return contentTypePattern.test(essence) ? essence : fallbackContentType;
}

function dimension(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 && value <= maximumDimension
    ? value
    : undefined;
}

/**
 * Where a pointer's file is, and its key: a file server's encrypted file in a message (§5.2), or in
 * a community post (`room`) a file of that very room, unencrypted (§5.3). A room's post naming
 * another host or room is refused: fetching it would tell that host who reads the room.
 */
function locationOf(
  pointer: AttachmentPointer,
  room: RoomAddress | undefined,
):
  | { readonly location: FileLocation | RoomFileLocation; readonly key: Uint8Array | undefined }
  | { readonly refused: string } {
  if (room !== undefined) {
    const location = pointer.url === undefined ? undefined : parseRoomFileUrl(pointer.url);
    if (!location) return { refused: 'an attachment of a room without a room file URL' };
    if (!isFileOfRoom(location, room)) return { refused: 'an attachment on another server or room' };
    return { location, key: undefined };
  }
  const location = pointer.url === undefined ? undefined : parseFileUrl(pointer.url);
  if (!location) return { refused: 'an attachment without a file server URL' };
  if (pointer.key?.length !== 64) return { refused: 'an attachment without a 64-byte key' };
  if (pointer.digest !== undefined && pointer.digest.length !== 32) {
    return { refused: 'an attachment with a malformed digest' };
  }
  return { location, key: pointer.key };
}

export function readAttachmentPointer(
  pointer: AttachmentPointer,
  /** The room of a community post: its files must be that room's. */
  room?: RoomAddress,
): { readonly attachment: AttachmentDescription } | { readonly refused: string } {
  const found = locationOf(pointer, room);
  if ('refused' in found) return found;
  const size = pointer.size;
  if (size === undefined || !Number.isSafeInteger(size) || size < 0 || size > maximumAttachmentBytes) {
    return { refused: 'an attachment larger than 10 MB, or without a size' };
  }
  const caption = pointer.caption?.slice(0, maximumCaptionLength);
  return {
    attachment: {
      location: found.location,
      url: pointer.url!,
      key: found.key,
      // A room's file is not encrypted: there is no blob to digest.
      digest: found.key ? pointer.digest : undefined,
      size,
      contentType: safeContentType(pointer.contentType),
      fileName: safeFileName(pointer.fileName),
      width: dimension(pointer.width),
      height: dimension(pointer.height),
      voice: ((pointer.flags ?? 0) & SessionProtos.AttachmentPointer.Flags.VOICE_MESSAGE) !== 0,
      caption: caption === '' ? undefined : caption,
    },
  };
}
