import { describe, expect, it } from 'vitest';
import { defaultFileServer, fileUrl, parseFileUrl } from './fileServerUrl';

const devnetServer = {
  url: 'http://127.0.0.1:43111',
  ed25519PublicKey: 'ab'.repeat(32),
  x25519PublicKey: 'cd'.repeat(32),
};

describe('file server URLs (protocol-messages.md §5.2)', () => {
  it('writes the default server without a fragment, as the official clients do', () => {
    expect(fileUrl(defaultFileServer, '123456789')).toBe('http://filev2.getsession.org/file/123456789');
  });

  it('names another server’s Ed25519 key in #p=', () => {
    const url = fileUrl(devnetServer, '42');
    expect(url).toBe(`http://127.0.0.1:43111/file/42#p=${'ab'.repeat(32)}`);
    expect(parseFileUrl(url)).toEqual({
      serverUrl: 'http://127.0.0.1:43111',
      fileId: '42',
      serverEd25519PublicKey: 'ab'.repeat(32),
      deterministic: false,
    });
  });

  it('reads 44-character IDs, upper-case keys and the deterministic flag', () => {
    const id = 'A'.repeat(22) + '_-' + 'b'.repeat(20);
    const parsed = parseFileUrl(`https://files.example/file/${id}#p=${'AB'.repeat(32)}&d`);
    expect(parsed).toMatchObject({
      fileId: id,
      serverEd25519PublicKey: 'ab'.repeat(32),
      deterministic: true,
    });
  });

  it('refuses what names no file, or could reach another path', () => {
    for (const url of [
      'ftp://filev2.getsession.org/file/1',
      'http://filev2.getsession.org/file/../admin',
      'http://filev2.getsession.org/file/%2e%2e',
      'http://filev2.getsession.org/files/1',
      'http://filev2.getsession.org/file/1/info',
      'http://filev2.getsession.org/file/1?x=1',
      'http://user:pw@filev2.getsession.org/file/1',
      'http://filev2.getsession.org/file/12345678901234567',
      'http://filev2.getsession.org/file/1#p=1234',
      'not a url',
    ]) {
      expect(parseFileUrl(url), url).toBeUndefined();
    }
  });

  it('refuses to write a URL for something that is not a file ID', () => {
    expect(() => fileUrl(defaultFileServer, '../x')).toThrow(RangeError);
  });
});
