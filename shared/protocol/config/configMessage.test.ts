import { describe, expect, it } from 'vitest';

import { fromHex, toHex } from '../bytes';
import { loadSodium } from '../sodium';
import { encodeBt, type BtValue } from './bencode';
import { makeConfigSet, setWith, setWithout } from './configData';
import { ConfigFormatError } from './configFormatError';
import { ConfigMessage } from './configMessage';
import type { ConfigDict, ConfigValue } from './configValue';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const show = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

function dict(entries: Record<string, ConfigValue>): ConfigDict {
  return new Map(Object.entries(entries));
}

/** §8.3 step 1: the seqno-10 message. */
function seqnoTen(): ConfigMessage {
  const data = dict({
    bar: dict({ '': makeConfigSet([42n, text('a'), text('b')]), asdf: 123n, xyz: text('abc') }),
    foo: 123n,
  });
  return ConfigMessage.local({ seqno: 10, data, lags: [], unknown: new Map(), baseData: new Map() });
}

const serialized10 =
  'd1:#i10e1:&d3:bard0:li42e1:a1:be4:asdfi123e3:xyz3:abce3:fooi123ee1:<le1:=d3:bard0:lli42e1:a1:belee4:asdf0:3:xyz0:e3:foo0:ee';

function edit(message: ConfigMessage, change: (data: ConfigDict) => void): void {
  const data = new Map(message.data);
  change(data);
  message.replaceData(data);
}

describe('config message §8.3', () => {
  it('hashes the empty seqno-0 message', () => {
    const empty = ConfigMessage.empty();
    expect(show(empty.serialize())).toBe('d1:#i0e1:&de1:<le1:=dee');
    expect(toHex(empty.hash)).toBe('ea173b57beca8af18c3519a7bbf69c3e7a05d1c049fa9558341d8ebb48b0c965');
  });

  it('serializes seqno 10 and every increment byte-exactly', () => {
    const m10 = seqnoTen();
    expect(show(m10.serialize())).toBe(serialized10);
    expect(toHex(m10.hash)).toBe('d65738bba88b0f3455cef20fe09a7b4b10f25f9db82be24a6ce1bd06da197526');

    const m11 = m10.increment();
    edit(m11, (data) => data.delete('foo'));
    expect(m11.seqno).toBe(11);
    expect(show(encodeBt(m11.diff))).toBe('d3:foo1:-e');
    expect(toHex(m11.hash)).toBe('5b30b4abf4cba71db25dbc0d977cc25df1d0a8a87cad7f561cdec2b8caf65f5e');

    const m12 = m11.increment();
    edit(m12, (data) => {
      data.set('foo', 123n);
      const bar = new Map(data.get('bar') as ConfigDict);
      bar.set('xyz', 42n);
      bar.set('a', 42n);
      bar.set('', setWithout(setWith(bar.get('') as readonly bigint[], text('c'), 99n), text('b')));
      data.set('bar', bar);
    });
    expect(show(encodeBt(m12.data))).toBe('d3:bard0:li42ei99e1:a1:ce1:ai42e4:asdfi123e3:xyzi42ee3:fooi123ee');
    expect(show(encodeBt(m12.diff))).toBe('d3:bard0:lli99e1:cel1:bee1:a0:3:xyz0:e3:foo0:e');
    expect(toHex(m12.hash)).toBe('027552203cf669070d3ecbeecfa65c65497d59aa4da490e0f68f8131ce081320');

    const m13 = m12.increment();
    expect(toHex(m13.hash)).toBe('b83871ea06587f9254cdf2b2af8daff19bd7fb550fb90d5f8f9f546464c08bc5');
    const m14 = m13.increment();
    expect(toHex(m14.hash)).toBe('c30e2cfa7ec93c64a1ab6420c9bccfb63da8e4c2940ed6509ffb64f3f0131860');
    expect(m14.lags.map((lag) => lag.seqno)).toEqual([10, 11, 12, 13]);
    const m15 = m14.increment();
    expect(toHex(m15.hash)).toBe('3234eb7da8cf4b79b9eec2a144247279d10f6f118184f82429a42c5996bea60c');
    expect(m15.lags.map((lag) => lag.seqno)).toEqual([11, 12, 13, 14]);
    expect(show(m15.serialize())).toMatch(/1:=dee$/);

    // Parsing reproduces the same message, bytes and hash.
    const parsed = ConfigMessage.parse(m15.serialize());
    expect(parsed.seqno).toBe(15);
    expect(toHex(parsed.hash)).toBe(toHex(m15.hash));
    expect(parsed.lags.map((lag) => toHex(lag.hash))).toEqual([m11, m12, m13, m14].map((m) => toHex(m.hash)));
  });

  it('drops lags that left the window on parse, and rejects lags at or above seqno', () => {
    const m10 = seqnoTen();
    const hash = m10.hash;
    const lagged = (seqno: number, lagSeqnos: number[]): Uint8Array => {
      const lags = lagSeqnos.map((lag) => [BigInt(lag), hash, new Map()] as BtValue);
      return encodeBt(
        new Map<string, BtValue>([
          ['#', BigInt(seqno)],
          ['&', new Map()],
          ['<', lags],
          ['=', new Map()],
        ]),
      );
    };
    expect(ConfigMessage.parse(lagged(12, [6, 7, 8, 11])).lags.map((lag) => lag.seqno)).toEqual([8, 11]);
    expect(() => ConfigMessage.parse(lagged(12, [12]))).toThrow(ConfigFormatError);
    expect(() => ConfigMessage.parse(lagged(12, [9, 8]))).toThrow(ConfigFormatError);
  });
});

describe('config message structure', () => {
  it('keeps unknown top-level keys and re-emits them in sorted position', () => {
    const input = text('d1:#i3e1:&d1:ai1ee1:*i7e1:<le1:=de1:}3:newe');
    const parsed = ConfigMessage.parse(input);
    expect([...parsed.unknown.keys()]).toEqual(['*', '}']);
    const next = parsed.increment();
    expect(show(next.serialize())).toMatch(/^d1:#i4e1:&d1:ai1ee1:\*i7e1:<l.*e1:=de1:}3:newe$/);
  });

  it('requires "#" first, "&" present, and nothing after "~"', () => {
    const bad = [
      'd1:!i1e1:#i3e1:&dee',
      'd1:&de1:#i3ee',
      'd1:#i3e1:<le1:=dee',
      'd1:#i-1e1:&dee',
      'd1:#3:abc1:&dee',
      'd1:#i1e1:&de1:&dee',
      'd1:#i1e1:&d1:ad1:bdeeee',
      'd1:#i1e1:&d1:aleee',
      'd1:#i1e1:&d1:ali2ei1eeee',
      'd1:#i1e1:&de1:=le',
      'd1:#i1e1:&dee5:extra',
      'd1:#i1e1:&de',
    ];
    for (const input of bad) expect(() => ConfigMessage.parse(text(input)), input).toThrow(ConfigFormatError);
    const afterSignature = `d1:#i1e1:&de1:~64:${'x'.repeat(64)}1:\x7fi1ee`;
    expect(() =>
      ConfigMessage.parse(new Uint8Array([...afterSignature].map((c) => c.charCodeAt(0)))),
    ).toThrow(ConfigFormatError);
  });

  it('rejects hostile nesting with a typed error', () => {
    const deep = text(`d1:#i1e1:&d1:a${'l'.repeat(5000)}${'e'.repeat(5000)}ee`);
    expect(() => ConfigMessage.parse(deep)).toThrow(ConfigFormatError);
  });
});

describe('config message signature §8.4', () => {
  it('signs, verifies and rejects a flipped byte', async () => {
    const sodium = await loadSodium();
    const secretKey = fromHex(
      '79f530dbf3d81aecc04072933c1b3e3edc0b7d91f2dcc2f7756f2611886cca5f4384261cdd338f5820ca9cbbe3fc72ac8944ee60d3b795b797fbbf5597b09f17',
    );
    const publicKey = secretKey.slice(32);
    const sign = (signed: Uint8Array): Uint8Array => sodium.crypto_sign_detached(signed, secretKey);
    const verify = (signed: Uint8Array, signature: Uint8Array): boolean =>
      sodium.crypto_sign_verify_detached(signature, signed, publicKey);

    const unsigned = seqnoTen();
    const signed = ConfigMessage.local({
      seqno: 10,
      data: unsigned.data,
      lags: [],
      unknown: new Map(),
      baseData: new Map(),
      sign,
    });
    const bytes = signed.serialize();
    const signature = bytes.slice(bytes.length - 65, bytes.length - 1);
    expect(toHex(signature)).toBe(
      '77267f4de7701ae348eba0ef73175281512ba3f1051cfed22dc3e31b9c6993302938863e09bc8b33638161071bd8dc397d5c1d3f674120d08fbb9c64dde2e907',
    );
    expect(show(bytes.subarray(0, bytes.length - 71))).toBe(serialized10.slice(0, -1));
    expect(toHex(signed.hash)).toBe('4abf5ced953abae3d3a815bfab200755dd565d7d173411f85e2b98d2d9ed2821');
    expect(show(signed.serializeUnsigned())).toBe(serialized10);

    const parsed = ConfigMessage.parse(bytes, verify);
    expect(toHex(parsed.hash)).toBe(toHex(signed.hash));
    const damaged = bytes.slice();
    expect(damaged[damaged.length - 2]).toBe(0x07);
    damaged[damaged.length - 2] = 0x17;
    expect(() => ConfigMessage.parse(damaged, verify)).toThrow(/signature/);
    expect(() => ConfigMessage.parse(text(serialized10), verify)).toThrow(/not signed/);
    expect(ConfigMessage.parse(damaged).seqno).toBe(10);
  });
});
