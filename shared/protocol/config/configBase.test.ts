import { describe, expect, it } from 'vitest';

import { fromHex, toHex } from '../bytes';
import { loadSodium } from '../sodium';
import { encodeBt } from './bencode';
import { ConfigBase, type ConfigSigning } from './configBase';
import { ConfigFormatError } from './configFormatError';
import { ConfigMessage } from './configMessage';
import { keyFromText, type ConfigDict } from './configValue';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const show = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);
const emptyMessage = 'd1:#i0e1:&de1:<le1:=dee';

function pushAndConfirm(config: ConfigBase, hash: string): Uint8Array {
  const push = config.push();
  config.confirmPushed(push.seqno, hash);
  return push.plaintext;
}

describe('ConfigBase dumps §8.5', () => {
  it('dumps the empty config after push and after confirm', () => {
    const config = ConfigBase.empty();
    expect(config.state).toBe('clean');
    expect(config.needsPush()).toBe(false);
    const push = config.push();
    expect(push.seqno).toBe(0);
    expect(show(push.plaintext)).toBe(emptyMessage);
    expect(push.obsoleteHashes).toEqual([]);
    expect(config.state).toBe('waiting');
    expect(config.needsDump()).toBe(true);
    expect(show(config.dump())).toBe(`d1:!i2e1:$23:${emptyMessage}1:(le1:)le1:+dee`);
    expect(config.needsDump()).toBe(false);
    config.confirmPushed(0, 'fakehash1');
    expect(config.state).toBe('clean');
    expect(config.currentHashes).toEqual(['fakehash1']);
    expect(show(config.dump())).toBe(`d1:!i0e1:$23:${emptyMessage}1:(l9:fakehash1e1:)le1:+dee`);
  });

  it('loads the Jan 2025 form with a single hash string', () => {
    const waiting = ConfigBase.fromDump(text(`d1:!i2e1:$23:${emptyMessage}1:(0:1:)le1:+dee`));
    expect(waiting.state).toBe('waiting');
    expect(waiting.currentHashes).toEqual([]);
    const clean = ConfigBase.fromDump(text(`d1:!i0e1:$23:${emptyMessage}1:(9:fakehash11:)le1:+dee`));
    expect(clean.state).toBe('clean');
    expect(clean.currentHashes).toEqual(['fakehash1']);
    expect(show(clean.dump())).toBe(`d1:!i0e1:$23:${emptyMessage}1:(l9:fakehash1e1:)le1:+dee`);
  });

  it('rejects damaged dumps with a typed error', () => {
    const bad = [
      'garbage',
      'le',
      `d1:!i7e1:$23:${emptyMessage}e`,
      'd1:!i0ee',
      `d1:!i0e1:$23:${emptyMessage}1:(i5ee`,
      `d1:!i0e1:$23:${emptyMessage}1:(li5eee`,
      `d1:!i0e1:$6:d1:#i0e1:(le1:)lee`,
      `d1:!i0e1:$23:${emptyMessage}1:(le1:)le1:+i1ee`,
    ];
    for (const input of bad) expect(() => ConfigBase.fromDump(text(input)), input).toThrow(ConfigFormatError);
    const notText = new Uint8Array([...text(`d1:!i0e1:$23:${emptyMessage}1:(l1:`), 0xff, ...text('e1:)lee')]);
    expect(() => ConfigBase.fromDump(notText)).toThrow(ConfigFormatError);
  });
});

describe('ConfigBase state machine', () => {
  it('increments once per push cycle and reports superseded hashes', () => {
    const config = ConfigBase.empty();
    pushAndConfirm(config, 'hash0');
    expect(config.edit((data) => data.set('n', text('Joe')))).toBe(true);
    expect(config.state).toBe('dirty');
    expect(config.seqno).toBe(1);
    expect(config.currentHashes).toEqual([]);
    expect(config.edit((data) => data.set('p', 5n))).toBe(true);
    expect(config.seqno).toBe(1);
    expect(config.edit((data) => data.set('empty', new Map()))).toBe(false);
    expect(config.edit((data) => data.set('p', 5n))).toBe(false);
    const push = config.push();
    expect(push.seqno).toBe(1);
    expect(push.obsoleteHashes).toEqual(['hash0']);
    const parsed = ConfigMessage.parse(push.plaintext);
    expect(show(encodeBt(parsed.diff))).toBe('d1:n0:1:p0:e');
    expect(parsed.lags.map((lag) => toHex(lag.hash))).toEqual([toHex(ConfigMessage.empty().hash)]);
    config.confirmPushed(1, 'hash1');
    expect(config.state).toBe('clean');
    expect(config.needsPush()).toBe(false);
    expect(config.push().obsoleteHashes).toEqual([]);
  });

  it('edits while waiting make a new seqno; a stale confirm leaves it dirty', () => {
    const config = ConfigBase.empty();
    config.edit((data) => data.set('a', 1n));
    const first = config.push();
    expect(config.state).toBe('waiting');
    config.edit((data) => data.set('a', 2n));
    expect(config.state).toBe('dirty');
    expect(config.seqno).toBe(first.seqno + 1);
    config.confirmPushed(first.seqno, 'stored-first');
    expect(config.state).toBe('dirty');
    const second = config.push();
    expect(second.obsoleteHashes).toContain('stored-first');
    const lags = ConfigMessage.parse(second.plaintext).lags;
    expect(lags[lags.length - 1]?.seqno).toBe(first.seqno);
    config.confirmPushed(second.seqno, 'stored-second');
    expect(config.state).toBe('clean');
    expect(config.currentHashes).toEqual(['stored-second']);
  });

  it('reloads a dirty dump with an incremented seqno and the same data', () => {
    const config = ConfigBase.empty();
    config.edit((data) => data.set('a', 1n));
    const reloaded = ConfigBase.fromDump(config.dump());
    expect(reloaded.state).toBe('dirty');
    expect(reloaded.seqno).toBe(config.seqno + 1);
    expect(show(encodeBt(reloaded.data))).toBe(show(encodeBt(config.data)));
    expect(reloaded.edit((data) => data.set('b', 2n))).toBe(true);
    expect(reloaded.seqno).toBe(config.seqno + 1);
  });

  it('reloads a waiting dump and resumes the push', () => {
    const config = ConfigBase.empty();
    pushAndConfirm(config, 'hash0');
    config.edit((data) => data.set('a', 1n));
    const push = config.push();
    const reloaded = ConfigBase.fromDump(config.dump());
    expect(reloaded.state).toBe('waiting');
    const again = reloaded.push();
    expect(toHex(again.plaintext)).toBe(toHex(push.plaintext));
    expect(again.obsoleteHashes).toEqual(['hash0']);
    reloaded.confirmPushed(push.seqno, 'hash1');
    expect(reloaded.state).toBe('clean');
    expect(show(reloaded.dump())).toMatch(/1:\(l5:hash1e1:\)le/);
  });

  it('merges while dirty and converges two devices', () => {
    const alice = ConfigBase.empty();
    alice.edit((data) => data.set('a', 1n));
    const base = alice.push();
    alice.confirmPushed(base.seqno, 'base');
    const bob = ConfigBase.empty();
    expect(bob.merge([{ hash: 'base', plaintext: base.plaintext }])).toEqual(['base']);
    expect(bob.state).toBe('clean');
    expect(bob.currentHashes).toEqual(['base']);

    alice.edit((data) => data.set('x', 1n));
    const fromAlice = alice.push();
    alice.confirmPushed(fromAlice.seqno, 'alice2');
    bob.edit((data) => data.set('y', 2n));
    expect(bob.state).toBe('dirty');
    const accepted = bob.merge([
      { hash: 'alice2', plaintext: fromAlice.plaintext },
      { hash: 'junk', plaintext: text('not a config') },
      { hash: 'base', plaintext: base.plaintext },
    ]);
    expect(accepted).toEqual(['alice2', 'base']);
    expect(bob.state).toBe('dirty');
    expect(bob.seqno).toBe(3);
    expect(show(encodeBt(bob.data))).toBe('d1:ai1e1:xi1e1:yi2ee');
    const merged = bob.push();
    expect([...merged.obsoleteHashes].sort()).toEqual(['alice2', 'base']);
    bob.confirmPushed(merged.seqno, 'bob3');

    expect(alice.merge([{ hash: 'bob3', plaintext: merged.plaintext }])).toEqual(['bob3']);
    expect(alice.state).toBe('clean');
    expect(alice.seqno).toBe(3);
    expect(alice.currentHashes).toEqual(['bob3']);
    expect(show(encodeBt(alice.data))).toBe(show(encodeBt(bob.data)));
    alice.edit((data) => data.set('z', 3n));
    expect(alice.push().obsoleteHashes).toEqual(['alice2', 'bob3']);
  });

  it('keeps its own message when the received one is older', () => {
    const config = ConfigBase.empty();
    config.edit((data) => data.set('a', 1n));
    const first = config.push();
    config.confirmPushed(first.seqno, 'h1');
    config.edit((data) => data.set('a', 2n));
    const second = config.push();
    config.confirmPushed(second.seqno, 'h2');
    expect(config.merge([{ hash: 'h1-copy', plaintext: first.plaintext }])).toEqual(['h1-copy']);
    expect(config.state).toBe('clean');
    expect(config.data.get('a')).toBe(2n);
    expect(config.edit((data: ConfigDict) => data.set(keyFromText('b'), 1n))).toBe(true);
    expect(config.push().obsoleteHashes).toEqual(['h1-copy', 'h2']);
  });
});

describe('ConfigBase with signatures', () => {
  it('signs pushes, verifies merges and re-signs a reloaded waiting dump', async () => {
    const sodium = await loadSodium();
    const secretKey = fromHex(
      '79f530dbf3d81aecc04072933c1b3e3edc0b7d91f2dcc2f7756f2611886cca5f4384261cdd338f5820ca9cbbe3fc72ac8944ee60d3b795b797fbbf5597b09f17',
    );
    const verify = (signed: Uint8Array, signature: Uint8Array): boolean =>
      sodium.crypto_sign_verify_detached(signature, signed, secretKey.slice(32));
    const admin: ConfigSigning = { verify, sign: (signed) => sodium.crypto_sign_detached(signed, secretKey) };
    const member: ConfigSigning = { verify };

    const config = ConfigBase.empty(admin);
    config.edit((data) => data.set('n', text('tomatosauce')));
    const push = config.push();
    expect(() => ConfigMessage.parse(push.plaintext, verify)).not.toThrow();
    const reloaded = ConfigBase.fromDump(config.dump(), admin);
    expect(toHex(reloaded.push().plaintext)).toBe(toHex(push.plaintext));

    const reader = ConfigBase.empty(member);
    const unsigned = ConfigBase.empty();
    unsigned.edit((data) => data.set('n', text('forged')));
    expect(reader.merge([{ hash: 'forged', plaintext: unsigned.push().plaintext }])).toEqual([]);
    expect(reader.merge([{ hash: 'real', plaintext: push.plaintext }])).toEqual(['real']);
    expect(reader.data.get('n')).toEqual(text('tomatosauce'));
    expect(reader.state).toBe('clean');
  });
});

describe('ConfigBase convergence', () => {
  it('three devices editing from a common base push byte-identical merges in any order', () => {
    const origin = ConfigBase.empty();
    origin.edit((data) => data.set('shared', 1n));
    const base = origin.push();
    const devices = ['one', 'two', 'three'].map(() => {
      const device = ConfigBase.empty();
      device.merge([{ hash: 'base', plaintext: base.plaintext }]);
      return device;
    });
    const pushes = devices.map((device, index) => {
      device.edit((data) => {
        data.set(`device${index}`, BigInt(index));
        data.set('shared', BigInt(10 + index));
      });
      const push = device.push();
      device.confirmPushed(push.seqno, `hash${index}`);
      return { hash: `hash${index}`, plaintext: push.plaintext };
    });
    const merged = devices.map((device, index) => {
      const others = pushes.filter((_, other) => other !== index);
      device.merge(index % 2 === 0 ? others : [...others].reverse());
      expect(device.state).toBe('dirty');
      const push = device.push();
      expect([...push.obsoleteHashes].sort()).toEqual(['hash0', 'hash1', 'hash2']);
      return toHex(push.plaintext);
    });
    expect(new Set(merged).size).toBe(1);
    expect(devices.map((device) => device.seqno)).toEqual([3, 3, 3]);
  });

  it('does not mark a fetched copy of its own unconfirmed push obsolete', () => {
    const config = ConfigBase.empty();
    config.edit((data) => data.set('a', 1n));
    const push = config.push();
    expect(config.merge([{ hash: 'stored', plaintext: push.plaintext }])).toEqual(['stored']);
    expect(config.currentHashes).toEqual(['stored']);
    config.confirmPushed(push.seqno, 'stored');
    config.edit((data) => data.set('a', 2n));
    expect(config.push().obsoleteHashes).toEqual(['stored']);
  });
});

describe('ConfigBase and newer clients', () => {
  it("keeps a newer client's top-level and data keys through a merge, an edit and a dump", () => {
    const config = ConfigBase.empty();
    config.edit((data) => data.set('a', 1n));
    const first = config.push();
    config.confirmPushed(first.seqno, 'h1');
    const start = ConfigMessage.parse(first.plaintext);
    const newer = start.increment();
    newer.replaceData(new Map([...start.data, ['future', text('field')]]));
    const withUnknown = ConfigMessage.local({
      seqno: newer.seqno,
      data: newer.data,
      lags: newer.lags,
      unknown: new Map([['*', text('top-level')]]),
      baseData: start.data,
    });
    config.edit((data) => data.set('mine', 1n));
    config.merge([{ hash: 'newer', plaintext: withUnknown.serialize() }]);
    config.edit((data) => data.set('a', 2n));
    const reloaded = ConfigBase.fromDump(config.dump());
    const pushed = ConfigMessage.parse(reloaded.push().plaintext);
    expect(pushed.unknown.get('*')).toEqual(text('top-level'));
    expect(show(encodeBt(pushed.data))).toBe('d1:ai2e6:future5:field4:minei1ee');
  });
});
