// The file server, reached only by onion requests v4 (protocol-messages.md §5.2): uploads go to the
// network's first file server, downloads to whichever server a pointer names. Liberal in what a real
// server answers: an upload reply without `expires` (older servers), an ID as a number or a string,
// a 413 inside the onion reply.
import { StarlingError } from '../../shared/errors';
import { fromHex, toHex, utf8Decode } from '../../shared/protocol/bytes';
import {
  defaultFileServer,
  type FileLocation,
  type FileServer,
  fileUrl,
  isFileId,
} from '../../shared/protocol/attachments/fileServerUrl';
import { onionServerAt, type OnionServer } from '../../shared/protocol/onion/onionRequest';
import type { V4Reply } from '../../shared/protocol/onion/v4Payload';
import { loadSodium } from '../../shared/protocol/sodium';
import type { OnionClient, TransferOptions } from '../network/onionClient';

export type FileServerErrorCode = 'fileTooLarge' | 'fileGone' | 'serverRefused' | 'unknownServer';

export class FileServerError extends StarlingError<FileServerErrorCode> {
  /** Worth trying again later (a server error), as opposed to a final answer. */
  readonly temporary: boolean;

  constructor(code: FileServerErrorCode, message: string, temporary = false) {
    super(code, message);
    this.temporary = temporary;
  }
}

export interface UploadedFile {
  readonly fileId: string;
  readonly url: string;
  /** When the server forgets the file (ms), when it said. */
  readonly expiresAt: number | null;
}

/** Onion requests are one POST each: the time allowed grows with the bytes (50 kB/s at worst). */
export function transferTimeoutMs(bytes: number): number {
  return 20_000 + Math.ceil(bytes / 50);
}

export class FileServerClient {
  private readonly uploadServer: FileServer;

  constructor(
    private readonly onion: Pick<OnionClient, 'callServer'>,
    private readonly knownServers: readonly FileServer[],
  ) {
    this.uploadServer = knownServers[0] ?? defaultFileServer;
  }

  async upload(blob: Uint8Array, transfer: TransferOptions = {}): Promise<UploadedFile> {
    const reply = await this.onion.callServer(
      await this.onionServer(this.uploadServer.url, this.uploadServer.ed25519PublicKey),
      {
        method: 'POST',
        endpoint: '/file',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: blob,
      },
      { timeoutMs: transferTimeoutMs(blob.length), ...transfer },
    );
    const body = this.checked(reply, 'upload') as { id?: unknown; expires?: unknown } | undefined;
    const id = typeof body?.id === 'number' && Number.isSafeInteger(body.id) ? String(body.id) : body?.id;
    if (typeof id !== 'string' || !isFileId(id)) {
      throw new FileServerError(
        'serverRefused',
        'The file server answered the upload without a file ID.',
        true,
      );
    }
    const expires = body?.expires;
    return {
      fileId: id,
      url: fileUrl(this.uploadServer, id),
      expiresAt: typeof expires === 'number' && Number.isFinite(expires) ? Math.round(expires * 1000) : null,
    };
  }

  async download(
    location: FileLocation,
    transfer: TransferOptions & { readonly size?: number } = {},
  ): Promise<Uint8Array> {
    const reply = await this.onion.callServer(
      await this.onionServer(location.serverUrl, location.serverEd25519PublicKey),
      { method: 'GET', endpoint: `/file/${location.fileId}` },
      { timeoutMs: transferTimeoutMs(transfer.size ?? 10_000_000), ...transfer },
    );
    this.checked(reply, 'download', true);
    return reply.body ?? new Uint8Array(0);
  }

  /** The onion destination of a server: a known one, the default, or one named by its `#p=` key. */
  private async onionServer(serverUrl: string, ed25519PublicKey: string | undefined): Promise<OnionServer> {
    const known = [...this.knownServers, defaultFileServer].find(
      (server) =>
        server.url === serverUrl &&
        (ed25519PublicKey === undefined || server.ed25519PublicKey === ed25519PublicKey),
    );
    let x25519PublicKey = known?.x25519PublicKey;
    if (!x25519PublicKey && ed25519PublicKey) {
      // Desktop derives the X25519 key from `p` the same way (§5.2).
      const sodium = await loadSodium();
      try {
        x25519PublicKey = toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(fromHex(ed25519PublicKey)));
      } catch {
        x25519PublicKey = undefined;
      }
    }
    if (!x25519PublicKey) {
      throw new FileServerError('unknownServer', 'This file is on a server that cannot be reached safely.');
    }
    return onionServerAt(serverUrl, x25519PublicKey);
  }

  /** The reply's JSON (or nothing, for a download), or the error its status means. */
  private checked(reply: V4Reply, action: 'upload' | 'download', binary = false): unknown {
    if (reply.code === 413) {
      throw new FileServerError('fileTooLarge', 'The file server refused the file: it is too large.');
    }
    if (reply.code === 404 && action === 'download') {
      throw new FileServerError(
        'fileGone',
        'The file is no longer on the server (files are kept for a few weeks).',
      );
    }
    if (reply.code < 200 || reply.code > 299) {
      throw new FileServerError(
        'serverRefused',
        `The file server refused the ${action} (${reply.code}).`,
        reply.code >= 500 || reply.code === 429,
      );
    }
    if (binary) return undefined;
    try {
      return JSON.parse(utf8Decode(reply.body ?? new Uint8Array(0))) as unknown;
    } catch {
      throw new FileServerError(
        'serverRefused',
        `The file server's answer to the ${action} is unreadable.`,
        true,
      );
    }
  }
}
