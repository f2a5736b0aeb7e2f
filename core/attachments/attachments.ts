// The engine's files (design.md "attachments"): the vault, staged files, the transfers and the
// file server, behind the ClientApi calls the UI makes about files. Messages meet files in two
// places only: a message being sent takes its staged files (messenger.ts), and a received message's
// images and voice notes are fetched by themselves when small enough.
import { toBase64, fromBase64 } from '../../shared/protocol/base64';
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type { ClientEvents } from '../../shared/contract/clientEvents';
import type {
  AttachmentFileView,
  AttachmentView,
  ProfilePictureFileView,
  StagedFileView,
} from '../../shared/contract/views';
import type { FileServer } from '../../shared/protocol/attachments/fileServerUrl';
import type { Logger } from '../logging/logger';
import { MessengerError } from '../messaging/messengerError';
import type { RetryPolicy } from '../messaging/outbox';
import type { OnionClient } from '../network/onionClient';
import {
  attachmentView,
  type AttachmentRepository,
  type LocalAttachment,
  type StoredAttachment,
} from '../store/attachmentRepository';
import type { StoredMessage } from '../store/messageRepository';
import type { SettingsRepository } from '../store/settingsRepository';
import type { ProfilePictureRepository } from '../store/profilePictureRepository';
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';
import { AttachmentTransfers } from './attachmentTransfers';
import { AttachmentVault } from './attachmentVault';
import { type FileCarrier, FileServerCarrier } from './fileCarrier';
import { FileServerClient } from './fileServerClient';
import { thumbnailContentType } from './imageProcessing';
import { OutgoingFiles } from './outgoingFiles';
import { ProfilePictures } from './profilePictures';

type Emit = <Name extends keyof ClientEvents>(name: Name, event: ClientEvents[Name]) => void;

export class Attachments {
  readonly vault: AttachmentVault;
  readonly transfers: AttachmentTransfers;
  readonly pictures: ProfilePictures;
  private readonly outgoing: OutgoingFiles;

  constructor(
    private readonly options: {
      readonly directory: string;
      readonly attachments: AttachmentRepository;
      readonly settings: SettingsRepository;
      readonly onion: Pick<OnionClient, 'callServer'>;
      readonly fileServers: readonly FileServer[];
      /** The carrier of a community room's files (core/community/roomFiles.ts), when it is one. */
      readonly roomCarrierOf?: ((file: StoredAttachment) => FileCarrier | undefined) | undefined;
      readonly logger: Logger;
      readonly now: () => number;
      readonly emit: Emit;
      readonly retryPolicy?: RetryPolicy | undefined;
      /** Tells the UI a message changed (a file moved on). */
      readonly messageChanged: (messageId: number) => void;
      /** Every file of an outgoing message is uploaded: send the message. */
      readonly uploaded: (messageId: number) => void;
      readonly uploadFailed: (messageId: number, reason: string) => void;
      readonly profilePictures: ProfilePictureRepository;
      readonly ownSessionId: string;
      /** Someone's picture (ours included) arrived, changed or went. */
      readonly pictureChanged: (sessionId: string) => void;
      /** Our picture was uploaded (renewed: the same one again) or removed: the configs take it. */
      readonly ownPictureChanged: (picture: ProfilePicture | null, renewed: boolean) => void;
    },
  ) {
    this.vault = new AttachmentVault(options.directory, options.logger);
    this.outgoing = new OutgoingFiles(this.vault, options.logger, options.now);
    const files = new FileServerClient(options.onion, options.fileServers);
    this.pictures = new ProfilePictures({
      pictures: options.profilePictures,
      vault: this.vault,
      files,
      ownSessionId: options.ownSessionId,
      logger: options.logger,
      now: options.now,
      retryPolicy: options.retryPolicy,
      changed: options.pictureChanged,
      ownUploaded: options.ownPictureChanged,
    });
    const fileServer = new FileServerCarrier(files);
    this.transfers = new AttachmentTransfers({
      attachments: options.attachments,
      vault: this.vault,
      carrierOf: (file) => options.roomCarrierOf?.(file) ?? fileServer,
      logger: options.logger,
      now: options.now,
      retryPolicy: options.retryPolicy,
      progress: (progress) => options.emit('attachment.progress', progress),
      changed: (messageId) => options.messageChanged(messageId),
      uploaded: (messageId) => options.uploaded(messageId),
      uploadFailed: (messageId, reason) => options.uploadFailed(messageId, reason),
    });
  }

  /** Removes the files of messages deleted since, then resumes the transfers. */
  async start(): Promise<void> {
    await this.vault.sweep(this.options.attachments);
    this.transfers.start();
    this.pictures.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.transfers.stop(), this.pictures.stop()]);
  }

  /** Removes files the database let go (after deletes and expiry); never throws. */
  sweep(): void {
    this.vault.sweep(this.options.attachments).catch((error: unknown) => {
      this.options.logger.warn(`could not remove deleted files: ${(error as Error).message}`);
    });
  }

  /** The staged files a message being sent takes. */
  take(stagedIds: readonly string[]): LocalAttachment[] {
    return this.outgoing.take(stagedIds);
  }

  /** Images and voice notes of new messages, up to the size setting, come by themselves. */
  received(messages: readonly StoredMessage[]): void {
    const limit = this.options.settings.get('autoDownloadBytes');
    for (const message of messages) {
      if (message.direction !== 'incoming') continue;
      for (const attachment of this.options.attachments.forMessage(message.id)) {
        const automatic = attachment.voice || attachment.contentType.startsWith('image/');
        if (automatic && attachment.size <= limit) this.transfers.download(attachment);
      }
    }
  }

  // --- ClientApi ------------------------------------------------------------------------------------

  stageAttachment(request: ValidClientRequest<'stageAttachment'>): Promise<StagedFileView> {
    return this.outgoing.stage({
      data: fromBase64(request.dataBase64),
      fileName: request.fileName,
      contentType: request.contentType,
      voice: request.voice,
    });
  }

  async discardAttachment(request: ValidClientRequest<'discardAttachment'>): Promise<{ discarded: true }> {
    await this.outgoing.discard(request.stagedId);
    return { discarded: true };
  }

  downloadAttachment(request: ValidClientRequest<'downloadAttachment'>): AttachmentView {
    const attachment = this.attachmentOrThrow(request.attachmentId);
    if (attachment.state === 'remote' || (attachment.state === 'failed' && attachment.url !== null)) {
      this.transfers.download(attachment);
    }
    return attachmentView(this.attachmentOrThrow(attachment.id));
  }

  cancelAttachment(request: ValidClientRequest<'cancelAttachment'>): AttachmentView {
    const attachment = this.attachmentOrThrow(request.attachmentId);
    this.transfers.cancel(attachment);
    return attachmentView(this.attachmentOrThrow(attachment.id));
  }

  async getAttachment(request: ValidClientRequest<'getAttachment'>): Promise<AttachmentFileView> {
    const attachment = this.attachmentOrThrow(request.attachmentId);
    if (request.thumbnail === true) {
      if (attachment.thumbnailName === null || attachment.thumbnailKey === null) {
        throw new MessengerError(
          'fileMissing',
          attachment.localName !== null
            ? 'This file has no thumbnail: it is not an image that can be shown.'
            : 'This image has no thumbnail yet: it is made once the image is on this device.',
        );
      }
      return {
        attachmentId: attachment.id,
        contentType: thumbnailContentType,
        fileName: attachment.fileName,
        dataBase64: toBase64(await this.vault.read(attachment.thumbnailName, attachment.thumbnailKey)),
      };
    }
    return {
      attachmentId: attachment.id,
      contentType: attachment.contentType,
      fileName: attachment.fileName,
      dataBase64: toBase64(await this.read(attachment)),
    };
  }

  setVoiceDetails(request: ValidClientRequest<'setVoiceDetails'>): AttachmentView {
    const attachment = this.attachmentOrThrow(request.attachmentId);
    if (!attachment.contentType.startsWith('audio/')) {
      throw new MessengerError('fileMissing', 'Only audio has a waveform.');
    }
    this.options.attachments.setVoiceDetails(attachment.id, request.waveform, request.durationMs);
    return attachmentView(this.attachmentOrThrow(attachment.id));
  }

  async getProfilePicture(request: ValidClientRequest<'getProfilePicture'>): Promise<ProfilePictureFileView> {
    const picture = await this.pictures.read(request.sessionId);
    return {
      sessionId: request.sessionId,
      contentType: picture.contentType,
      dataBase64: toBase64(picture.data),
    };
  }

  /** The plaintext of a file that is here (the command line saves it; the UI gets it in base64). */
  async read(attachment: StoredAttachment): Promise<Uint8Array> {
    if (attachment.localName === null || attachment.localKey === null) {
      throw new MessengerError('fileMissing', 'This file is not on this device yet: download it first.');
    }
    return this.vault.read(attachment.localName, attachment.localKey);
  }

  private attachmentOrThrow(id: number): StoredAttachment {
    const attachment = this.options.attachments.byId(id);
    if (!attachment) throw new MessengerError('fileMissing', 'This file no longer exists.');
    return attachment;
  }
}
