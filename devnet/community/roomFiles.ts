// Room files (protocol-messages.md §5.3, §6.7): uploaded unencrypted with `POST /room/<t>/file`,
// kept 1 hour unless a post lists them in `files`, then 15 days; a room image is kept for good.
// Downloads carry Content-Disposition, Date and Expires. Expired files are refused at once and
// removed by the server's periodic sweep.
import type { Message, RoomFile } from './communityData';
import {
  type CommunityContext,
  HttpError,
  integerParameter,
  json,
  requireRead,
  requireUser,
  roomAccess,
  route,
  type Route,
} from './routing';

export const unreferencedFileSeconds = 3600;
export const referencedFileSeconds = 15 * 24 * 3600;
const maximumFilenameLength = 60;

/**
 * Links a post's uploads to it and extends them to 15 days: only the poster's own uploads in the
 * room that no other post holds yet, as pysogs does; other IDs are ignored.
 */
export function attachFiles(context: CommunityContext, message: Message, ids: readonly number[]): void {
  for (const id of ids) {
    const file = context.data.files.find((candidate) => candidate.id === id);
    if (
      !file ||
      file.token !== message.token ||
      file.uploader !== message.sessionId ||
      file.messageId !== null ||
      (file.expiry !== null && file.expiry <= context.now)
    ) {
      continue;
    }
    file.messageId = message.id;
    if (file.expiry !== null) file.expiry = context.now + referencedFileSeconds;
    message.files.push(id);
  }
  context.store.changed();
}

/** The name of `Content-Disposition: attachment; filename*=UTF-8''<pct-encoded>` or `filename="…"`. */
export function uploadedFilename(header: string | undefined): string | null {
  if (header === undefined) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/iu.exec(header);
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1]!.trim());
    } catch {
      throw new HttpError(400, 'Invalid Content-Disposition filename');
    }
  } else {
    name = /filename\s*=\s*"([^"]*)"/iu.exec(header)?.[1] ?? /filename\s*=\s*([^;\s]+)/iu.exec(header)?.[1];
  }
  if (name === undefined || name === '') return null;
  // §6.7: at most 60 characters; pysogs also keeps no path.
  const base = name.split(/[/\\]/u).pop() ?? '';
  return base === '' ? null : [...base].slice(0, maximumFilenameLength).join('');
}

async function upload(context: CommunityContext, [token]: readonly string[]) {
  const user = requireUser(context);
  const access = roomAccess(context, token!);
  requireRead(access);
  // Uploading needs write permission as well as upload (pysogs `check_upload`).
  if (!access.permissions.upload || !access.permissions.write) {
    throw new HttpError(403, 'You may not upload to this room');
  }
  const body = context.request.body;
  if (body.length === 0) throw new HttpError(400, 'No file data');
  if (body.length > context.limits.maximumFileBytes) throw new HttpError(413, 'The file is too large');
  const file: RoomFile = {
    id: context.data.nextFileId,
    token: access.room.token,
    uploader: user,
    size: body.length,
    uploaded: context.now,
    expiry: context.now + unreferencedFileSeconds,
    filename: uploadedFilename(context.request.header('content-disposition')),
    messageId: null,
  };
  context.data.nextFileId += 1;
  await context.store.writeFileData(file.id, body);
  context.data.files.push(file);
  context.store.changed();
  return json({ id: file.id }, 201);
}

const httpDate = (seconds: number): string => new Date(seconds * 1000).toUTCString();

async function download(context: CommunityContext, [token, id]: readonly string[]) {
  const access = roomAccess(context, token!);
  requireRead(access);
  const fileId = integerParameter(id!, 'file id');
  const file = context.data.files.find((candidate) => candidate.id === fileId);
  if (!file || file.token !== access.room.token || (file.expiry !== null && file.expiry <= context.now)) {
    throw new HttpError(404, 'No such file');
  }
  const bytes = await context.store.readFileData(file.id);
  // pysogs: Date is when the file was uploaded; the disposition names the file when it has a name.
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    date: httpDate(file.uploaded),
    'content-disposition': 'attachment',
  };
  if (file.filename !== null) {
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`;
  }
  if (file.expiry !== null) headers.expires = httpDate(file.expiry);
  return { status: 200, body: new Uint8Array(bytes), headers };
}

/** Removes up to `count` expired files; resolves with how many went. */
export async function sweepFiles(context: Pick<CommunityContext, 'data' | 'store' | 'now'>, count: number) {
  const expired = context.data.files
    .filter((file) => file.expiry !== null && file.expiry <= context.now)
    .slice(0, count);
  if (expired.length === 0) return 0;
  const gone = new Set(expired.map((file) => file.id));
  context.data.files = context.data.files.filter((file) => !gone.has(file.id));
  for (const file of expired) await context.store.removeFileData(file.id);
  context.store.changed();
  return expired.length;
}

export const fileRoutes: readonly Route[] = [
  route('POST', '/room/*/file', upload),
  route('GET', '/room/*/file/*', download),
  route('GET', '/room/*/file/*/*', download),
];
