// The examples of libsession's docs/config-merge-logic.md ("Ordinary update", "Large, but still
// ordinary, update", "Simple conflict resolution" and the 127 merge-plus-edit), rebuilt from their
// data. Their hashes depend on the real bytes, so the tests check data, diffs and lag seqnos.
import { describe, expect, it } from 'vitest';

import { encodeBt } from './bencode';
import { makeConfigSet, setWith } from './configData';
import { ConfigMessage } from './configMessage';
import { mergeConfigMessages } from './configMerge';
import type { ConfigDict, ConfigSet, ConfigValue } from './configValue';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const show = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

function dict(entries: Record<string, ConfigValue>): ConfigDict {
  return new Map(Object.entries(entries));
}

function edited(from: ConfigMessage, data: ConfigDict): ConfigMessage {
  const next = from.increment();
  next.replaceData(data);
  return ConfigMessage.parse(next.serialize());
}

const data122 = (): ConfigDict =>
  dict({
    dictB: dict({ changed: -1n, foo: 123n, removed: text('x'), removed2: text('y') }),
    dictC: dict({ x: dict({ y: 1n }) }),
    good: makeConfigSet([99n, 456n, text('bar')]),
    great: makeConfigSet([-42n, text('omg')]),
    int0: -9999n,
    int1: 100n,
    string1: text('hello'),
    string2: text('goodbye'),
  });

function history(): { m123: ConfigMessage; m124: ConfigMessage } {
  const m122 = ConfigMessage.parse(
    ConfigMessage.local({
      seqno: 122,
      data: data122(),
      lags: [],
      unknown: new Map(),
      baseData: new Map(),
    }).serialize(),
  );
  const d123 = data122();
  d123.delete('int0');
  d123.set('int1', 1n);
  d123.set('int2', 2n);
  const m123 = edited(m122, d123);
  const m124 = edited(
    m123,
    dict({
      dictA: dict({ hello: 123n, goodbye: makeConfigSet([123n, 456n]) }),
      dictB: dict({ added: 9999n, changed: 1n, foo: 123n, nested: dict({ a: 1n }) }),
      good: makeConfigSet([99n, 123n, text('Foo'), text('bar')]),
      int1: 42n,
      int2: 2n,
      string2: text('hello'),
      string3: text('omg'),
    }),
  );
  return { m123, m124 };
}

describe('merge-doc examples', () => {
  it('ordinary update: removed, changed and added scalars', () => {
    const { m123 } = history();
    expect(show(encodeBt(m123.diff))).toBe('d4:int01:-4:int10:4:int20:e');
    expect(m123.lags.map((lag) => lag.seqno)).toEqual([122]);
  });

  it('large update: nested dicts, emptied dicts, set changes and an emptied set', () => {
    const { m124 } = history();
    expect(show(encodeBt(m124.diff))).toBe(
      // A new set is diffed as all-added (§2.1); the doc's informal example writes "".
      'd5:dictAd7:goodbyelli123ei456eelee5:hello0:e5:dictBd5:added0:7:changed0:6:nestedd1:a0:e7:removed1:-8:removed21:-e' +
        '5:dictCd1:xd1:y1:-ee4:goodlli123e3:Fooeli456eee5:greatlleli-42e3:omgee4:int10:7:string11:-7:string20:7:string30:e',
    );
  });

  it('simple conflict resolution and the 127 merge with a local edit', () => {
    const { m124 } = history();
    const a = edited(m124, new Map([...m124.data, ['int1', 5n]]));
    const withoutFoo = new Map(m124.data.get('dictB') as ConfigDict);
    withoutFoo.delete('foo');
    const b = edited(m124, new Map([...m124.data, ['dictB', withoutFoo]]));
    const outcome = mergeConfigMessages([a, b]);
    expect(outcome.kind).toBe('merged');
    const m126 = ConfigMessage.parse(outcome.message.serialize());
    expect(m126.seqno).toBe(126);
    const expected126 =
      'd5:dictAd7:goodbyeli123ei456ee5:helloi123ee5:dictBd5:addedi9999e7:changedi1e6:nestedd1:ai1eee' +
      '4:goodli99ei123e3:Foo3:bare4:int1i5e4:int2i2e7:string25:hello7:string33:omge';
    expect(show(encodeBt(m126.data))).toBe(expected126);
    expect(m126.lags.map((lag) => lag.seqno)).toEqual([122, 123, 124, 125, 125]);
    expect(show(encodeBt(m126.diff))).toBe('de');

    // A competing 126 (here: 125a merged with a 125c that changes string3), then 127 merges both and
    // adds 789 to dictA.goodbye in the same message.
    const c = edited(m124, new Map([...m124.data, ['string3', text('wow')]]));
    const other = mergeConfigMessages([a, c]);
    if (other.kind !== 'merged') throw new Error('expected a merge');
    const m126b = ConfigMessage.parse(other.message.serialize());
    const final = mergeConfigMessages([m126, m126b]);
    if (final.kind !== 'merged') throw new Error('expected a merge');
    const m127 = final.message;
    const data = new Map(m127.data);
    const dictA = new Map(data.get('dictA') as ConfigDict);
    dictA.set('goodbye', setWith(dictA.get('goodbye') as ConfigSet, 789n));
    data.set('dictA', dictA);
    m127.replaceData(data);
    const parsed = ConfigMessage.parse(m127.serialize());
    expect(parsed.seqno).toBe(127);
    expect(show(encodeBt(parsed.diff))).toBe('d5:dictAd7:goodbyelli789eeleeee');
    expect(parsed.lags.map((lag) => lag.seqno)).toEqual([123, 124, 125, 125, 125, 126, 126]);
    const dictB = parsed.data.get('dictB') as ConfigDict;
    expect(dictB.has('foo')).toBe(false);
    expect(parsed.data.get('int1')).toBe(5n);
    const string3 = parsed.data.get('string3');
    expect(string3).toEqual(text('wow'));
  });
});
