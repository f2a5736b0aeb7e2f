// What a file's bytes say it is (issue #16: "a file whose content does not match its claimed type is
// shown as a plain file, never rendered as what it claims"). Only the types a client renders inline
// matter — images and audio — so only their signatures are known here; any other claim is kept as
// it is, since such a file is only ever offered as a file.
import { fallbackContentType } from './attachmentPointer';

type Signature = (head: Uint8Array) => boolean;

const ascii = (head: Uint8Array, offset: number, text: string): boolean =>
  [...text].every((character, index) => head[offset + index] === character.charCodeAt(0));
const startsWith = (head: Uint8Array, bytes: readonly number[]): boolean =>
  bytes.every((byte, index) => head[index] === byte);

const jpeg: Signature = (head) => startsWith(head, [0xff, 0xd8, 0xff]);
const png: Signature = (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const gif: Signature = (head) => ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a');
const webp: Signature = (head) => ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP');
/** An ID3 tag, or an MPEG audio frame header (11 sync bits, layer not 0). */
const mp3: Signature = (head) =>
  ascii(head, 0, 'ID3') || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0 && (head[1]! & 0x06) !== 0);
/** ADTS: 12 sync bits, layer 0. */
const aac: Signature = (head) => head[0] === 0xff && (head[1]! & 0xf6) === 0xf0;
const mp4: Signature = (head) => ascii(head, 4, 'ftyp');
const ogg: Signature = (head) => ascii(head, 0, 'OggS');
const webm: Signature = (head) => startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]);
const flac: Signature = (head) => ascii(head, 0, 'fLaC');
const wav: Signature = (head) => ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE');

const signatures: Readonly<Record<string, Signature>> = {
  'image/jpeg': jpeg,
  'image/jpg': jpeg,
  'image/png': png,
  'image/apng': png,
  'image/gif': gif,
  'image/webp': webp,
  'audio/mpeg': mp3,
  'audio/mp3': mp3,
  'audio/aac': aac,
  'audio/mp4': mp4,
  'audio/m4a': mp4,
  'audio/x-m4a': mp4,
  'video/mp4': mp4,
  'audio/ogg': ogg,
  'audio/opus': ogg,
  'video/ogg': ogg,
  'audio/webm': webm,
  'video/webm': webm,
  'audio/flac': flac,
  'audio/x-flac': flac,
  'audio/wav': wav,
  'audio/x-wav': wav,
  'audio/wave': wav,
};

/** How many leading bytes sniffing needs. */
export const sniffedBytes = 16;

/** The types whose files are rendered (shown as images, played) rather than offered as files. */
export function isRenderedType(contentType: string): boolean {
  return contentType in signatures;
}

/**
 * The type to treat a file as: the claimed type when it is not rendered inline, or when the bytes
 * bear it out; a plain file otherwise (an SVG, HTML or a mislabelled executable is never rendered).
 */
export function trustedContentType(claimed: string, head: Uint8Array): string {
  if (claimed.startsWith('image/') || claimed.startsWith('audio/') || claimed.startsWith('video/')) {
    return signatures[claimed]?.(head) ? claimed : fallbackContentType;
  }
  return claimed;
}

/** A type for bytes nobody named (our own files from the command line), among the rendered ones. */
export function sniffContentType(head: Uint8Array): string | undefined {
  const order = [
    'image/jpeg',
    'image/png',
    'image/gif',
    'image/webp',
    'audio/wav',
    'audio/ogg',
    'audio/webm',
    'audio/flac',
    'audio/mp4',
    'audio/mpeg',
    'audio/aac',
  ];
  return order.find((type) => signatures[type]!(head));
}
