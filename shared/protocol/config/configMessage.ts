// The config message (protocol-config-groups.md §2): `d 1:# seqno 1:& data 1:< lags 1:= diff
// [1:~ sig] e`, its hash (BLAKE2b-256 of the exact bytes) and the increment of §2.2.
import { blake2b } from '@noble/hashes/blake2.js';

import { compareBytes } from './byteOrder';
import { BtReader, BtWriter, isBtDict, isBtList, type BtValue } from './bencode';
import {
  configDictFromBt,
  copyConfigDict,
  diffConfigData,
  pruneConfigDict,
  type ConfigDiff,
} from './configData';
import { ConfigFormatError } from './configFormatError';
import type { ConfigDict } from './configValue';

/** `DEFAULT_DIFF_LAGS` (§2): message N carries the diffs of N−4…N−1. */
export const lagWindow = 5;
export const hashLength = 32;
export const signatureLength = 64;

export type ConfigVerify = (signed: Uint8Array, signature: Uint8Array) => boolean;
export type ConfigSign = (signed: Uint8Array) => Uint8Array;

/** One entry of `<`: the diff that message (seqno, hash) carried in its `=`. */
export interface ConfigLag {
  readonly seqno: number;
  readonly hash: Uint8Array;
  readonly diff: ConfigDiff;
}

/** (seqno, hash) order: seqno first, then hash bytes (§3 "Ties"). */
export function compareSeqnoHash(
  left: { readonly seqno: number; readonly hash: Uint8Array },
  right: { readonly seqno: number; readonly hash: Uint8Array },
): number {
  return left.seqno - right.seqno || compareBytes(left.hash, right.hash);
}

/** A string key for (seqno, hash), for maps and sets of lag identities. */
export function lagIdentity(seqno: number, hash: Uint8Array): string {
  let key = `${seqno}:`;
  for (const byte of hash) key += String.fromCharCode(byte);
  return key;
}

export function configHash(bytes: Uint8Array): Uint8Array {
  return blake2b(bytes, { dkLen: hashLength });
}

const keySeqno = '#';
const keyData = '&';
const keyLags = '<';
const keyDiff = '=';
const keySignature = '~';

interface MessageParts {
  readonly seqno: number;
  readonly data: ConfigDict;
  readonly lags: readonly ConfigLag[];
  readonly unknown: ReadonlyMap<string, BtValue>;
  /** The `=` of a received message; absent for a local message, whose diff is computed. */
  readonly diff?: ConfigDiff;
  /** Local messages: the data their diff is computed against (§2.2 step 4). */
  readonly baseData?: ConfigDict;
  readonly sign?: ConfigSign;
  /** Received messages: the exact bytes, whose hash is the message hash. */
  readonly received?: Uint8Array;
}

export class ConfigMessage {
  readonly seqno: number;
  /** Ascending by (seqno, hash); may hold entries outside the window, serialization drops them. */
  readonly lags: readonly ConfigLag[];
  /** Top-level keys this code does not know (§2 "Unknown keys"), re-emitted in sorted position. */
  readonly unknown: ReadonlyMap<string, BtValue>;
  private currentData: ConfigDict;
  private readonly receivedDiff: ConfigDiff | undefined;
  private readonly baseData: ConfigDict | undefined;
  private readonly sign: ConfigSign | undefined;
  private cachedBytes: Uint8Array | undefined;
  private cachedHash: Uint8Array | undefined;

  private constructor(parts: MessageParts) {
    this.seqno = parts.seqno;
    this.currentData = parts.data;
    this.lags = parts.lags;
    this.unknown = parts.unknown;
    this.receivedDiff = parts.diff;
    this.baseData = parts.baseData;
    this.sign = parts.sign;
    this.cachedBytes = parts.received;
  }

  /** The implicit seqno-0 message every config starts from; never signed (§2 "Hash"). */
  static empty(): ConfigMessage {
    return new ConfigMessage({ seqno: 0, data: new Map(), lags: [], unknown: new Map(), diff: new Map() });
  }

  /** Builds a local message; its `=` is computed against `baseData` (or empty when absent). */
  static local(parts: {
    readonly seqno: number;
    readonly data: ConfigDict;
    readonly lags: readonly ConfigLag[];
    readonly unknown: ReadonlyMap<string, BtValue>;
    readonly baseData?: ConfigDict;
    readonly sign?: ConfigSign;
  }): ConfigMessage {
    return new ConfigMessage({ ...parts, baseData: parts.baseData ?? parts.data });
  }

  /**
   * Parses a received message (§2). With `verify`, a missing or bad signature is an error. Lags at
   * or below seqno − 5 are dropped; a lag at or above seqno is an error.
   */
  static parse(bytes: Uint8Array, verify?: ConfigVerify): ConfigMessage {
    const reader = new BtReader(bytes);
    reader.enterDict();
    if (reader.peek() !== 'bytes' || reader.readKey() !== keySeqno) {
      throw new ConfigFormatError('the first key of a config message must be "#"');
    }
    if (reader.peek() !== 'integer') throw new ConfigFormatError('"#" is not an integer');
    const seqnoValue = reader.readInteger();
    if (seqnoValue < 0n || seqnoValue > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ConfigFormatError('seqno out of range');
    }
    const seqno = Number(seqnoValue);
    let data: ConfigDict | undefined;
    let lags: ConfigLag[] = [];
    let diff: ConfigDiff = new Map();
    const unknown = new Map<string, BtValue>();
    let signature: Uint8Array | undefined;
    let signedEnd: number;
    let previousKey = keySeqno;
    for (;;) {
      const keyStart = reader.position;
      if (reader.tryLeave()) {
        signedEnd = keyStart;
        break;
      }
      if (reader.peek() !== 'bytes') throw reader.fail('dict key is not a string');
      const key = reader.readKey();
      if (key <= previousKey) throw reader.fail('top-level keys not strictly ascending', keyStart);
      previousKey = key;
      if (key === keyData) {
        data = configDictFromBt(reader.readValue(1));
      } else if (key === keyLags) {
        lags = parseLags(reader.readValue(1), seqno);
      } else if (key === keyDiff) {
        const value = reader.readValue(1);
        if (!isBtDict(value)) throw new ConfigFormatError('"=" is not a dict');
        diff = value;
      } else if (key === keySignature) {
        if (reader.peek() !== 'bytes') throw new ConfigFormatError('"~" is not a string');
        signature = reader.readBytes();
        if (signature.length !== signatureLength) throw new ConfigFormatError('"~" is not 64 bytes');
        signedEnd = keyStart;
        if (!reader.tryLeave()) throw new ConfigFormatError('no key may follow "~"');
        break;
      } else {
        unknown.set(key, reader.readValue(1));
      }
    }
    if (!reader.atEnd) throw reader.fail('trailing bytes after the message');
    if (data === undefined) throw new ConfigFormatError('the message has no "&"');
    if (verify !== undefined) {
      if (signature === undefined) throw new ConfigFormatError('the message is not signed');
      if (!verify(bytes.subarray(0, signedEnd), signature)) {
        throw new ConfigFormatError('the signature does not verify');
      }
    }
    return new ConfigMessage({ seqno, data, lags, unknown, diff, received: bytes.slice() });
  }

  get data(): ConfigDict {
    return this.currentData;
  }

  /** This message's own `=`: as received, or old data vs current data for a local message. */
  get diff(): ConfigDiff {
    if (this.baseData !== undefined) {
      return diffConfigData(pruneConfigDict(this.baseData), pruneConfigDict(this.currentData));
    }
    return this.receivedDiff ?? new Map();
  }

  /** Whether this is a local message whose data may still change before it is pushed. */
  get isEditable(): boolean {
    return this.baseData !== undefined;
  }

  /** Replaces the data of a local message (edits before a push, §2.2). */
  replaceData(data: ConfigDict): void {
    if (this.baseData === undefined) throw new ConfigFormatError('a received message is not edited');
    this.currentData = data;
    this.cachedBytes = undefined;
    this.cachedHash = undefined;
  }

  /** The message bytes: exactly as received, or serialized (and signed when a signer is set). */
  serialize(): Uint8Array {
    this.cachedBytes ??= this.write(true);
    return this.cachedBytes;
  }

  /** The bytes without a signature, for dumps (§3 "Dump format"). */
  serializeUnsigned(): Uint8Array {
    return this.write(false);
  }

  get hash(): Uint8Array {
    this.cachedHash ??= configHash(this.serialize());
    return this.cachedHash;
  }

  /**
   * §2.2: the next message: seqno + 1, the same data, unknowns and lags (without those that leave
   * the window), plus this message's own diff as a lag. Its diff is computed against this data.
   */
  increment(sign?: ConfigSign): ConfigMessage {
    const seqno = this.seqno + 1;
    const own: ConfigLag = { seqno: this.seqno, hash: this.hash, diff: this.diff };
    const lags = [...this.lags.filter((lag) => lag.seqno > seqno - lagWindow), own].sort(compareSeqnoHash);
    const data = pruneConfigDict(this.currentData);
    return ConfigMessage.local({
      seqno,
      data,
      lags,
      unknown: new Map(this.unknown),
      baseData: copyConfigDict(data),
      sign,
    });
  }

  /**
   * The same message, serialized again and signed with `sign`: a dump holds messages unsigned
   * (§3 "Dump format"), so a group config reloaded mid-push signs its message again.
   */
  resigned(sign: ConfigSign): ConfigMessage {
    return new ConfigMessage({
      seqno: this.seqno,
      data: this.currentData,
      lags: this.lags,
      unknown: this.unknown,
      diff: this.diff,
      sign,
    });
  }

  private write(withSignature: boolean): Uint8Array {
    const writer = new BtWriter();
    writer.startDict().key(keySeqno).integer(BigInt(this.seqno));
    const known: Array<[string, () => void]> = [
      [keyData, () => writer.value(pruneConfigDict(this.currentData))],
      [keyLags, () => this.writeLags(writer)],
      [keyDiff, () => writer.value(this.diff)],
    ];
    const unknown: Array<[string, () => void]> = [...this.unknown].map(([key, value]) => [
      key,
      () => writer.value(value),
    ]);
    for (const [key, emit] of [...known, ...unknown].sort(([left], [right]) => (left < right ? -1 : 1))) {
      writer.key(key);
      emit();
    }
    const signed = writer.finish();
    if (!withSignature || this.sign === undefined) return new BtWriter().raw(signed).end().finish();
    const signature = this.sign(signed);
    if (signature.length !== signatureLength) throw new ConfigFormatError('a signature is 64 bytes');
    return new BtWriter().raw(signed).key(keySignature).bytes(signature).end().finish();
  }

  private writeLags(writer: BtWriter): void {
    writer.startList();
    for (const lag of this.lags) {
      if (lag.seqno <= this.seqno - lagWindow || lag.seqno >= this.seqno) continue;
      writer.startList().integer(BigInt(lag.seqno)).bytes(lag.hash).value(lag.diff).end();
    }
    writer.end();
  }
}

function parseLags(value: BtValue, seqno: number): ConfigLag[] {
  if (!isBtList(value)) throw new ConfigFormatError('"<" is not a list');
  const lags: ConfigLag[] = [];
  let previous: ConfigLag | undefined;
  for (const entry of value) {
    if (!isBtList(entry) || entry.length !== 3)
      throw new ConfigFormatError('a lag entry is not [seqno, hash, diff]');
    const [lagSeqno, hash, diff] = entry;
    if (typeof lagSeqno !== 'bigint' || !(hash instanceof Uint8Array) || !isBtDict(diff)) {
      throw new ConfigFormatError('a lag entry is not [seqno, hash, diff]');
    }
    if (hash.length !== hashLength) throw new ConfigFormatError('a lag hash is not 32 bytes');
    if (lagSeqno >= BigInt(seqno)) throw new ConfigFormatError('a lag is not older than its message');
    if (lagSeqno < 0n) throw new ConfigFormatError('a lag seqno is negative');
    const lag: ConfigLag = { seqno: Number(lagSeqno), hash, diff };
    if (previous !== undefined && compareSeqnoHash(previous, lag) >= 0) {
      throw new ConfigFormatError('lags not strictly ascending');
    }
    previous = lag;
    if (lag.seqno > seqno - lagWindow) lags.push(lag);
  }
  return lags;
}
