import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Encode } from '../bytes';
import { encodeV4Reply, encodeV4Request, parseV4Reply, parseV4Request } from './v4Payload';

// protocol-network.md §5.4, the v4 example.
const exampleRequest = 'l79:{"method":"GET","endpoint":"/room/some-room","headers":{"Some-Header":"12345"}}e';
const exampleReply = 'l58:{"code":200,"headers":{"content-type":"application/json"}}11:{"id": 123}e';

describe('v4 payloads', () => {
  it('encode and parse the example request', () => {
    const request = { method: 'GET', endpoint: '/room/some-room', headers: { 'Some-Header': '12345' } };
    expect(utf8Decode(encodeV4Request(request))).toBe(exampleRequest);
    expect(parseV4Request(utf8Encode(exampleRequest))).toEqual({ ...request, body: undefined });
  });

  it('encode and parse the example reply', () => {
    const reply = parseV4Reply(utf8Encode(exampleReply));
    expect(reply.code).toBe(200);
    expect(reply.headers).toEqual({ 'content-type': 'application/json' });
    expect(utf8Decode(reply.body!)).toBe('{"id": 123}');
    expect(
      utf8Decode(
        encodeV4Reply({
          code: 200,
          headers: { 'Content-Type': 'application/json' },
          body: utf8Encode('{"id": 123}'),
        }),
      ),
    ).toBe(exampleReply);
  });

  it('carries binary bodies byte for byte', () => {
    const body = Uint8Array.from({ length: 300 }, (_, index) => index % 256);
    const payload = encodeV4Request({ method: 'POST', endpoint: '/file', body });
    expect(utf8Decode(payload.slice(0, 40))).toBe('l36:{"method":"POST","endpoint":"/file"}');
    const parsed = parseV4Request(payload);
    expect(parsed.body).toEqual(body);
    expect(parsed.headers).toEqual({});
    expect(parseV4Reply(encodeV4Reply({ code: 204, headers: {}, body: new Uint8Array(0) })).body).toEqual(
      new Uint8Array(0),
    );
  });

  it('refuses malformed payloads', () => {
    const malformed = [
      '',
      'd3:abce',
      'l79:{"method":"GET"}e',
      'l2:{}',
      'l02:{}e',
      'l:{}e',
      'l2:{}e ',
      'le',
      'l2:{}0:0:e',
      'l2:[]e',
      'l4:nulle',
      'l3:{x}e',
    ];
    for (const text of malformed) {
      expect(() => parseV4Request(utf8Encode(text)), text).toThrow(
        expect.objectContaining({ code: 'invalidV4Payload' }),
      );
    }
    expect(() => parseV4Request(utf8Encode('l2:{}e'))).toThrow(/no method or endpoint/u);
    expect(() => parseV4Reply(utf8Encode('l12:{"code":"x"}e'))).toThrow(/no status code/u);
    expect(() => parseV4Reply(utf8Encode('l25:{"code":200,"headers":[]}e'))).toThrow(/headers/u);
  });
});
