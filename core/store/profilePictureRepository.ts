// Profile pictures by whose they are (migration 8): what each profile said, the download's
// progress, and the re-encoded picture in the vault once it is here.
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';
import type { KeptFile } from '../attachments/attachmentVault';
import type { SqliteDatabase } from './database';

export type ProfilePictureState = 'none' | 'held' | 'download' | 'ready' | 'failed';

export interface StoredProfilePicture {
  readonly sessionId: string;
  readonly state: ProfilePictureState;
  readonly url: string | null;
  readonly pictureKey: Uint8Array | null;
  readonly updatedAt: number;
  readonly localName: string | null;
  readonly localKey: Uint8Array | null;
  readonly contentType: string | null;
  readonly uploadedAt: number | null;
  readonly serverExpiresAt: number | null;
  readonly attempts: number;
  readonly failure: string | null;
}

interface ProfilePictureRow {
  session_id: string;
  state: ProfilePictureState;
  url: string | null;
  picture_key: Uint8Array | null;
  updated_at: number;
  local_name: string | null;
  local_key: Uint8Array | null;
  content_type: string | null;
  uploaded_at: number | null;
  server_expires_at: number | null;
  attempts: number;
  failure: string | null;
}

const toPicture = (row: ProfilePictureRow): StoredProfilePicture => ({
  sessionId: row.session_id,
  state: row.state,
  url: row.url,
  pictureKey: row.picture_key && new Uint8Array(row.picture_key),
  updatedAt: row.updated_at,
  localName: row.local_name,
  localKey: row.local_key && new Uint8Array(row.local_key),
  contentType: row.content_type,
  uploadedAt: row.uploaded_at,
  serverExpiresAt: row.server_expires_at,
  attempts: row.attempts,
  failure: row.failure,
});

/** Our own upload, kept as it was sent so that it can be sent again before the server forgets it. */
export interface OwnUpload extends ProfilePicture {
  readonly file: KeptFile;
  readonly contentType: string;
  readonly uploadedAt: number;
  readonly serverExpiresAt: number | null;
}

/**
 * Pictures to fetch: those named by people we talk to, and those held for a message request that
 * has since been accepted (here, or on another device through the Contacts config).
 */
const fetchable = `state = 'download' OR (state = 'held' AND EXISTS (SELECT 1 FROM conversations
  WHERE conversations.id = profile_pictures.session_id AND conversations.state = 'accepted'))`;

export class ProfilePictureRepository {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    this.statements = {
      get: database.prepare(`SELECT * FROM profile_pictures WHERE session_id = ?`),
      heard: database.prepare(
        `INSERT INTO profile_pictures (session_id, state, url, picture_key, updated_at)
           VALUES (@sessionId, @state, @url, @key, @updatedAt)
         ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, url = excluded.url,
           picture_key = excluded.picture_key, updated_at = excluded.updated_at, attempts = 0,
           next_attempt_at = 0, failure = NULL, uploaded_at = NULL, server_expires_at = NULL,
           local_name = CASE WHEN excluded.state = 'none' THEN NULL ELSE local_name END,
           local_key = CASE WHEN excluded.state = 'none' THEN NULL ELSE local_key END,
           content_type = CASE WHEN excluded.state = 'none' THEN NULL ELSE content_type END
         WHERE excluded.updated_at >= profile_pictures.updated_at`,
      ),
      release: database.prepare(
        `UPDATE profile_pictures SET state = 'download', next_attempt_at = 0 WHERE session_id = ?`,
      ),
      touch: database.prepare(
        `UPDATE profile_pictures SET updated_at = max(updated_at, ?) WHERE session_id = ?`,
      ),
      due: database.prepare(
        `SELECT * FROM profile_pictures WHERE (${fetchable}) AND next_attempt_at <= ?
         ORDER BY next_attempt_at LIMIT ?`,
      ),
      nextDue: database.prepare(
        `SELECT min(next_attempt_at) AS due FROM profile_pictures WHERE ${fetchable}`,
      ),
      fetched: database.prepare(
        `UPDATE profile_pictures SET state = 'ready', local_name = ?, local_key = ?, content_type = ?,
           failure = NULL WHERE session_id = ? AND url IS ?`,
      ),
      retry: database.prepare(
        `UPDATE profile_pictures SET attempts = attempts + 1, next_attempt_at = ?, failure = ?
         WHERE session_id = ? AND url IS ?`,
      ),
      fail: database.prepare(
        `UPDATE profile_pictures SET state = 'failed', attempts = attempts + 1, failure = ?
         WHERE session_id = ? AND url IS ?`,
      ),
      uploaded: database.prepare(
        `INSERT INTO profile_pictures (session_id, state, url, picture_key, updated_at, local_name,
           local_key, content_type, uploaded_at, server_expires_at)
           VALUES (@sessionId, 'ready', @url, @key, @updatedAt, @localName, @localKey, @contentType,
             @uploadedAt, @serverExpiresAt)
         ON CONFLICT (session_id) DO UPDATE SET state = 'ready', url = excluded.url,
           picture_key = excluded.picture_key, updated_at = max(updated_at, excluded.updated_at),
           local_name = excluded.local_name, local_key = excluded.local_key,
           content_type = excluded.content_type, uploaded_at = excluded.uploaded_at,
           server_expires_at = excluded.server_expires_at, attempts = 0, next_attempt_at = 0,
           failure = NULL`,
      ),
    };
  }

  get(sessionId: string): StoredProfilePicture | undefined {
    const row = this.statements.get.get(sessionId) as ProfilePictureRow | undefined;
    return row && toPicture(row);
  }

  /**
   * What a profile sent at `updatedAt` said: 'changed' for another picture (or none any more);
   * 'released' when the same picture, held for a request, is now named by someone we talk to; else
   * 'unchanged' (the same picture again only moves the time on, and an older profile changes nothing).
   */
  heard(
    sessionId: string,
    picture: ProfilePicture | null,
    updatedAt: number,
    options: { readonly held?: boolean; readonly touch?: boolean } = {},
  ): 'changed' | 'released' | 'unchanged' {
    const known = this.get(sessionId);
    if (known && updatedAt < known.updatedAt) return 'unchanged';
    if (known && sameReference(known, picture)) {
      if (options.touch !== false) this.statements.touch.run(updatedAt, sessionId);
      if (known.state !== 'held' || options.held === true) return 'unchanged';
      this.statements.release.run(sessionId);
      return 'released';
    }
    if (!known && picture === null) return 'unchanged';
    this.statements.heard.run({
      sessionId,
      state: picture === null ? 'none' : options.held === true ? 'held' : 'download',
      url: picture?.url ?? null,
      key: picture?.key ?? null,
      updatedAt,
    });
    return 'changed';
  }

  due(now: number, limit: number): StoredProfilePicture[] {
    return (this.statements.due.all(now, limit) as ProfilePictureRow[]).map(toPicture);
  }

  nextDue(): number | null {
    return (this.statements.nextDue.get() as { due: number | null }).due;
  }

  /** The picture of `url` is here; a newer profile that named another one meanwhile is kept. */
  fetched(picture: StoredProfilePicture, file: KeptFile, contentType: string): boolean {
    return (
      this.statements.fetched.run(file.localName, file.localKey, contentType, picture.sessionId, picture.url)
        .changes > 0
    );
  }

  retryAt(picture: StoredProfilePicture, at: number, reason: string): void {
    this.statements.retry.run(at, reason, picture.sessionId, picture.url);
  }

  fail(picture: StoredProfilePicture, reason: string): void {
    this.statements.fail.run(reason, picture.sessionId, picture.url);
  }

  /** Our own picture, uploaded (chosen here, or sent again before the server forgot it). */
  uploaded(sessionId: string, upload: OwnUpload, updatedAt: number): void {
    this.statements.uploaded.run({
      sessionId,
      url: upload.url,
      key: upload.key,
      updatedAt,
      localName: upload.file.localName,
      localKey: upload.file.localKey,
      contentType: upload.contentType,
      uploadedAt: upload.uploadedAt,
      serverExpiresAt: upload.serverExpiresAt,
    });
  }
}

function sameReference(known: StoredProfilePicture, picture: ProfilePicture | null): boolean {
  if (picture === null) return known.url === null;
  return (
    known.url === picture.url &&
    known.pictureKey !== null &&
    Buffer.from(known.pictureKey).equals(Buffer.from(picture.key))
  );
}
