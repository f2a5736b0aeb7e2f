import { describe, expect, it } from 'vitest';
import { decodeContent, encodeContent } from '../messages/codec';
import {
  type AttachmentDescription,
  attachmentPointer,
  readAttachmentPointer,
  safeContentType,
  safeFileName,
} from './attachmentPointer';
import { parseFileUrl } from './fileServerUrl';

const url = `http://127.0.0.1:43111/file/9007199254740991#p=${'ab'.repeat(32)}`;
const description: AttachmentDescription = {
  location: parseFileUrl(url)!,
  url,
  key: new Uint8Array(64).fill(7),
  digest: new Uint8Array(32).fill(9),
  size: 1234,
  contentType: 'audio/mp3',
  fileName: 'session-audio-message',
  width: undefined,
  height: undefined,
  voice: true,
  caption: undefined,
};

function roundTrip(pointer: ReturnType<typeof attachmentPointer>) {
  const content = decodeContent(encodeContent({ dataMessage: { attachments: [pointer] } }));
  return content.dataMessage!.attachments![0]!;
}

describe('AttachmentPointer (protocol-messages.md §3, §5)', () => {
  it('writes every field the receiver needs, the required id and the voice flag', () => {
    const pointer = roundTrip(attachmentPointer(description));
    expect(pointer).toMatchObject({
      id: 9007199254740991,
      contentType: 'audio/mp3',
      size: 1234,
      fileName: 'session-audio-message',
      flags: 1,
      url,
    });
    expect(readAttachmentPointer(pointer)).toEqual({ attachment: description });
  });

  it('writes id 0 for a hash-named file, whose URL names it', () => {
    const hashUrl = `http://127.0.0.1:43111/file/${'x'.repeat(44)}#p=${'ab'.repeat(32)}`;
    const pointer = roundTrip(
      attachmentPointer({ ...description, url: hashUrl, location: parseFileUrl(hashUrl)! }),
    );
    expect(pointer.id).toBe(0);
  });

  it('keeps the dimensions of an image and drops nonsense ones', () => {
    const image = { ...description, voice: false, contentType: 'image/png', width: 640, height: 480 };
    expect(readAttachmentPointer(roundTrip(attachmentPointer(image)))).toEqual({ attachment: image });
    const odd = readAttachmentPointer({ ...attachmentPointer(image), width: 0, height: 10_000_000 });
    expect(odd).toMatchObject({ attachment: { width: undefined, height: undefined } });
  });

  it('refuses pointers that cannot be fetched or claim too much', () => {
    const pointer = attachmentPointer(description);
    expect(readAttachmentPointer({ ...pointer, url: undefined })).toHaveProperty('refused');
    expect(readAttachmentPointer({ ...pointer, url: 'http://x/file/../../etc' })).toHaveProperty('refused');
    expect(readAttachmentPointer({ ...pointer, key: new Uint8Array(32) })).toHaveProperty('refused');
    expect(readAttachmentPointer({ ...pointer, digest: new Uint8Array(31) })).toHaveProperty('refused');
    expect(readAttachmentPointer({ ...pointer, size: 10_000_001 })).toHaveProperty('refused');
    expect(readAttachmentPointer({ ...pointer, size: undefined })).toHaveProperty('refused');
  });

  it('accepts a pointer without a digest (an old client), to explain later why it cannot be checked', () => {
    const { digest: _digest, ...pointer } = attachmentPointer(description);
    expect(readAttachmentPointer(pointer)).toMatchObject({ attachment: { digest: undefined } });
  });

  it('cleans hostile file names and content types', () => {
    expect(safeFileName('../../.ssh/authorized_keys')).toBe('authorized_keys');
    expect(safeFileName('C:\\Users\\x\\evil.exe')).toBe('evil.exe');
    expect(safeFileName('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(safeFileName('..')).toBeUndefined();
    expect(safeFileName('  ')).toBeUndefined();
    expect(safeFileName('a'.repeat(300))).toHaveLength(255);
    expect(safeContentType('Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(safeContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(safeContentType(undefined)).toBe('application/octet-stream');
  });
});
