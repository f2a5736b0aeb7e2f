import { describe, expect, it } from 'vitest';

import { toHex } from '../bytes';
import { encodeBt, type BtValue } from './bencode';
import { makeConfigSet, setWith, setWithout } from './configData';
import { ConfigMessage } from './configMessage';
import { mergeConfigMessages, mergeSerializedMessages } from './configMerge';
import type { ConfigDict, ConfigSet, ConfigValue } from './configValue';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const show = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

function dict(entries: Record<string, ConfigValue>): ConfigDict {
  return new Map(Object.entries(entries));
}

/** One device's next message on top of `from` (as it would push it), reparsed as a receiver sees it. */
function editOn(from: ConfigMessage, change: (data: ConfigDict) => void): ConfigMessage {
  const next = from.increment();
  const data = new Map(from.data);
  change(data);
  next.replaceData(data);
  return ConfigMessage.parse(next.serialize());
}

function base(entries: Record<string, ConfigValue>): ConfigMessage {
  return editOn(ConfigMessage.empty(), (data) => {
    for (const [key, value] of Object.entries(entries)) data.set(key, value);
  });
}

function merged(messages: readonly ConfigMessage[]): ConfigMessage {
  const outcome = mergeConfigMessages(messages);
  if (outcome.kind !== 'merged') throw new Error(`expected a merge, got ${outcome.kind}`);
  return outcome.message;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('config merge §3', () => {
  it('merges two concurrent edits from a common base into the same bytes in either order', () => {
    const start = base({ name: text('Alice'), age: 30n });
    const first = editOn(start, (data) => data.set('name', text('Alicia')));
    const second = editOn(start, (data) => data.set('colour', text('blue')));
    const one = merged([first, second]);
    const other = merged([second, first]);
    expect(toHex(one.serialize())).toBe(toHex(other.serialize()));
    expect(one.seqno).toBe(3);
    expect(show(encodeBt(one.data))).toBe('d3:agei30e6:colour4:blue4:name6:Aliciae');
    expect(show(encodeBt(one.diff))).toBe('de');
    expect(one.lags.map((lag) => lag.seqno)).toEqual([0, 1, 2, 2]);
    // The serialized lags are the window 3−4 < s < 3.
    expect(ConfigMessage.parse(one.serialize()).lags.map((lag) => lag.seqno)).toEqual([0, 1, 2, 2]);
  });

  it('converges for three devices in every input order; the higher hash wins a same-key race', () => {
    const start = base({ topic: text('start') });
    const devices = ['one', 'two', 'three'].map((name) =>
      editOn(start, (data) => {
        data.set('topic', text(name));
        data.set(name, 1n);
      }),
    );
    const outputs = permutations(devices).map((order) => toHex(merged(order).serialize()));
    expect(new Set(outputs).size).toBe(1);
    const winner = [...devices].sort((left, right) => (toHex(left.hash) < toHex(right.hash) ? 1 : -1))[0]!;
    const result = merged(devices);
    expect(result.data.get('topic')).toEqual(winner.data.get('topic'));
    for (const name of ['one', 'two', 'three']) expect(result.data.get(name)).toBe(1n);
  });

  it('handles a delete-then-retype chain racing an edit inside the old dict', () => {
    const start = base({ thing: dict({ a: 1n }) });
    const deleted = editOn(start, (data) => data.delete('thing'));
    const retyped = editOn(deleted, (data) => data.set('thing', text('now a string')));
    const nested = editOn(start, (data) => data.set('thing', dict({ a: 1n, b: 2n })));
    for (const order of permutations([retyped, nested])) {
      const result = merged(order);
      expect(result.seqno).toBe(4);
      expect(result.data.get('thing')).toEqual(text('now a string'));
    }
  });

  it('merges set additions and removals from racing devices', () => {
    const start = base({ tags: makeConfigSet([1n, 2n, text('x')]) });
    const adder = editOn(start, (data) =>
      data.set('tags', setWith(data.get('tags') as ConfigSet, 3n, text('y'))),
    );
    const remover = editOn(start, (data) => data.set('tags', setWithout(data.get('tags') as ConfigSet, 1n)));
    for (const order of permutations([adder, remover])) {
      expect(show(encodeBt(merged(order).data))).toBe('d4:tagsli2ei3e1:x1:yee');
    }
  });

  it('drops messages five or more seqnos behind the newest', () => {
    let chain = base({ n: 1n });
    const other = editOn(ConfigMessage.empty(), (data) => data.set('other', 1n));
    for (let step = 0; step < 5; step += 1) chain = editOn(chain, (data) => data.set('n', BigInt(step)));
    expect(chain.seqno).toBe(6);
    const outcome = mergeConfigMessages([other, chain]);
    expect(outcome.kind).toBe('single');
    expect(outcome.kind === 'single' && outcome.index).toBe(1);
    // Four behind still merges.
    const close = editOn(ConfigMessage.empty(), (data) => data.set('other', 2n));
    const recent = editOn(
      editOn(
        editOn(close, () => undefined),
        () => undefined,
      ),
      () => undefined,
    );
    expect(
      mergeConfigMessages([recent, editOn(ConfigMessage.empty(), (data) => data.set('z', 1n))]).kind,
    ).toBe('merged');
  });

  it('treats lagged and duplicate messages as redundant', () => {
    const start = base({ a: 1n });
    const next = editOn(start, (data) => data.set('a', 2n));
    const lagged = mergeConfigMessages([start, next, next]);
    expect(lagged.kind === 'single' && lagged.index).toBe(1);
  });

  it('skips unparseable inputs and reports which parsed', () => {
    const start = base({ a: 1n });
    const first = editOn(start, (data) => data.set('b', 1n));
    const second = editOn(start, (data) => data.set('c', 1n));
    const result = mergeSerializedMessages([
      text('garbage'),
      first.serialize(),
      text('d1:#i1ee'),
      second.serialize(),
    ]);
    expect(result.messages.map((message) => message !== undefined)).toEqual([false, true, false, true]);
    expect(result.outcome?.kind).toBe('merged');
    if (result.outcome?.kind === 'merged') expect([...result.outcome.survivors].sort()).toEqual([1, 3]);
    expect(mergeSerializedMessages([text('nope')]).outcome).toBeUndefined();
  });

  it('takes the best message without merging in verify-only mode', () => {
    const start = base({ a: 1n });
    const first = editOn(start, (data) => data.set('b', 1n));
    const second = editOn(start, (data) => data.set('c', 1n));
    const outcome = mergeConfigMessages([first, second], { verify: () => true });
    const best = toHex(first.hash) > toHex(second.hash) ? 0 : 1;
    expect(outcome.kind === 'single' && outcome.index).toBe(best);
  });

  it("keeps a newer client's unknown keys through a merge and an edit", () => {
    const start = base({ a: 1n });
    const newer = ConfigMessage.parse(
      encodeBt(
        new Map<string, BtValue>([
          ['#', 2n],
          ['&', dict({ a: 1n, future: dict({ deep: makeConfigSet([text('q')]) }) })],
          ['*', text('newer field')],
          ['<', [[1n, start.hash, start.diff]]],
          ['=', new Map([['future', new Map([['deep', [[text('q')], []]]])]])],
          ['~~', 5n],
        ]),
      ),
    );
    const ours = editOn(start, (data) => data.set('mine', 1n));
    const result = merged([ours, newer]);
    expect(result.unknown.get('*')).toEqual(text('newer field'));
    expect(result.unknown.get('~~')).toBe(5n);
    expect(show(encodeBt(result.data))).toBe('d1:ai1e6:futured4:deepl1:qee4:minei1ee');
    const edited = editOn(result, (data) => data.set('a', 2n));
    expect(show(edited.serialize())).toMatch(
      /^d1:#i4e1:&d1:ai2e6:futured4:deepl1:qee4:minei1ee1:\*11:newer field1:</,
    );
    expect(show(edited.serialize())).toMatch(/1:=d1:a0:e2:~~i5ee$/);
  });
});
