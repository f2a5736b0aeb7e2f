import { describe, expect, it } from 'vitest';

import { decodeBt, encodeBt, type BtValue } from './bencode';
import {
  applyConfigDiff,
  compareScalars,
  configDictFromBt,
  configValuesEqual,
  copyConfigDict,
  diffConfigData,
  makeConfigSet,
  pruneConfigDict,
  setWith,
  setWithout,
} from './configData';
import { ConfigFormatError } from './configFormatError';
import type { ConfigDict, ConfigValue } from './configValue';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const show = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);
const parse = (input: string): ConfigDict => configDictFromBt(decodeBt(text(input)));

function dict(entries: Record<string, ConfigValue>): ConfigDict {
  return new Map(Object.entries(entries));
}

describe('config data §1', () => {
  it('orders set elements ints first, then bytes', () => {
    const set = makeConfigSet([text('foo'), 23n, text('Foo'), text('~'), text('!'), text('foo'), -5n]);
    expect(show(encodeBt(set))).toBe('li-5ei23e1:!3:Foo3:foo1:~e');
    expect(compareScalars(100n, text(''))).toBeLessThan(0);
    expect(setWithout(setWith(set, 0n), text('foo'), 23n)).toEqual([
      -5n,
      0n,
      text('!'),
      text('Foo'),
      text('~'),
    ]);
  });

  it('parses valid data and rejects the §1 strictness violations', () => {
    expect(show(encodeBt(parse('d1:ali1e1:xe1:bd1:ci-3eee')))).toBe('d1:ali1e1:xe1:bd1:ci-3eee');
    expect(parse('de').size).toBe(0);
    const bad = [
      'd1:alee', // empty set
      'd1:adee', // empty nested dict
      'd1:ali2ei1eee', // unsorted set
      'd1:ali1ei1eee', // duplicate set element
      'd1:al1:ai1eee', // string before int
      'd1:alli1eeee', // non-scalar in a set
      'd1:ali9223372036854775808eee', // outside int64
      'li1ee', // not a dict
    ];
    for (const input of bad) expect(() => parse(input), input).toThrow(ConfigFormatError);
    expect(parse('d1:ai-9223372036854775808ee').get('a')).toBe(-(1n << 63n));
  });

  it('prunes empty sets and dicts that become empty, recursively', () => {
    const data = dict({ a: dict({ b: dict({ c: [] }), d: [] }), e: 1n, f: new Map() });
    expect(show(encodeBt(pruneConfigDict(data)))).toBe('d1:ei1ee');
  });

  it('copies deeply and compares by value', () => {
    const original = dict({ a: dict({ b: text('x') }), s: makeConfigSet([1n]) });
    const copy = copyConfigDict(original);
    expect(configValuesEqual(original, copy)).toBe(true);
    (copy.get('a') as ConfigDict).set('b', text('y'));
    expect(configValuesEqual(original, copy)).toBe(false);
    expect(show((original.get('a') as ConfigDict).get('b') as Uint8Array)).toBe('x');
    expect(configValuesEqual(1n, text('1'))).toBe(false);
    expect(configValuesEqual(makeConfigSet([1n]), dict({}))).toBe(false);
  });
});

describe('config diffs §2.1', () => {
  it('marks assigned, removed, nested and set changes, and type changes as new values', () => {
    const previous = dict({
      keep: 1n,
      change: 1n,
      gone: text('x'),
      nested: dict({ a: 1n, b: 2n }),
      dropped: dict({ z: dict({ y: 1n }) }),
      tags: makeConfigSet([1n, text('a')]),
      emptied: makeConfigSet([5n]),
      retype: dict({ q: 1n }),
    });
    const next = dict({
      keep: 1n,
      change: 2n,
      nested: dict({ a: 1n, c: 3n }),
      tags: makeConfigSet([2n, text('a')]),
      retype: makeConfigSet([text('r')]),
      fresh: dict({ n: text('v') }),
    });
    expect(show(encodeBt(diffConfigData(previous, next)))).toBe(
      'd6:change0:7:droppedd1:zd1:y1:-ee7:emptiedlleli5eee5:freshd1:n0:e4:gone1:-' +
        '6:nestedd1:b1:-1:c0:e6:retypell1:relee4:tagslli2eeli1eeee',
    );
    expect(diffConfigData(next, next).size).toBe(0);
  });

  it('replays a diff from its source data, erasing keys the source lacks or retyped', () => {
    const source = dict({ a: 2n, n: dict({ x: text('new') }), s: makeConfigSet([1n, 3n]), t: text('now') });
    const data = dict({ a: 1n, n: dict({ y: 1n }), s: makeConfigSet([1n, 2n]), t: dict({ old: 1n }), u: 1n });
    const diff = decodeBt(
      text('d1:a0:1:nd1:x0:e1:slli3eeli2eee1:t0:1:u1:-1:v0:1:wd1:k0:e1:xlli1eelee1:yi7ee'),
    ) as ReadonlyMap<string, BtValue>;
    applyConfigDiff(data, diff, source);
    // v, w and x are absent from the source, so they are erased (here: never created); y is unknown.
    expect(show(encodeBt(data))).toBe('d1:ai2e1:nd1:x3:new1:yi1ee1:sli1ei3ee1:t3:nowe');
  });

  it('round-trips: applying the diff of old → new to old gives new', () => {
    const previous = dict({ a: 1n, d: dict({ x: 1n, y: dict({ z: 1n }) }), s: makeConfigSet([1n, 2n]) });
    const next = dict({ b: text('b'), d: dict({ x: 2n }), s: makeConfigSet([2n, 3n, text('q')]) });
    const data = copyConfigDict(previous);
    applyConfigDiff(data, diffConfigData(previous, next), next);
    expect(show(encodeBt(pruneConfigDict(data)))).toBe(show(encodeBt(next)));
  });
});
