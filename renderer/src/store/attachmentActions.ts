// What the UI does with files (issue #16): files picked, pasted or dropped are staged with the
// engine one at a time (so no frame carries several files) and wait in the composer's tray until
// sent; received files are downloaded, cancelled and saved; their bytes come as blob: URLs, kept
// in a small cache so that scrolling back does not fetch an image again.
import { create } from 'zustand';
import {
  conversationKindOf,
  fromBase64,
  maximumAttachmentBytes,
  toBase64,
} from '../../../shared/contract/pureHelpers';
import type { AttachmentView } from '../../../shared/contract/views';
import { apiForScreens as api, attempt, notify } from './actions';
import { useAppStore } from './store';

export interface ComposerFile {
  /** Names the file in the tray before (and after) the engine named it. */
  readonly key: number;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  /** The engine's name for it; null while it is being staged. */
  readonly stagedId: string | null;
  /** A local preview of an image (a blob: URL of the picked file). */
  readonly previewUrl: string | null;
  readonly voice: boolean;
}

interface AttachmentState {
  /** Files waiting in each conversation's composer, in the order picked. */
  readonly trays: Readonly<Record<string, readonly ComposerFile[]>>;
  /** Percent done of the transfers under way, by attachment. */
  readonly progress: Readonly<Record<number, number>>;
  /** The image open in the viewer. */
  readonly viewing: { readonly conversationId: string; readonly attachmentId: number } | null;
}

export const useAttachmentStore = create<AttachmentState>(() => ({ trays: {}, progress: {}, viewing: null }));

export function openImage(conversationId: string, attachmentId: number): void {
  useAttachmentStore.setState({ viewing: { conversationId, attachmentId } });
}

export function closeImage(): void {
  useAttachmentStore.setState({ viewing: null });
}

const noFiles: readonly ComposerFile[] = [];
let nextKey = 1;

export function trayOf(conversationId: string): readonly ComposerFile[] {
  return useAttachmentStore.getState().trays[conversationId] ?? noFiles;
}

export function useTray(conversationId: string): readonly ComposerFile[] {
  return useAttachmentStore((state) => state.trays[conversationId] ?? noFiles);
}

function setTray(conversationId: string, files: readonly ComposerFile[]): void {
  const { trays } = useAttachmentStore.getState();
  useAttachmentStore.setState({ trays: { ...trays, [conversationId]: files } });
}

function updateFile(conversationId: string, key: number, change: Partial<ComposerFile>): void {
  setTray(
    conversationId,
    trayOf(conversationId).map((file) => (file.key === key ? { ...file, ...change } : file)),
  );
}

/** The size a person reads: "820 KB", "4.2 MB". */
export function sizeLabel(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1_000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** More files than this go as several messages (the engine's limit). */
export const maximumTrayFiles = 10;

/**
 * Adds files to the composer: each is checked here first (10 MB, how many), then staged. A file that
 * cannot be staged leaves the tray with a notice saying why; the others stay.
 */
export async function stageFiles(
  conversationId: string,
  files: readonly File[],
  options: { readonly voice?: boolean } = {},
): Promise<void> {
  // A room says whether we may share files there (pollInfo's `upload`, §6.5); the server would
  // refuse the upload anyway, but the person hears it before waiting for one.
  if (
    conversationKindOf(conversationId) === 'community' &&
    useAppStore.getState().conversations[conversationId]?.community?.canUpload === false
  ) {
    notify('You cannot share files in this room: its moderators decide who may.');
    return;
  }
  const room = maximumTrayFiles - trayOf(conversationId).length;
  if (files.length > room) {
    notify(`A message holds at most ${maximumTrayFiles} files: send these, then add the rest.`);
  }
  await Promise.all(
    files.slice(0, Math.max(0, room)).map(async (file) => {
      const fileName = file.name || (options.voice ? 'Voice message' : 'Pasted file');
      if (file.size > maximumAttachmentBytes) {
        notify(`“${fileName}” is ${sizeLabel(file.size)}: files can be at most 10 MB.`);
        return;
      }
      const key = nextKey++;
      const image = file.type.startsWith('image/');
      setTray(conversationId, [
        ...trayOf(conversationId),
        {
          key,
          fileName,
          contentType: file.type || 'application/octet-stream',
          size: file.size,
          stagedId: null,
          previewUrl: image ? URL.createObjectURL(file) : null,
          voice: options.voice === true,
        },
      ]);
      const data = new Uint8Array(await file.arrayBuffer());
      const staged = await attempt(() =>
        api().stageAttachment({
          fileName,
          dataBase64: toBase64(data),
          ...(file.type ? { contentType: file.type } : {}),
          ...(options.voice ? { voice: true } : {}),
        }),
      );
      // Removed from the tray while it was being staged: the engine lets it go too.
      if (!trayOf(conversationId).some((entry) => entry.key === key)) {
        if (staged) void api().discardAttachment({ stagedId: staged.stagedId });
        return;
      }
      if (!staged) {
        removeFromTray(conversationId, key);
        return;
      }
      updateFile(conversationId, key, { stagedId: staged.stagedId, contentType: staged.contentType });
    }),
  );
}

function removeFromTray(conversationId: string, key: number): ComposerFile | undefined {
  const file = trayOf(conversationId).find((entry) => entry.key === key);
  if (file?.previewUrl) URL.revokeObjectURL(file.previewUrl);
  setTray(
    conversationId,
    trayOf(conversationId).filter((entry) => entry.key !== key),
  );
  return file;
}

/** Takes a file out of the composer before sending. */
export function removeStagedFile(conversationId: string, key: number): void {
  const file = removeFromTray(conversationId, key);
  if (file?.stagedId) void attempt(() => api().discardAttachment({ stagedId: file.stagedId! }));
}

/** True while a file of the tray is still being staged (sending waits for it). */
export function trayBusy(files: readonly ComposerFile[]): boolean {
  return files.some((file) => file.stagedId === null);
}

/** Empties the tray for sending; the staged IDs in order. */
export function takeTray(conversationId: string): { stagedIds: string[]; files: readonly ComposerFile[] } {
  const files = trayOf(conversationId);
  setTray(conversationId, noFiles);
  return { stagedIds: files.flatMap((file) => (file.stagedId ? [file.stagedId] : [])), files };
}

/** Puts files back after a send that did not go (the engine still holds them staged). */
export function restoreTray(conversationId: string, files: readonly ComposerFile[]): void {
  setTray(conversationId, [...files, ...trayOf(conversationId)]);
}

/** Lets the previews of sent files go. */
export function releaseTray(files: readonly ComposerFile[]): void {
  for (const file of files) if (file.previewUrl) URL.revokeObjectURL(file.previewUrl);
}

// --- received files ---------------------------------------------------------------------------------

export function applyProgress(attachmentId: number, percent: number): void {
  const { progress } = useAttachmentStore.getState();
  useAttachmentStore.setState({ progress: { ...progress, [attachmentId]: percent } });
}

export function useProgress(attachmentId: number): number | undefined {
  return useAttachmentStore((state) => state.progress[attachmentId]);
}

export async function downloadAttachment(attachmentId: number): Promise<void> {
  await attempt(() => api().downloadAttachment({ attachmentId }));
}

export async function cancelAttachment(attachmentId: number): Promise<void> {
  await attempt(() => api().cancelAttachment({ attachmentId }));
}

/** Blob URLs of files that are here, newest last; the oldest are let go past this many. */
const cachedUrls = 60;
const urls = new Map<string, Promise<string | undefined>>();

/** A blob: URL of the file (or its thumbnail), fetched once; undefined when it cannot be had. */
export function attachmentUrl(attachment: AttachmentView, thumbnail = false): Promise<string | undefined> {
  const key = `${attachment.id}:${thumbnail ? 'thumbnail' : 'file'}`;
  const cached = urls.get(key);
  if (cached) {
    urls.delete(key);
    urls.set(key, cached);
    return cached;
  }
  const loading = attempt(() =>
    api().getAttachment({ attachmentId: attachment.id, ...(thumbnail ? { thumbnail } : {}) }),
  ).then(
    (file) =>
      file &&
      URL.createObjectURL(
        new Blob([fromBase64(file.dataBase64) as Uint8Array<ArrayBuffer>], { type: file.contentType }),
      ),
  );
  urls.set(key, loading);
  loading.then((url) => url === undefined && urls.delete(key)).catch(() => urls.delete(key));
  while (urls.size > cachedUrls) {
    const [oldest, url] = urls.entries().next().value as [string, Promise<string | undefined>];
    urls.delete(oldest);
    void url.then((value) => value && URL.revokeObjectURL(value));
  }
  return loading;
}

/** Saves a file that is here under its name (the browser's or the desktop app's download). */
export async function saveAttachment(attachment: AttachmentView): Promise<void> {
  const url = await attachmentUrl(attachment);
  if (!url) return;
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.fileName ?? 'file';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
