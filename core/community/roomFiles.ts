// A community room's files (protocol-messages.md §5.3, §6.7): uploaded to the room itself, as they
// are (unencrypted, unpadded), with `POST /room/<t>/file`, signed and carried by onion requests like
// every request to the room; fetched with `GET /room/<t>/file/<id>` from that room only. The post
// then lists the IDs it carries in `files`, or the server lets the uploads go after an hour. The
// transfers themselves (retries, progress, cancelling, the vault, images decoded here first) are the
// shared ones of core/attachments: this is only the carrier for a room.
import { maximumAttachmentBytes } from '../../shared/protocol/attachments/attachmentPadding';
import {
  isFileOfRoom,
  isRoomFileId,
  parseRoomFileUrl,
  roomFileUrl,
} from '../../shared/protocol/attachments/roomFileUrl';
import { conversationKindOf } from '../../shared/protocol/identity/conversationId';
import type { FileCarrier } from '../attachments/fileCarrier';
import { FileServerError, transferTimeoutMs } from '../attachments/fileServerClient';
import { voiceMessageFileName } from '../attachments/outgoingFiles';
import type { TransferOptions } from '../network/onionClient';
import type { AttachmentRepository, StoredAttachment, UploadedPointer } from '../store/attachmentRepository';
import type { CommunityRecord, CommunityRepository } from '../store/communityRepository';
import type { MessageRepository } from '../store/messageRepository';
import { CommunityError, type CommunityClient } from './communityClient';
import { isFinalRefusal } from './communityPoster';

/** §6.7: an upload nobody's post lists is kept this long. */
const unreferencedFileMs = 60 * 60 * 1000;
/** §6.7: the server keeps at most this much of a file's name. */
const maximumServerFileName = 60;

/** `Content-Disposition` for an upload (§6.7, RFC 5987: the name percent-encoded in UTF-8). */
export function uploadDisposition(fileName: string): string {
  const name = [...fileName].slice(0, maximumServerFileName).join('');
  return `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A room's refusal as the transfers read it: final, or worth another try (§6.2 errors). */
function transferError(error: unknown, action: 'upload' | 'download'): unknown {
  if (!(error instanceof CommunityError)) return error;
  if (error.status === 413) {
    return new FileServerError('fileTooLarge', 'The room’s server refused the file: it is too large.');
  }
  if (error.status === 404 && action === 'download') {
    return new FileServerError('fileGone', 'The room’s server no longer has this file.');
  }
  if (error.status === 403 && action === 'upload') {
    return new FileServerError('serverRefused', 'You cannot share files in this room.');
  }
  return new FileServerError('serverRefused', error.message, !isFinalRefusal(error));
}

export class RoomFiles {
  constructor(
    private readonly options: {
      readonly client: CommunityClient;
      readonly communities: CommunityRepository;
      readonly messages: MessageRepository;
      readonly attachments: AttachmentRepository;
      readonly now: () => number;
    },
  ) {}

  /** The carrier of a file of a room's message; undefined for a file of another conversation. */
  carrierFor(file: StoredAttachment): FileCarrier | undefined {
    const message = this.options.messages.byId(file.messageId);
    if (!message || conversationKindOf(message.conversationId) !== 'community') return undefined;
    const conversationId = message.conversationId;
    return {
      upload: (plaintext, attachment, transfer) =>
        this.upload(conversationId, plaintext, attachment, transfer),
      download: (attachment, transfer) => this.download(conversationId, attachment, transfer),
    };
  }

  /** The IDs a post of ours lists in `files` (§5.3): its files uploaded to this room. */
  postedFiles(messageId: number, room: CommunityRecord): number[] {
    return this.options.attachments.forMessage(messageId).flatMap((file) => {
      const location = file.url === null ? undefined : parseRoomFileUrl(file.url);
      return location && isFileOfRoom(location, room) ? [Number(location.fileId)] : [];
    });
  }

  private roomOrThrow(conversationId: string): CommunityRecord {
    const room = this.options.communities.get(conversationId);
    if (!room) throw new FileServerError('unknownServer', 'You are no longer in this community.');
    return room;
  }

  private async upload(
    conversationId: string,
    plaintext: Uint8Array,
    file: StoredAttachment,
    transfer: TransferOptions,
  ): Promise<UploadedPointer> {
    const room = this.roomOrThrow(conversationId);
    const fileName = file.fileName ?? (file.voice ? voiceMessageFileName : 'file');
    let body: unknown;
    try {
      const reply = await this.options.client.send(
        { baseUrl: room.baseUrl, publicKey: room.publicKey },
        {
          method: 'POST',
          path: `/room/${encodeURIComponent(room.room)}/file`,
          bytes: plaintext,
          headers: {
            'Content-Type': 'application/octet-stream',
            'Content-Disposition': uploadDisposition(fileName),
          },
        },
        'the file',
        transfer,
      );
      body = reply.body;
    } catch (error) {
      throw transferError(error, 'upload');
    }
    const raw = (body as { id?: unknown } | undefined)?.id;
    const id = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
    if (typeof id !== 'string' || !isRoomFileId(id)) {
      throw new FileServerError('serverRefused', 'The room’s server took the file but gave no ID.', true);
    }
    return {
      url: roomFileUrl(room, id),
      // Sent as it is: nothing to decrypt, nothing to digest (§5.3).
      fileKey: null,
      digest: null,
      // Until our post lists it; then the server keeps it 15 days.
      serverExpiresAt: this.options.now() + unreferencedFileMs,
    };
  }

  private async download(
    conversationId: string,
    file: StoredAttachment,
    transfer: TransferOptions,
  ): Promise<Uint8Array> {
    const room = this.roomOrThrow(conversationId);
    const location = file.url === null ? undefined : parseRoomFileUrl(file.url);
    // Checked when the post came (readAttachmentPointer), and again here: a room's files are
    // fetched from that room, whatever host a pointer names.
    if (!location || !isFileOfRoom(location, room)) {
      throw new FileServerError('unknownServer', 'This file is not on the room’s server: it is not fetched.');
    }
    let body: unknown;
    try {
      const reply = await this.options.client.send(
        { baseUrl: room.baseUrl, publicKey: room.publicKey },
        { method: 'GET', path: `/room/${encodeURIComponent(room.room)}/file/${location.fileId}` },
        'the file',
        { timeoutMs: transferTimeoutMs(Math.min(file.size, maximumAttachmentBytes)), ...transfer },
      );
      body = reply.body;
    } catch (error) {
      throw transferError(error, 'download');
    }
    const bytes = body instanceof Uint8Array ? body : undefined;
    if (bytes === undefined) {
      throw new FileServerError(
        'serverRefused',
        'The room’s server answered with something else than the file.',
      );
    }
    // The same bound as any file (§5.2): more than 10 MB is never kept, whatever the post said.
    if (bytes.length > maximumAttachmentBytes) {
      throw new FileServerError('fileTooLarge', 'The room’s file is larger than 10 MB: it is not kept.');
    }
    if (bytes.length < file.size) {
      throw new FileServerError('serverRefused', 'The room’s server sent less than the whole file.', true);
    }
    // As §5.1 reads a longer file: what the post said it holds.
    return bytes.length === file.size ? bytes : bytes.slice(0, file.size);
  }
}
