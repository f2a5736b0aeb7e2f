// The desktop app's UpdateInstaller (core/updates/updateService.ts) on electron-updater, reading the
// same generic feed as core's checker. electron-updater only ever acts when the person chose to:
// nothing downloads by itself, nothing installs on quit; Download and Restart come from the UI.
import type { AppUpdater, ProgressInfo } from 'electron-updater';
import type { Logger } from '../../core/logging/logger';
import type { UpdateInstaller } from '../../core/updates/updateService';

/** The part of electron-updater the installer uses (an AppUpdater, or a test's own). */
export type UpdaterLike = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'logger'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'downloadUpdate'
  | 'quitAndInstall'
  | 'on'
  | 'off'
>;

/**
 * `beforeRestart` runs just before electron-updater quits the app: it closes the windows before
 * Electron's 'before-quit' (macOS), so the shell must know it is quitting by then.
 */
export function electronUpdateInstaller(
  updater: UpdaterLike,
  feedUrl: string,
  logger: Logger,
  beforeRestart: () => void = () => undefined,
): UpdateInstaller {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.logger = {
    info: (message: unknown) => logger.debug(`updater: ${String(message)}`),
    warn: (message: unknown) => logger.warn(`updater: ${String(message)}`),
    error: (message: unknown) => logger.warn(`updater: ${String(message)}`),
  };
  updater.setFeedURL({ provider: 'generic', url: feedUrl });

  return {
    async download(onProgress) {
      const progress = (info: ProgressInfo): void => onProgress(info.percent / 100);
      updater.on('download-progress', progress);
      try {
        // electron-updater downloads what its own latest check found, so it checks first. The release
        // is the one core offered: both read the same feed.
        const result = await updater.checkForUpdates();
        if (!result?.isUpdateAvailable) throw new Error('the update feed no longer offers it');
        // Verified against the feed's sha512 before it counts as downloaded (and, on Windows, the
        // installer's signature against the app's publisher).
        await updater.downloadUpdate();
      } catch (error) {
        throw new Error(readableUpdaterError(error), { cause: error });
      } finally {
        updater.off('download-progress', progress);
      }
    },
    install() {
      beforeRestart();
      // Not silent, so that the installer shows its own progress; the app starts again afterwards.
      updater.quitAndInstall(false, true);
    },
  };
}

/** electron-updater's errors carry codes and long traces; the person gets the gist. */
export function readableUpdaterError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/sha512 checksum mismatch/i.test(message))
    return 'the file downloaded does not match the published one';
  if (/ERR_UPDATER_INVALID_SIGNATURE|not signed/i.test(message)) {
    return 'the installer is not signed by the Starling publisher';
  }
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET|net::/i.test(message))
    return 'the update server cannot be reached';
  if (/HttpError: 404|status 404|404 Not Found/i.test(message))
    return 'the update file is missing on the server';
  if (/ENOSPC/i.test(message)) return 'the disk is full';
  return message.split('\n')[0]!.slice(0, 200);
}
