// The files of messages (migration 7): what each pointer says, where its transfer stands, and where
// its bytes are kept at rest. Rows go with their message (ON DELETE CASCADE), and a trigger leaves
// the name of a file at rest in orphaned_files for the vault to remove.
import type { AttachmentState, AttachmentView } from '../../shared/contract/views';
import type { AttachmentDescription } from '../../shared/protocol/attachments/attachmentPointer';
import { parseFileUrl } from '../../shared/protocol/attachments/fileServerUrl';
import { parseRoomFileUrl } from '../../shared/protocol/attachments/roomFileUrl';
import type { SqliteDatabase } from './database';

/** 'upload' → 'ready' for ours; 'remote' → 'download' → 'ready' for received ones; or 'failed'. */
export type StoredAttachmentState = 'upload' | 'remote' | 'download' | 'ready' | 'failed';

export interface AttachmentFields {
  readonly contentType: string;
  readonly fileName: string | null;
  readonly size: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly voice: boolean;
  readonly caption: string | null;
}

/** A received file, known by its pointer. */
export interface RemoteAttachment extends AttachmentFields {
  readonly url: string;
  /** None for a community room's file, which is not encrypted (§5.3). */
  readonly fileKey: Uint8Array | null;
  readonly digest: Uint8Array | null;
}

/** What an upload leaves in the row: where the file is now, and how to read it (§5.2, §5.3). */
export interface UploadedPointer {
  readonly url: string;
  /** None for a room's file, which is uploaded as it is. */
  readonly fileKey: Uint8Array | null;
  readonly digest: Uint8Array | null;
  /** When the server forgets the upload (ms), as far as we know. */
  readonly serverExpiresAt: number | null;
}

/** A file's thumbnail in the vault (made here: core/attachments/imageProcessing). */
export interface KeptThumbnail {
  readonly localName: string;
  readonly localKey: Uint8Array;
}

/** One of our files, already in the vault, to upload. */
export interface LocalAttachment extends AttachmentFields {
  readonly localName: string;
  readonly localKey: Uint8Array;
  readonly sha256: Uint8Array;
  readonly thumbnail: KeptThumbnail | null;
}

/** A received file, now in the vault; an image's size is filled in when its pointer had none. */
export interface DownloadedFile {
  readonly contentType: string;
  readonly localName: string;
  readonly localKey: Uint8Array;
  readonly sha256: Uint8Array;
  readonly width: number | null;
  readonly height: number | null;
  readonly thumbnail: KeptThumbnail | null;
}

export interface StoredAttachment extends AttachmentFields {
  readonly id: number;
  readonly messageId: number;
  readonly position: number;
  readonly state: StoredAttachmentState;
  readonly url: string | null;
  readonly fileKey: Uint8Array | null;
  readonly digest: Uint8Array | null;
  readonly serverExpiresAt: number | null;
  readonly localName: string | null;
  readonly localKey: Uint8Array | null;
  readonly sha256: Uint8Array | null;
  readonly thumbnailName: string | null;
  readonly thumbnailKey: Uint8Array | null;
  readonly waveform: readonly number[] | null;
  readonly durationMs: number | null;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly failure: string | null;
}

interface AttachmentRow {
  id: number;
  message_id: number;
  position: number;
  state: StoredAttachmentState;
  content_type: string;
  file_name: string | null;
  size: number;
  width: number | null;
  height: number | null;
  voice: number;
  caption: string | null;
  url: string | null;
  file_key: Uint8Array | null;
  digest: Uint8Array | null;
  server_expires_at: number | null;
  local_name: string | null;
  local_key: Uint8Array | null;
  sha256: Uint8Array | null;
  thumbnail_name: string | null;
  thumbnail_key: Uint8Array | null;
  waveform: Uint8Array | null;
  duration_ms: number | null;
  attempts: number;
  next_attempt_at: number;
  failure: string | null;
}

const bytes = (value: Uint8Array | null): Uint8Array | null => value && new Uint8Array(value);

const toAttachment = (row: AttachmentRow): StoredAttachment => ({
  id: row.id,
  messageId: row.message_id,
  position: row.position,
  state: row.state,
  contentType: row.content_type,
  fileName: row.file_name,
  size: row.size,
  width: row.width,
  height: row.height,
  voice: row.voice === 1,
  caption: row.caption,
  url: row.url,
  fileKey: bytes(row.file_key),
  digest: bytes(row.digest),
  serverExpiresAt: row.server_expires_at,
  localName: row.local_name,
  localKey: bytes(row.local_key),
  sha256: bytes(row.sha256),
  thumbnailName: row.thumbnail_name,
  thumbnailKey: bytes(row.thumbnail_key),
  waveform: row.waveform && [...row.waveform],
  durationMs: row.duration_ms,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  failure: row.failure,
});

const viewStates: Readonly<Record<StoredAttachmentState, AttachmentState>> = {
  upload: 'uploading',
  remote: 'remote',
  download: 'downloading',
  ready: 'ready',
  failed: 'failed',
};

/** The failure of a download its server answered with 404: the file expired or was deleted. */
export const fileGoneFailure = 'No longer available: its server has let this file go.';

export function attachmentView(attachment: StoredAttachment): AttachmentView {
  const gone = attachment.state === 'failed' && attachment.failure === fileGoneFailure;
  return {
    id: attachment.id,
    contentType: attachment.contentType,
    fileName: attachment.fileName,
    size: attachment.size,
    width: attachment.width,
    height: attachment.height,
    voice: attachment.voice,
    caption: attachment.caption,
    state: gone ? 'gone' : viewStates[attachment.state],
    failure: attachment.failure,
    thumbnail: attachment.thumbnailName !== null,
    waveform: attachment.waveform,
    durationMs: attachment.durationMs,
  };
}

// A file's row and its pointer (protocol-messages.md §5) are the same facts: a received pointer
// becomes a row waiting for its download, and an uploaded row becomes the pointer we send.

/** A received pointer as the row that waits for its download. */
export function remoteAttachmentOf(described: AttachmentDescription): RemoteAttachment {
  return {
    url: described.url,
    fileKey: described.key ?? null,
    digest: described.digest ?? null,
    size: described.size,
    contentType: described.contentType,
    fileName: described.fileName ?? null,
    width: described.width ?? null,
    height: described.height ?? null,
    voice: described.voice,
    caption: described.caption ?? null,
  };
}

/** One of our files as its pointer describes it; undefined until it is uploaded. */
export function describedFile(file: StoredAttachment): AttachmentDescription | undefined {
  if (file.url === null) return undefined;
  // A room's file is sent as it is (§5.3); a file server's is encrypted, with its key and digest.
  const inRoom = parseRoomFileUrl(file.url);
  const location = inRoom ?? parseFileUrl(file.url);
  if (!location || (!inRoom && (!file.fileKey || !file.digest))) return undefined;
  return {
    location,
    url: file.url,
    key: inRoom ? undefined : file.fileKey!,
    digest: inRoom ? undefined : file.digest!,
    size: file.size,
    contentType: file.contentType,
    fileName: file.fileName ?? undefined,
    width: file.width ?? undefined,
    height: file.height ?? undefined,
    voice: file.voice,
    caption: file.caption ?? undefined,
  };
}

export class AttachmentRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = {
      insert: database.prepare(
        `INSERT INTO attachments (message_id, position, state, content_type, file_name, size, width,
           height, voice, caption, url, file_key, digest, local_name, local_key, sha256, thumbnail_name,
           thumbnail_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      forMessage: database.prepare(`SELECT * FROM attachments WHERE message_id = ? ORDER BY position`),
      byId: database.prepare(`SELECT * FROM attachments WHERE id = ?`),
      due: database.prepare(
        `SELECT * FROM attachments WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      nextDue: database.prepare(
        `SELECT min(next_attempt_at) AS next FROM attachments WHERE state IN ('upload', 'download')`,
      ),
      uploaded: database.prepare(
        `UPDATE attachments SET state = 'ready', url = ?, file_key = ?, digest = ?, server_expires_at = ?,
           failure = NULL WHERE id = ? AND state = 'upload'`,
      ),
      downloaded: database.prepare(
        `UPDATE attachments SET state = 'ready', content_type = ?, local_name = ?, local_key = ?, sha256 = ?,
           width = ?, height = ?, thumbnail_name = ?, thumbnail_key = ?, failure = NULL
         WHERE id = ? AND state = 'download'`,
      ),
      setState: database.prepare(
        `UPDATE attachments SET state = ?, failure = ?, attempts = 0, next_attempt_at = ? WHERE id = ?`,
      ),
      postpone: database.prepare(
        `UPDATE attachments SET attempts = attempts + 1, next_attempt_at = ?, failure = ? WHERE id = ?`,
      ),
      voiceDetails: database.prepare(`UPDATE attachments SET waveform = ?, duration_ms = ? WHERE id = ?`),
      removeForMessage: database.prepare(`DELETE FROM attachments WHERE message_id = ?`),
      orphans: database.prepare(`SELECT local_name FROM orphaned_files LIMIT ?`),
      forgetOrphan: database.prepare(`DELETE FROM orphaned_files WHERE local_name = ?`),
      knownNames: database.prepare(
        `SELECT local_name FROM attachments WHERE local_name IS NOT NULL
         UNION SELECT thumbnail_name FROM attachments WHERE thumbnail_name IS NOT NULL
         UNION SELECT local_name FROM profile_pictures WHERE local_name IS NOT NULL
         UNION SELECT local_name FROM orphaned_files`,
      ),
      awaitingContent: database.prepare(
        `SELECT m.id FROM messages m WHERE m.content_queued = 0 AND m.unsent = 0
           AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id AND a.state <> 'ready')`,
      ),
      contentQueued: database.prepare(`UPDATE messages SET content_queued = ? WHERE id = ?`),
      isContentQueued: database.prepare(`SELECT content_queued FROM messages WHERE id = ?`),
    };
  }

  /** Adds a message's files, in order; call inside the transaction that stores the message. */
  insertWithin(messageId: number, files: readonly (RemoteAttachment | LocalAttachment)[]): void {
    files.forEach((file, position) => {
      const local = 'localName' in file;
      this.statements.insert.run(
        messageId,
        position,
        local ? 'upload' : 'remote',
        file.contentType,
        file.fileName,
        file.size,
        file.width,
        file.height,
        file.voice ? 1 : 0,
        file.caption,
        local ? null : file.url,
        local ? null : file.fileKey,
        local ? null : file.digest,
        local ? file.localName : null,
        local ? file.localKey : null,
        local ? file.sha256 : null,
        local ? (file.thumbnail?.localName ?? null) : null,
        local ? (file.thumbnail?.localKey ?? null) : null,
      );
    });
  }

  forMessage(messageId: number): StoredAttachment[] {
    return (this.statements.forMessage.all(messageId) as AttachmentRow[]).map(toAttachment);
  }

  views(messageId: number): AttachmentView[] {
    return this.forMessage(messageId).map(attachmentView);
  }

  byId(id: number): StoredAttachment | undefined {
    const row = this.statements.byId.get(id) as AttachmentRow | undefined;
    return row && toAttachment(row);
  }

  due(state: 'upload' | 'download', now: number, limit: number): StoredAttachment[] {
    return (this.statements.due.all(state, now, limit) as AttachmentRow[]).map(toAttachment);
  }

  nextDue(): number | null {
    return (this.statements.nextDue.get() as { next: number | null }).next;
  }

  /** The server confirmed the upload; false when the row is gone or no longer uploading. */
  uploaded(id: number, pointer: UploadedPointer): boolean {
    return (
      this.statements.uploaded.run(pointer.url, pointer.fileKey, pointer.digest, pointer.serverExpiresAt, id)
        .changes === 1
    );
  }

  /** The file is in the vault; false when the row went meanwhile (the caller removes its files). */
  downloaded(id: number, file: DownloadedFile): boolean {
    return (
      this.statements.downloaded.run(
        file.contentType,
        file.localName,
        file.localKey,
        file.sha256,
        file.width,
        file.height,
        file.thumbnail?.localName ?? null,
        file.thumbnail?.localKey ?? null,
        id,
      ).changes === 1
    );
  }

  setState(id: number, state: StoredAttachmentState, failure: string | null = null, dueAt = 0): void {
    this.statements.setState.run(state, failure, dueAt, id);
  }

  postpone(id: number, until: number, failure: string): void {
    this.statements.postpone.run(until, failure, id);
  }

  setVoiceDetails(id: number, waveform: readonly number[], durationMs: number): void {
    this.statements.voiceDetails.run(Uint8Array.from(waveform), durationMs, id);
  }

  /** Unsent messages lose their files (the rows go; the trigger hands the files to the vault). */
  removeForMessage(messageId: number): void {
    this.statements.removeForMessage.run(messageId);
  }

  orphanedFiles(limit: number): string[] {
    return (this.statements.orphans.all(limit) as { local_name: string }[]).map((row) => row.local_name);
  }

  forgetOrphan(localName: string): void {
    this.statements.forgetOrphan.run(localName);
  }

  /** Every vault file the database knows (kept or to be removed): others are leftovers of a crash. */
  knownFileNames(): Set<string> {
    return new Set(
      (this.statements.knownNames.all() as { local_name: string }[]).map((row) => row.local_name),
    );
  }

  /** Messages whose uploads are all done but whose content is not yet in the outbox. */
  messagesAwaitingContent(): number[] {
    return (this.statements.awaitingContent.all() as { id: number }[]).map((row) => row.id);
  }

  setContentQueued(messageId: number, queued: boolean): void {
    this.statements.contentQueued.run(queued ? 1 : 0, messageId);
  }

  isContentQueued(messageId: number): boolean {
    return (
      (this.statements.isContentQueued.get(messageId) as { content_queued: number } | undefined)
        ?.content_queued === 1
    );
  }
}
