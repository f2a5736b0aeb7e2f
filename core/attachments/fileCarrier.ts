// Where a message's files travel, one carrier per kind of place (design.md "Conversation kinds"):
// a one-to-one chat's and a group's files are encrypted and go to the network's file server
// (protocol-messages.md §5.1–§5.2); a community room's go to the room as they are (§5.3,
// core/community/roomFiles.ts). The transfers (attachmentTransfers.ts) are the same for all: the
// vault, retries, progress, cancelling, and what is done with a file once it came.
import { parseFileUrl } from '../../shared/protocol/attachments/fileServerUrl';
import type { TransferOptions } from '../network/onionClient';
import type { StoredAttachment, UploadedPointer } from '../store/attachmentRepository';
import { AttachmentCipherError, decryptAttachment, encryptAttachment } from './attachmentCipher';
import { FileServerError, type FileServerClient } from './fileServerClient';

export interface FileCarrier {
  /** Sends a file's plaintext; what its row keeps so that its pointer can be written. */
  upload(plaintext: Uint8Array, file: StoredAttachment, transfer: TransferOptions): Promise<UploadedPointer>;
  /**
   * Fetches a received file and returns its plaintext, checked. Throws FileServerError (or
   * AttachmentCipherError) for what trying again cannot change, anything else to be retried.
   */
  download(file: StoredAttachment, transfer: TransferOptions): Promise<Uint8Array>;
}

/** The file server's: padded, encrypted and authenticated (§5.1), its digest checked first. */
export class FileServerCarrier implements FileCarrier {
  constructor(private readonly files: FileServerClient) {}

  async upload(plaintext: Uint8Array, _file: StoredAttachment, transfer: TransferOptions) {
    // Encrypted afresh each attempt: nothing of a failed one was confirmed.
    const encrypted = encryptAttachment(plaintext);
    const uploaded = await this.files.upload(encrypted.blob, transfer);
    return {
      url: uploaded.url,
      fileKey: encrypted.key,
      digest: encrypted.digest,
      serverExpiresAt: uploaded.expiresAt,
    };
  }

  async download(file: StoredAttachment, transfer: TransferOptions): Promise<Uint8Array> {
    const location = parseFileUrl(file.url ?? '');
    if (!location || file.fileKey === null) {
      throw new FileServerError('unknownServer', 'This file has no address that can be fetched.');
    }
    if (location.deterministic) {
      throw new AttachmentCipherError(
        'attachmentUnverifiable',
        'This file uses an encryption Starling cannot read yet.',
      );
    }
    const blob = await this.files.download(location, { ...transfer, size: file.size });
    return decryptAttachment(blob, {
      key: file.fileKey,
      digest: file.digest ?? undefined,
      size: file.size,
    });
  }
}
