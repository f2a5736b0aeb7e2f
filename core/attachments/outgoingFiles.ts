// Files on their way out (issue #16): a file the person picks is checked (10 MB at most, before
// anything is uploaded), typed by its bytes, an image prepared (upright, without its metadata,
// 4096 px at most: imageProcessing) and given a thumbnail, and sealed into the vault at once; it
// waits there as a staged file until a message takes it. Staging keeps each call small (one file per call, never
// several files in one frame), and the message then names its files by staged ID.
import { randomBytes } from 'node:crypto';
import { maximumAttachmentBytes } from '../../shared/protocol/attachments/attachmentPadding';
import { safeContentType, safeFileName } from '../../shared/protocol/attachments/attachmentPointer';
import {
  sniffContentType,
  sniffedBytes,
  trustedContentType,
} from '../../shared/protocol/attachments/contentSniffing';
import { MessengerError } from '../messaging/messengerError';
import type { Logger } from '../logging/logger';
import type { KeptThumbnail, LocalAttachment } from '../store/attachmentRepository';
import type { AttachmentVault } from './attachmentVault';
import { isProcessedImage, prepareOutgoingImage, thumbnailOf } from './imageProcessing';

/** desktop's name for a recorded voice message (protocol-messages.md §5.1). */
export const voiceMessageFileName = 'session-audio-message';
/** A staged file nobody sent within this long is let go. */
const stagedLifetimeMs = 60 * 60 * 1000;

export interface NewFile {
  readonly data: Uint8Array;
  readonly fileName?: string | undefined;
  readonly contentType?: string | undefined;
  readonly voice?: boolean | undefined;
}

export interface StagedFile {
  readonly stagedId: string;
  readonly fileName: string | null;
  readonly contentType: string;
  readonly size: number;
}

/** The size a person reads, in MB with one decimal. */
function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function refuseTooLarge(size: number, fileName: string | undefined): void {
  if (size <= maximumAttachmentBytes) return;
  throw new MessengerError(
    'fileTooLarge',
    `${fileName ? `“${fileName}”` : 'This file'} is ${megabytes(size)}: files can be at most 10 MB.`,
  );
}

export class OutgoingFiles {
  private readonly staged = new Map<string, { file: LocalAttachment; at: number }>();

  constructor(
    private readonly vault: AttachmentVault,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async stage(file: NewFile): Promise<StagedFile> {
    const fileName = safeFileName(file.fileName) ?? (file.voice ? voiceMessageFileName : undefined);
    refuseTooLarge(file.data.length, fileName);
    await this.forgetStale();
    const head = file.data.subarray(0, sniffedBytes);
    const claimed = safeContentType(file.contentType);
    const trusted =
      claimed === 'application/octet-stream'
        ? (sniffContentType(head) ?? claimed)
        : trustedContentType(claimed, head);
    // The pointer's size and digest are of what is sent: the prepared image, not the original.
    const { data, contentType, size } = await prepareOutgoingImage(file.data, trusted);
    // Re-encoding rarely makes an image larger, but a file over the limit is never uploaded.
    refuseTooLarge(data.length, fileName);
    const kept = await this.vault.keep(data);
    const thumbnail = isProcessedImage(contentType) ? await this.keepThumbnail(data) : null;
    const stagedId = randomBytes(16).toString('hex');
    this.staged.set(stagedId, {
      at: this.now(),
      file: {
        ...kept,
        contentType,
        fileName: fileName ?? null,
        size: data.length,
        width: size?.width ?? null,
        height: size?.height ?? null,
        voice: file.voice === true,
        caption: null,
        thumbnail,
      },
    });
    return { stagedId, fileName: fileName ?? null, contentType, size: data.length };
  }

  /** The staged files a message sends, in order; they are no longer staged once taken. */
  take(stagedIds: readonly string[]): LocalAttachment[] {
    const missing = stagedIds.find((id) => !this.staged.has(id));
    if (missing !== undefined || new Set(stagedIds).size !== stagedIds.length) {
      throw new MessengerError('fileMissing', 'A file of this message is no longer ready: add it again.');
    }
    return stagedIds.map((id) => {
      const { file } = this.staged.get(id)!;
      this.staged.delete(id);
      return file;
    });
  }

  /** Gives a staged file up (removed from the composer). */
  async discard(stagedId: string): Promise<void> {
    const entry = this.staged.get(stagedId);
    if (!entry) return;
    this.staged.delete(stagedId);
    await this.vault.remove(entry.file.localName);
    if (entry.file.thumbnail) await this.vault.remove(entry.file.thumbnail.localName);
  }

  /** The timeline's small copy, in the vault under its own name and key; none if it cannot be made. */
  private async keepThumbnail(image: Uint8Array): Promise<KeptThumbnail | null> {
    try {
      const { localName, localKey } = await this.vault.keep((await thumbnailOf(image)).data);
      return { localName, localKey };
    } catch (error) {
      this.logger.warn(`no thumbnail for an image being sent: ${(error as Error).message}`);
      return null;
    }
  }

  private async forgetStale(): Promise<void> {
    for (const [id, entry] of this.staged) {
      if (this.now() - entry.at > stagedLifetimeMs) await this.discard(id);
    }
  }
}
