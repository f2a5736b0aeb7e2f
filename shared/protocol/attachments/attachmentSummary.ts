// How a message of files alone is told where there is room for a line only: the conversation
// list's preview and desktop notifications ("Photo", "Voice message", "minutes.pdf", "3 files").

export interface SummarisedFile {
  readonly contentType: string;
  readonly fileName: string | null;
  readonly voice: boolean;
}

export function attachmentSummary(files: readonly SummarisedFile[]): string {
  if (files.length === 0) return '';
  if (files.every((file) => file.voice))
    return files.length === 1 ? 'Voice message' : `${files.length} voice messages`;
  if (files.every((file) => file.contentType.startsWith('image/'))) {
    return files.length === 1 ? 'Photo' : `${files.length} photos`;
  }
  return files.length === 1 ? (files[0]!.fileName ?? 'File') : `${files.length} files`;
}
