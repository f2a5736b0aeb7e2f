import { describe, expect, it } from 'vitest';
import { isAppUrl, originOf } from './origin';

describe('originOf', () => {
  it("gives the app protocol's origin, where Node's URL#origin says null", () => {
    expect(new URL('starling://app/index.html').origin).toBe('null');
    expect(originOf('starling://app/index.html')).toBe('starling://app');
    expect(originOf('https://example.com:443/a')).toBe('https://example.com');
    expect(originOf('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
  });

  it('has no origin for URLs without a host, or for garbage', () => {
    for (const url of ['data:text/html,hi', 'about:blank', 'file:///etc/passwd', 'not a url', undefined]) {
      expect(originOf(url)).toBeUndefined();
    }
  });
});

describe('isAppUrl', () => {
  it('matches scheme, host and port exactly', () => {
    expect(isAppUrl('starling://app/index.html#/chats', 'starling://app')).toBe(true);
    expect(isAppUrl('STARLING://APP/', 'starling://app')).toBe(true);
    expect(isAppUrl('starling://app.evil/', 'starling://app')).toBe(false);
    expect(isAppUrl('starling://evil@app2/', 'starling://app')).toBe(false);
    expect(isAppUrl('https://app/', 'starling://app')).toBe(false);
    expect(isAppUrl('about:blank', 'null')).toBe(false);
  });
});
