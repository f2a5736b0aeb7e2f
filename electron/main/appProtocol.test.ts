import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Protocol } from 'electron';
import {
  appSchemePrivileges,
  registerAppProtocol,
  respondToAppRequest,
  type AppResponse,
} from './appProtocol';
import { contentSecurityPolicy } from './windowSecurity';

vi.mock('electron', () => ({ shell: {} }));

let base: string;
let renderer: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'starling-protocol-'));
  renderer = path.join(base, 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Starling</title>');
  await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(path.join(renderer, 'assets', 'sodium.wasm'), new Uint8Array([0, 97, 115, 109]));
  // A file beside the renderer directory, with a name that shares its prefix.
  await mkdir(path.join(base, 'renderer-secrets'));
  await writeFile(path.join(base, 'renderer-secrets', 'key.txt'), 'secret');
  await writeFile(path.join(base, 'secret.txt'), 'secret');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method?: string): Promise<AppResponse> =>
  respondToAppRequest(method ? { url, method } : { url }, renderer);
const text = (response: AppResponse): string => Buffer.from(response.body).toString('utf8');

describe('appSchemePrivileges', () => {
  it('makes the scheme standard and secure, with fetch, and never bypasses the CSP', () => {
    expect(appSchemePrivileges).toEqual({
      scheme: 'starling',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});

describe('respondToAppRequest', () => {
  it('serves index.html at the root, with the CSP and security headers', async () => {
    const response = await get('starling://app/');
    expect(response.status).toBe(200);
    expect(text(response)).toContain('<title>Starling</title>');
    expect(response.headers).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('serves assets with their content type', async () => {
    const script = await get('starling://app/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(text(script)).toBe('console.log(1);');
    const wasm = await get('starling://app/assets/sodium.wasm?v=1');
    expect(wasm.headers['Content-Type']).toBe('application/wasm');
    expect(wasm.headers['Content-Length']).toBe('4');
  });

  it('answers unknown routes of the one-page UI with index.html', async () => {
    const response = await get('starling://app/conversations/05abc');
    expect(response.status).toBe(200);
    expect(text(response)).toContain('<title>Starling</title>');
  });

  it('answers a missing asset with 404, still with the CSP', async () => {
    const response = await get('starling://app/assets/missing.js');
    expect(response.status).toBe(404);
    expect(response.headers['Content-Security-Policy']).toBe(contentSecurityPolicy);
  });

  it('refuses every path that leaves the renderer directory', async () => {
    for (const url of [
      'starling://app/%2e%2e/secret.txt',
      'starling://app/..%2fsecret.txt',
      'starling://app/assets/..%2f..%2fsecret.txt',
      'starling://app/%2e%2e%2frenderer-secrets%2fkey.txt',
      'starling://app/..%5csecret.txt',
      `starling://app/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      'starling://app/index.html%00.js',
    ]) {
      const response = await get(url);
      expect(response.status, url).not.toBe(200);
      expect(text(response), url).not.toContain('secret');
    }
  });

  it('refuses malformed escapes, other hosts and other methods', async () => {
    expect((await get('starling://app/%E0%A4%A')).status).toBe(400);
    expect((await get('starling://other/index.html')).status).toBe(404);
    expect((await get('https://app/index.html')).status).toBe(404);
    expect((await get('starling://app/', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('starling://app/assets/app.js', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['Content-Length']).toBe('15');
    expect(text(response)).toBe('');
  });
});

describe('registerAppProtocol', () => {
  it('hands protocol.handle a handler that answers with a Response', async () => {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    const protocol = {
      handle: vi.fn((scheme: string, given: (request: Request) => Promise<Response>) => {
        expect(scheme).toBe('starling');
        handler = given;
      }),
    };
    registerAppProtocol(protocol as unknown as Pick<Protocol, 'handle'>, renderer);
    const response = await handler!(new Request('starling://app/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await response.text()).toBe('console.log(1);');
  });
});
