// Uploads and downloads of files (issue #16), run from the database like the outbox: a transfer is
// a row in 'upload' or 'download' state, retried with growing pauses, resumed after a restart, and
// cancellable. Progress goes to the UI in percent. An upload encrypts afresh each attempt (nothing
// of it was confirmed); a file the server confirmed is never sent again. A received image gets its
// thumbnail made here once it has come (a sender's thumbnail is never trusted).
import { createHash } from 'node:crypto';
import { fallbackContentType } from '../../shared/protocol/attachments/attachmentPointer';
import { sniffedBytes, trustedContentType } from '../../shared/protocol/attachments/contentSniffing';
import type { Logger } from '../logging/logger';
import { DueWorkLoop } from '../messaging/dueWorkLoop';
import { retryDelayMs, type RetryPolicy, defaultRetryPolicy } from '../messaging/outbox';
import {
  type AttachmentRepository,
  fileGoneFailure,
  type KeptThumbnail,
  type StoredAttachment,
} from '../store/attachmentRepository';
import { AttachmentCipherError } from './attachmentCipher';
import type { AttachmentVault } from './attachmentVault';
import type { FileCarrier } from './fileCarrier';
import { FileServerError } from './fileServerClient';
import { isProcessedImage, loadSharp, thumbnailOf, type ImageSize } from './imageProcessing';

const concurrentTransfers = 2;
/** Progress is told at most every this many percent, so a large file does not flood the UI. */
const progressStepPercent = 5;

export interface TransferProgress {
  readonly messageId: number;
  readonly attachmentId: number;
  readonly direction: 'upload' | 'download';
  readonly percent: number;
}

export class AttachmentTransfers {
  private readonly loop: DueWorkLoop;
  private readonly underway = new Map<number, AbortController>();

  constructor(
    private readonly options: {
      readonly attachments: AttachmentRepository;
      readonly vault: AttachmentVault;
      /** Where a file goes and comes from: the file server, or a community room (fileCarrier.ts). */
      readonly carrierOf: (file: StoredAttachment) => FileCarrier;
      readonly logger: Logger;
      readonly now: () => number;
      readonly progress: (progress: TransferProgress) => void;
      /** A file of the message changed state. */
      readonly changed: (messageId: number) => void;
      /** Every file of an outgoing message is on the server: its content can be sent. */
      readonly uploaded: (messageId: number) => void;
      /** An upload failed for good: the message fails with it. */
      readonly uploadFailed: (messageId: number, reason: string) => void;
      readonly retryPolicy?: RetryPolicy | undefined;
    },
  ) {
    this.loop = new DueWorkLoop({
      drain: () => this.drain(),
      nextDue: () => options.attachments.nextDue(),
      now: options.now,
    });
  }

  private get policy(): RetryPolicy {
    return this.options.retryPolicy ?? defaultRetryPolicy;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    // The loop stops scheduling at once; the transfers under way are then cut short.
    const stopped = this.loop.stop();
    for (const controller of this.underway.values()) controller.abort();
    await stopped;
  }

  kick(): void {
    this.loop.kick();
  }

  /** Resolves once no transfer is due or under way (the command line and tests). */
  settled(): Promise<void> {
    return this.loop.settled();
  }

  /** Fetches a received file (on click, or by itself when small enough). */
  download(attachment: StoredAttachment): void {
    if (attachment.state !== 'remote' && attachment.state !== 'failed') return;
    if (attachment.url === null) return;
    this.options.attachments.setState(attachment.id, 'download', null, 0);
    this.options.changed(attachment.messageId);
    this.kick();
  }

  /** Stops a transfer: a download goes back to waiting, an upload fails its message (retryable). */
  cancel(attachment: StoredAttachment): boolean {
    if (attachment.state !== 'upload' && attachment.state !== 'download') return false;
    this.underway.get(attachment.id)?.abort();
    if (attachment.state === 'download') {
      this.options.attachments.setState(attachment.id, 'remote');
    } else {
      this.options.attachments.setState(attachment.id, 'failed', 'Cancelled.');
      this.options.uploadFailed(attachment.messageId, 'The upload was cancelled.');
    }
    this.options.changed(attachment.messageId);
    return true;
  }

  /** Puts a message's failed uploads back in line (retrying the message). */
  retryUploads(messageId: number): number {
    let retried = 0;
    for (const attachment of this.options.attachments.forMessage(messageId)) {
      if (attachment.state === 'failed' && attachment.url === null && attachment.localName !== null) {
        this.options.attachments.setState(attachment.id, 'upload');
        retried += 1;
      }
    }
    if (retried > 0) this.kick();
    return retried;
  }

  private async drain(): Promise<void> {
    while (this.loop.active) {
      const now = this.options.now();
      const due = [
        ...this.options.attachments.due('upload', now, concurrentTransfers),
        ...this.options.attachments.due('download', now, concurrentTransfers),
      ].filter((attachment) => !this.underway.has(attachment.id));
      if (due.length === 0) return;
      await Promise.all(due.map((attachment) => this.transfer(attachment)));
    }
  }

  private async transfer(attachment: StoredAttachment): Promise<void> {
    const controller = new AbortController();
    this.underway.set(attachment.id, controller);
    const direction = attachment.state === 'upload' ? 'upload' : 'download';
    let lastPercent = -progressStepPercent;
    const onProgress = (moved: 'sent' | 'received', done: number, total: number): void => {
      if ((direction === 'upload') !== (moved === 'sent') || total <= 0) return;
      const percent = Math.min(100, Math.floor((done / total) * 100));
      if (percent < lastPercent + progressStepPercent && percent < 100) return;
      lastPercent = percent;
      this.options.progress({
        messageId: attachment.messageId,
        attachmentId: attachment.id,
        direction,
        percent,
      });
    };
    try {
      if (direction === 'upload') await this.upload(attachment, controller.signal, onProgress);
      else await this.fetch(attachment, controller.signal, onProgress);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.failed(attachment, error);
    } finally {
      this.underway.delete(attachment.id);
    }
  }

  private async upload(
    attachment: StoredAttachment,
    signal: AbortSignal,
    onProgress: (moved: 'sent' | 'received', done: number, total: number) => void,
  ): Promise<void> {
    const { attachments, vault } = this.options;
    const plaintext = await vault.read(attachment.localName!, attachment.localKey!);
    const pointer = await this.options
      .carrierOf(attachment)
      .upload(plaintext, attachment, { signal, onProgress });
    if (signal.aborted) return;
    const confirmed = attachments.uploaded(attachment.id, pointer);
    if (!confirmed) return;
    this.options.changed(attachment.messageId);
    if (attachments.forMessage(attachment.messageId).every((file) => file.state === 'ready')) {
      this.options.uploaded(attachment.messageId);
    }
  }

  private async fetch(
    attachment: StoredAttachment,
    signal: AbortSignal,
    onProgress: (moved: 'sent' | 'received', done: number, total: number) => void,
  ): Promise<void> {
    const plaintext = await this.options.carrierOf(attachment).download(attachment, { signal, onProgress });
    if (signal.aborted) return;
    // What is done with a file once it came is the same wherever it came from: typed by its bytes,
    // an image decoded here (never by the renderer first) and given a thumbnail, sealed at rest.
    const claimed = trustedContentType(attachment.contentType, plaintext.subarray(0, sniffedBytes));
    const kept = await this.options.vault.keep(plaintext);
    const image = isProcessedImage(claimed) ? await this.keepThumbnail(plaintext) : undefined;
    // An image that cannot be decoded here (damaged, or a decompression bomb) is shown as a file to
    // save: the renderer is never asked to decode what libvips refused.
    const undecodable = isProcessedImage(claimed) && image === undefined;
    const contentType = undecodable ? fallbackContentType : claimed;
    // The pointer's size stands when it gave one; otherwise the decoded image's.
    const size = undecodable
      ? undefined
      : attachment.width !== null && attachment.height !== null
        ? { width: attachment.width, height: attachment.height }
        : image?.size;
    const stored = this.options.attachments.downloaded(attachment.id, {
      contentType,
      localName: kept.localName,
      localKey: kept.localKey,
      sha256: createHash('sha256').update(plaintext).digest(),
      width: size?.width ?? null,
      height: size?.height ?? null,
      thumbnail: image?.thumbnail ?? null,
    });
    if (stored) {
      this.options.changed(attachment.messageId);
      return;
    }
    // The message went while the file came (deleted, expired): its files go too.
    await this.options.vault.remove(kept.localName);
    if (image) await this.options.vault.remove(image.thumbnail.localName);
  }

  /**
   * A received image's thumbnail in the vault, and its size; undefined (logged) when libvips cannot
   * decode the image. Anything else (the disk, sharp missing) throws, so the download is retried
   * rather than the image turned into a plain file for good.
   */
  private async keepThumbnail(
    image: Uint8Array,
  ): Promise<{ thumbnail: KeptThumbnail; size: ImageSize } | undefined> {
    await loadSharp();
    let made;
    try {
      made = await thumbnailOf(image);
    } catch (error) {
      // Damaged or too large to decode: the file is still here, shown as a plain file.
      this.options.logger.debug(`no thumbnail for a received image: ${(error as Error).message}`);
      return undefined;
    }
    const { localName, localKey } = await this.options.vault.keep(made.data);
    return { thumbnail: { localName, localKey }, size: made.image };
  }

  private failed(attachment: StoredAttachment, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    // Tampered, too large, gone, unreadable: trying again would bring the same answer.
    const final =
      error instanceof AttachmentCipherError ||
      (error instanceof FileServerError && !error.temporary) ||
      attachment.attempts + 1 >= this.policy.maximumAttempts;
    if (!final) {
      this.options.attachments.postpone(
        attachment.id,
        this.options.now() + retryDelayMs(attachment.attempts + 1, this.policy),
        reason,
      );
      this.options.logger.debug(`a file ${attachment.state} will be retried: ${reason}`);
      return;
    }
    this.options.logger.warn(`a file ${attachment.state} failed: ${reason}`);
    // A file its server no longer has is shown as gone, not as a failure to try again.
    const gone = error instanceof FileServerError && error.code === 'fileGone';
    this.options.attachments.setState(attachment.id, 'failed', gone ? fileGoneFailure : reason);
    if (attachment.state === 'upload') this.options.uploadFailed(attachment.messageId, reason);
    this.options.changed(attachment.messageId);
  }
}
