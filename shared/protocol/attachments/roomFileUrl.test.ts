import { describe, expect, it } from 'vitest';
import { decodeContent, encodeContent } from '../messages/codec';
import { attachmentPointer, readAttachmentPointer } from './attachmentPointer';
import { isFileOfRoom, parseRoomFileUrl, roomFileUrl } from './roomFileUrl';

const room = { baseUrl: 'https://open.example.org', room: 'Lobby' };

describe('room file URLs (§5.3)', () => {
  it('writes the URL desktop writes and reads it back', () => {
    const url = roomFileUrl(room, '42');
    expect(url).toBe('https://open.example.org/room/Lobby/file/42');
    expect(parseRoomFileUrl(url)).toEqual({ ...room, fileId: '42' });
    // The same server however it is spelled: the default port and capitals go.
    expect(parseRoomFileUrl('HTTPS://Open.Example.org:443/room/Lobby/file/42')).toEqual({
      ...room,
      fileId: '42',
    });
    expect(() => roomFileUrl(room, '../x')).toThrow(RangeError);
  });

  it('reads nothing else as a room file', () => {
    for (const text of [
      'https://open.example.org/file/42',
      'https://open.example.org/room/Lobby/file/abc',
      'https://open.example.org/room/Lobby/file/42/name.png',
      'https://open.example.org/room/Lobby/file/42?x=1',
      'https://open.example.org/room/Lobby/file/42#p=00',
      'https://user@open.example.org/room/Lobby/file/42',
      'ftp://open.example.org/room/Lobby/file/42',
      'https://open.example.org/room/a%2Fb/file/42',
      'not a url',
    ]) {
      expect(parseRoomFileUrl(text), text).toBeUndefined();
    }
  });

  it('tells the room’s own files from another server’s or room’s', () => {
    const own = parseRoomFileUrl('https://open.example.org/room/lobby/file/1')!;
    expect(isFileOfRoom(own, room)).toBe(true);
    expect(isFileOfRoom(parseRoomFileUrl('https://evil.example.org/room/Lobby/file/1')!, room)).toBe(false);
    expect(isFileOfRoom(parseRoomFileUrl('http://open.example.org/room/Lobby/file/1')!, room)).toBe(false);
    expect(isFileOfRoom(parseRoomFileUrl('https://open.example.org:8443/room/Lobby/file/1')!, room)).toBe(
      false,
    );
    expect(isFileOfRoom(parseRoomFileUrl('https://open.example.org/room/other/file/1')!, room)).toBe(false);
  });
});

describe('room file pointers', () => {
  it('writes a room file’s pointer without key or digest, and reads it in its room only', () => {
    const url = roomFileUrl(room, '77');
    const pointer = attachmentPointer({
      location: parseRoomFileUrl(url)!,
      url,
      key: undefined,
      digest: undefined,
      size: 5,
      contentType: 'image/png',
      fileName: 'a.png',
      width: 2,
      height: 3,
      voice: false,
      caption: undefined,
    });
    const sent = decodeContent(encodeContent({ dataMessage: { attachments: [pointer] } })).dataMessage!
      .attachments![0]!;
    expect(sent).toMatchObject({ id: 77, url, size: 5 });
    expect(sent.key).toBeUndefined();
    expect(sent.digest).toBeUndefined();
    const read = readAttachmentPointer(sent, room);
    expect(read).toMatchObject({ attachment: { url, key: undefined, digest: undefined, size: 5 } });
    // Outside a room, a pointer without a key is no file that can be read.
    expect(readAttachmentPointer(sent)).toEqual({ refused: 'an attachment without a file server URL' });
    // In another room, it is another host's file.
    expect(readAttachmentPointer(sent, { baseUrl: room.baseUrl, room: 'elsewhere' })).toEqual({
      refused: 'an attachment on another server or room',
    });
  });

  it('refuses a file server’s pointer in a room, even with its key', () => {
    const read = readAttachmentPointer(
      { id: 1, url: 'http://filev2.getsession.org/file/1', key: new Uint8Array(64), size: 10 },
      room,
    );
    expect(read).toEqual({ refused: 'an attachment of a room without a room file URL' });
  });
});
