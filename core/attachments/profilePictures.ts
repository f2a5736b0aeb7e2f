// Profile pictures (issue #16, protocol-messages.md §5.1): the account's own, chosen here (cropped,
// 600 px, sealed with AES-GCM under a fresh profile key, uploaded through an onion path) and sent
// again before the file server forgets it; and everyone else's, fetched as their profiles name
// them (messages, the Contacts config, our own UserProfile from another device), checked, and
// re-encoded here before the UI sees them. Downloads run from the database, like the files'.
import { parseFileUrl } from '../../shared/protocol/attachments/fileServerUrl';
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';
import type { Logger } from '../logging/logger';
import { DueWorkLoop } from '../messaging/dueWorkLoop';
import { MessengerError } from '../messaging/messengerError';
import { defaultRetryPolicy, retryDelayMs, type RetryPolicy } from '../messaging/outbox';
import type { ProfilePictureRepository, StoredProfilePicture } from '../store/profilePictureRepository';
import type { AttachmentVault } from './attachmentVault';
import { FileServerError, type FileServerClient } from './fileServerClient';
import {
  ProfilePictureCipherError,
  decryptProfilePicture,
  encryptProfilePicture,
  newProfileKey,
} from './profilePictureCipher';
import {
  ProfilePictureImageError,
  maximumPictureBytes,
  outgoingPictureType,
  pictureToShow,
  prepareProfilePicture,
  shownPictureType,
  type PictureCrop,
} from './profilePictureImage';

const day = 24 * 3600 * 1000;
/**
 * The file server keeps a file for a few weeks (§5.2: 3 weeks by default) and says until when. Our
 * picture is sent again once two thirds of that time have passed (at least 3 days early), so that a
 * device that is off for a while still renews it in time; without a date, after 10 days.
 */
function renewalDue(uploadedAt: number, serverExpiresAt: number | null): number {
  if (serverExpiresAt === null || serverExpiresAt <= uploadedAt) return uploadedAt + 10 * day;
  return serverExpiresAt - Math.max(3 * day, (serverExpiresAt - uploadedAt) / 3);
}
/** How often the own picture's renewal is checked while the engine runs. */
const renewalCheckMs = 6 * 3600 * 1000;
const downloadsPerDrain = 4;
/** How long a picture whose downloads keep failing waits before the next try. */
const laterRetryMs = 3600 * 1000;

export interface PictureFile {
  readonly contentType: string;
  readonly data: Uint8Array;
}

export class ProfilePictures {
  private readonly loop: DueWorkLoop;
  private renewalTimer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  /** Stopping cancels the transfers under way (an app that closes should not wait for them). */
  private stopping = new AbortController();
  /**
   * Changes of our own picture (a choice, a removal, a renewal) one at a time, so that a slow
   * renewal can never land after a newer choice and bring the old picture back.
   */
  private ownChanges: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      readonly pictures: ProfilePictureRepository;
      readonly vault: AttachmentVault;
      readonly files: Pick<FileServerClient, 'upload' | 'download'>;
      readonly ownSessionId: string;
      readonly logger: Logger;
      readonly now: () => number;
      readonly retryPolicy?: RetryPolicy | undefined;
      /** Someone's picture changed on this device (arrived, or went): tell the UI. */
      readonly changed: (sessionId: string) => void;
      /**
       * Our picture is uploaded: the UserProfile config takes it (`renewed` when it is the same
       * picture sent again, which newer libsession keeps in P/Q/T).
       */
      readonly ownUploaded: (picture: ProfilePicture | null, renewed: boolean) => void;
    },
  ) {
    this.loop = new DueWorkLoop({
      drain: () => this.drain(),
      nextDue: () => options.pictures.nextDue(),
      now: options.now,
    });
  }

  start(): void {
    this.stopping = new AbortController();
    this.loop.start();
    this.renewalTimer = setInterval(() => void this.renewIfDue(), renewalCheckMs);
    this.renewalTimer.unref();
    void this.renewIfDue();
  }

  async stop(): Promise<void> {
    clearInterval(this.renewalTimer);
    this.stopping.abort();
    await Promise.all([this.loop.stop(), this.renewing]);
  }

  /** Resolves once no download is due or under way (for the command line and tests). */
  async settled(): Promise<void> {
    await this.renewing;
    await this.loop.settled();
  }

  /**
   * A profile named this picture (null: none) at `updatedAt` (ms). Returns whether anything changed;
   * a new picture is fetched in the background, and the one before stays shown until it is here.
   */
  heard(
    sessionId: string,
    picture: ProfilePicture | null,
    updatedAt: number,
    options: {
      /** Named by someone whose message request is not accepted: fetched only once it is. */
      readonly held?: boolean;
    } = {},
  ): boolean {
    if (picture !== null && parseFileUrl(picture.url) === undefined) {
      this.options.logger.debug('a profile named a picture at an address that is no file server');
      return false;
    }
    const own = sessionId === this.options.ownSessionId;
    // Our own picture's time is when this device heard of it (its renewal counts from there): the
    // same picture merged again from the configs does not move it on.
    const outcome = this.options.pictures.heard(sessionId, picture, updatedAt, {
      held: options.held === true,
      touch: !own,
    });
    // Most messages name the picture already known: only a new or released one wakes the downloads.
    // A removed picture is gone at once (the caller tells the UI); a new one is told once here.
    if (outcome !== 'unchanged') this.loop.kick();
    return outcome === 'changed';
  }

  /** A request was accepted: a picture held for it is fetched now. */
  released(): void {
    this.loop.kick();
  }

  /** Our picture as outgoing profiles carry it: its URL and key, once uploaded. */
  own(): ProfilePicture | null {
    return this.referenceOf(this.options.ownSessionId);
  }

  /** The picture someone's profile last named (fetched or not), as profiles and configs carry it. */
  referenceOf(sessionId: string): ProfilePicture | null {
    const row = this.options.pictures.get(sessionId);
    return row?.url && row.pictureKey ? { url: row.url, key: row.pictureKey } : null;
  }

  /**
   * Chooses our picture: framed, scaled, sealed under a new profile key and uploaded before anything
   * changes, so that a failure leaves the previous picture as it was (and says why in words).
   */
  async setOwn(data: Uint8Array, crop?: PictureCrop): Promise<void> {
    const prepared = await prepareProfilePicture(data, crop).catch((error: unknown) => {
      throw error instanceof ProfilePictureImageError
        ? new MessengerError('pictureRefused', error.message)
        : error;
    });
    await this.ownChange(async () => {
      await this.upload(prepared.data, prepared.contentType, undefined);
    });
  }

  /** No picture any more: outgoing profiles carry none, and the other devices drop it too. */
  removeOwn(): Promise<void> {
    return this.ownChange(async () => {
      this.options.pictures.heard(this.options.ownSessionId, null, this.options.now());
      this.options.ownUploaded(null, false);
      this.options.changed(this.options.ownSessionId);
    });
  }

  /** Runs a change of our own picture after those before it, whatever became of them. */
  private ownChange(change: () => Promise<void>): Promise<void> {
    const next = this.ownChanges.then(change, change);
    this.ownChanges = next.catch(() => undefined);
    return next;
  }

  /** The token of someone's picture for views: the start of its vault name, new for every picture. */
  tokenOf(sessionId: string): string | undefined {
    return this.options.pictures.get(sessionId)?.localName?.slice(0, 12);
  }

  /** Where someone's picture stands here, and why it failed if it did. */
  status(sessionId: string): Pick<StoredProfilePicture, 'state' | 'failure'> | undefined {
    const row = this.options.pictures.get(sessionId);
    return row && { state: row.state, failure: row.failure };
  }

  ownToken(): string | undefined {
    return this.tokenOf(this.options.ownSessionId);
  }

  /** Someone's picture (or ours) as this device keeps it. */
  async read(sessionId: string): Promise<PictureFile> {
    const row = this.options.pictures.get(sessionId);
    if (!row?.localName || !row.localKey || !row.contentType) {
      throw new MessengerError('fileMissing', 'There is no profile picture for this person on this device.');
    }
    return { contentType: row.contentType, data: await this.options.vault.read(row.localName, row.localKey) };
  }

  /** Sends our picture again when the file server would soon forget it (as of `now`). */
  renewIfDue(now = this.options.now()): Promise<void> {
    this.renewing ??= this.ownChange(() => this.renew(now)).finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renew(now: number): Promise<void> {
    const row = this.options.pictures.get(this.options.ownSessionId);
    if (row?.state !== 'ready' || !row.localName || !row.localKey || !row.contentType) return;
    // A picture chosen on another device and fetched here has no upload time: this device renews
    // it only once the one that uploaded it has had its chance (10 days from when we heard of it).
    if (now < renewalDue(row.uploadedAt ?? row.updatedAt, row.serverExpiresAt)) return;
    try {
      const data = await this.options.vault.read(row.localName, row.localKey);
      if (await this.upload(data, row.contentType, row.url)) {
        this.options.logger.info('sent the profile picture again before the file server forgets it');
      }
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      this.options.logger.warn(`could not renew the profile picture: ${(error as Error).message}`);
    }
  }

  /**
   * Seals and uploads our picture, then keeps it as the one profiles name. A renewal names the URL
   * it renews (`renewing`): if another device chose a picture meanwhile, the renewal is dropped.
   * Returns whether the picture was kept.
   */
  private async upload(
    data: Uint8Array,
    contentType: string,
    renewing: string | null | undefined,
  ): Promise<boolean> {
    const renewed = renewing !== undefined;
    const key = newProfileKey();
    const blob = encryptProfilePicture(data, key);
    let uploaded;
    try {
      uploaded = await this.options.files.upload(blob, { signal: this.stopping.signal });
    } catch (error) {
      throw new MessengerError(
        'pictureNotUploaded',
        `Your picture could not be uploaded: ${(error as Error).message} Try again in a moment.`,
      );
    }
    let file;
    try {
      file = await this.options.vault.keep(data);
    } catch (error) {
      throw new MessengerError(
        'pictureNotUploaded',
        `Your picture could not be kept on this device: ${(error as Error).message}`,
      );
    }
    if (renewed && this.options.pictures.get(this.options.ownSessionId)?.url !== renewing) {
      await this.options.vault.remove(file.localName);
      return false;
    }
    const now = this.options.now();
    this.options.pictures.uploaded(
      this.options.ownSessionId,
      { url: uploaded.url, key, file, contentType, uploadedAt: now, serverExpiresAt: uploaded.expiresAt },
      now,
    );
    this.options.ownUploaded({ url: uploaded.url, key }, renewed);
    this.options.changed(this.options.ownSessionId);
    return true;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (!this.loop.active) return;
      const due = this.options.pictures.due(this.options.now(), downloadsPerDrain);
      if (due.length === 0) return;
      await Promise.all(due.map((picture) => this.fetch(picture)));
    }
  }

  private async fetch(picture: StoredProfilePicture): Promise<void> {
    try {
      const location = parseFileUrl(picture.url!);
      if (!location)
        throw new FileServerError('unknownServer', 'The picture is at an address that is no file server.');
      const blob = await this.options.files.download(location, {
        size: maximumPictureBytes,
        signal: this.stopping.signal,
      });
      if (blob.length > maximumPictureBytes + 28) {
        throw new ProfilePictureImageError('imageTooLarge', 'The picture is over 10 MB.');
      }
      const opened = decryptProfilePicture(blob, picture.pictureKey!);
      // Our own picture, chosen on another device, is made again as we make ours (600 px JPEG): it
      // is what this device sends when it renews it. Everyone else's is kept as shown here. Either
      // way the renderer never decodes the bytes as they came.
      const own = picture.sessionId === this.options.ownSessionId;
      const kept = own ? (await prepareProfilePicture(opened)).data : await pictureToShow(opened);
      const file = await this.options.vault.keep(kept);
      if (this.options.pictures.fetched(picture, file, own ? outgoingPictureType : shownPictureType)) {
        this.options.changed(picture.sessionId);
      } else {
        // A newer profile named another picture meanwhile: this one is not kept.
        await this.options.vault.remove(file.localName);
      }
    } catch (error) {
      this.failed(picture, error);
    }
  }

  private failed(picture: StoredProfilePicture, error: unknown): void {
    // Cancelled by a stop: it stays due, and is fetched at the next start.
    if (this.stopping.signal.aborted) return;
    const reason = error instanceof Error ? error.message : String(error);
    const policy = this.options.retryPolicy ?? defaultRetryPolicy;
    // Only what would fail again the same way is given up: a sealed or decoded picture that does
    // not open, or a file the server no longer has. A network that is down is tried again, and
    // after the first few tries once an hour, so a contact's picture is never lost to a bad hour.
    const final =
      error instanceof ProfilePictureCipherError ||
      error instanceof ProfilePictureImageError ||
      (error instanceof FileServerError && !error.temporary);
    if (final) {
      this.options.pictures.fail(picture, reason);
      this.options.logger.debug(`a profile picture could not be fetched: ${reason}`);
      return;
    }
    const attempts = picture.attempts + 1;
    const delay = attempts >= policy.maximumAttempts ? laterRetryMs : retryDelayMs(attempts, policy);
    this.options.pictures.retryAt(picture, this.options.now() + delay, reason);
  }
}
