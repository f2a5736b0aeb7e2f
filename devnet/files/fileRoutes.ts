// The file server's API (protocol-messages.md §5.2), apart from how a request arrives: the same
// routes answer plain HTTP and v4 onion requests. `POST /file`, `GET /file/<id>`,
// `GET /file/<id>/info` and `POST /file/<id>/extend`; errors are `{"status_code": N}` as the Python
// server's, with a reason where the client can do something about it.
import { isFileId } from './fileIds';
import { type FileRecord, type FileStore, FileStoreFullError } from './fileStore';

export interface FileSettings {
  /** §5.2: 3 weeks on the Python server (`FILE_EXPIRY`). */
  readonly defaultTtlSeconds: number;
  /** An `X-FS-TTL` above this is cut down to it. */
  readonly maximumTtlSeconds: number;
  /** The largest body accepted; larger ones are answered 413. */
  readonly maximumFileBytes: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

export interface FileRequest {
  readonly method: string;
  /** The path with any query, e.g. `/file/123/info`. */
  readonly path: string;
  /** The value of a header, whatever the case of its name as sent. */
  readonly header: (name: string) => string | undefined;
  readonly body: Uint8Array | undefined;
}

/** A JSON value, or raw bytes for a download. */
export interface FileReply {
  readonly status: number;
  readonly body: Uint8Array | Readonly<Record<string, unknown>>;
}

const failure = (status: number, error?: string): FileReply => ({
  status,
  body: error === undefined ? { status_code: status } : { status_code: status, error },
});

const ttlText = /^[0-9]{1,12}(\.[0-9]{1,9})?$/u;

export async function answerFileRequest(
  store: FileStore,
  settings: FileSettings,
  request: FileRequest,
): Promise<FileReply> {
  const segments = request.path.split('?')[0]!.split('/');
  // ['', 'file'] or ['', 'file', id] or ['', 'file', id, action]
  if (segments[0] !== '' || segments[1] !== 'file' || segments.length > 4) return failure(404);
  const [, , id, action] = segments;
  if (id === undefined) {
    return request.method === 'POST' ? upload(store, settings, request) : failure(405);
  }
  if (!isFileId(id)) return failure(400, 'Invalid file id');
  if (action === undefined) {
    if (request.method !== 'GET') return failure(405);
    const file = await store.read(id);
    return file ? { status: 200, body: file.data } : failure(404);
  }
  if (action === 'info') {
    if (request.method !== 'GET') return failure(405);
    const record = store.info(id);
    return record ? { status: 200, body: describe(record) } : failure(404);
  }
  if (action === 'extend') {
    if (request.method !== 'POST') return failure(405);
    const ttl = requestedTtl(settings, request);
    if (ttl === undefined) return failure(400, 'Invalid X-FS-TTL');
    const current = store.info(id);
    if (!current) return failure(404);
    // Never shortened: an extension asks for more time, not less.
    const expires = Math.max(current.expires, settings.now() / 1000 + ttl);
    const record = await store.setExpiry(id, expires);
    return record ? { status: 200, body: describe(record) } : failure(404);
  }
  return failure(404);
}

async function upload(store: FileStore, settings: FileSettings, request: FileRequest): Promise<FileReply> {
  const body = request.body ?? new Uint8Array(0);
  if (body.length > settings.maximumFileBytes) return failure(413);
  if (body.length === 0) return failure(400, 'No file data');
  const ttl = requestedTtl(settings, request);
  if (ttl === undefined) return failure(400, 'Invalid X-FS-TTL');
  try {
    const { id, record } = await store.add(body, settings.now() / 1000 + ttl);
    // §5.2: desktop ≥1.16.6 needs a string id and `expires`.
    return { status: 200, body: { id, expires: record.expires } };
  } catch (error) {
    if (error instanceof FileStoreFullError) return failure(507, error.message);
    throw error;
  }
}

/** The TTL in seconds: `X-FS-TTL` cut down to the maximum, or the default; undefined when malformed. */
function requestedTtl(settings: FileSettings, request: FileRequest): number | undefined {
  const text = request.header('x-fs-ttl');
  if (text === undefined) return settings.defaultTtlSeconds;
  if (!ttlText.test(text.trim())) return undefined;
  const seconds = Number(text.trim());
  return seconds > 0 ? Math.min(seconds, settings.maximumTtlSeconds) : undefined;
}

function describe(record: FileRecord): Record<string, number> {
  return { size: record.size, uploaded: record.uploaded, expires: record.expires };
}
