// The ConfigBase state machine (protocol-config-groups.md §3 "ConfigBase state machine" and "Dump
// format") over plaintext config messages: edits, merges of received messages, pushes, confirmations
// and dumps. Encryption and wrapping happen around it, elsewhere.
import { BtWriter, decodeBt, isBtDict, isBtList, type BtValue } from './bencode';
import { configValuesEqual, copyConfigDict, pruneConfigDict } from './configData';
import { ConfigFormatError, isConfigFormatError } from './configFormatError';
import { ConfigReadOnlyError } from './configReadOnlyError';
import { mergeConfigMessages } from './configMerge';
import { ConfigMessage } from './configMessage';
import type { ConfigDict } from './configValue';
import { bytesEqual, utf8Decode, utf8Encode } from '../bytes';

export type ConfigState = 'clean' | 'dirty' | 'waiting';

/** A config message as fetched from the swarm, already decrypted: `hash` is the storage hash. */
export interface ReceivedConfig {
  readonly hash: string;
  readonly plaintext: Uint8Array;
}

export interface ConfigPush {
  readonly seqno: number;
  /** The serialized message to encrypt and store. */
  readonly plaintext: Uint8Array;
  /** Storage hashes to delete in the same sequence. */
  readonly obsoleteHashes: readonly string[];
}

export interface ConfigSigning {
  verify?(signed: Uint8Array, signature: Uint8Array): boolean;
  sign?(signed: Uint8Array): Uint8Array;
}

/** The dump's state numbers are libsession's (`Clean` 0, `Dirty` 1, `Waiting` 2). */
const stateNumbers: Readonly<Record<ConfigState, bigint>> = { clean: 0n, dirty: 1n, waiting: 2n };

const dumpState = '!';
const dumpMessage = '$';
const dumpCurrentHashes = '(';
const dumpOldHashes = ')';
const dumpExtra = '+';

export class ConfigBase {
  private message: ConfigMessage;
  private currentState: ConfigState;
  private hashes: string[];
  /** Storage hashes this config superseded, to delete on the next push (§3). Insertion-ordered. */
  private readonly oldHashes: Set<string>;
  /** The dump's `+` dict (e.g. Members' pending sends); kept as it is for the typed layers. */
  private readonly extra: Map<string, BtValue>;
  private readonly signing: ConfigSigning;
  private dumpNeeded: boolean;
  /** The old hashes handed out by the last push; a confirmation of that push forgets them. */
  private pushedObsolete: readonly string[] = [];

  private constructor(parts: {
    message: ConfigMessage;
    state: ConfigState;
    hashes: string[];
    oldHashes: Iterable<string>;
    extra: Map<string, BtValue>;
    signing: ConfigSigning;
    dumpNeeded: boolean;
  }) {
    this.message = parts.message;
    this.currentState = parts.state;
    this.hashes = parts.hashes;
    this.oldHashes = new Set(parts.oldHashes);
    this.extra = parts.extra;
    this.signing = parts.signing;
    this.dumpNeeded = parts.dumpNeeded;
  }

  static empty(signing: ConfigSigning = {}): ConfigBase {
    return new ConfigBase({
      message: ConfigMessage.empty(),
      state: 'clean',
      hashes: [],
      oldHashes: [],
      extra: new Map(),
      signing,
      dumpNeeded: false,
    });
  }

  /**
   * Reloads a dump (§3 "Dump format"). `(` is accepted as the Jan 2025 string or the newer list; a
   * config dumped while dirty comes back with an incremented seqno, as libsession does.
   */
  static fromDump(dump: Uint8Array, signing: ConfigSigning = {}): ConfigBase {
    const value = decodeBt(dump);
    if (!isBtDict(value)) throw new ConfigFormatError('a config dump is not a dict');
    const stateValue = value.get(dumpState);
    const state = (Object.keys(stateNumbers) as ConfigState[]).find(
      (name) => stateNumbers[name] === stateValue,
    );
    if (state === undefined) throw new ConfigFormatError('the dump state is not 0, 1 or 2');
    const messageBytes = value.get(dumpMessage);
    if (!(messageBytes instanceof Uint8Array)) throw new ConfigFormatError('the dump has no message');
    // Dumps hold the message unsigned, so it is not verified here (§3 "Dump format"). The newer
    // multipart partials (`*`) are not read: multipart is not built yet.
    let message = ConfigMessage.parse(messageBytes);
    const hashes = hashList(value.get(dumpCurrentHashes), 'current hashes');
    const oldHashes = hashList(value.get(dumpOldHashes), 'old hashes');
    const extraValue = value.get(dumpExtra) ?? new Map<string, BtValue>();
    if (!isBtDict(extraValue)) throw new ConfigFormatError('the dump extra data is not a dict');
    // Signing again restores the stored bytes (Ed25519 is deterministic), so the hash that later
    // lags name is the one other devices know.
    if (signing.sign !== undefined) message = message.resigned(signing.sign);
    if (state === 'dirty') message = message.increment(signing.sign);
    return new ConfigBase({
      message,
      state,
      hashes,
      oldHashes,
      extra: new Map(extraValue),
      signing,
      dumpNeeded: false,
    });
  }

  /** Verifies but cannot sign: a group member's Info or Members (§3 step 4). */
  get isReadOnly(): boolean {
    return this.signing.verify !== undefined && this.signing.sign === undefined;
  }

  get state(): ConfigState {
    return this.currentState;
  }

  get seqno(): number {
    return this.message.seqno;
  }

  /** The current data; callers read it, and change it only through edit(). */
  get data(): ConfigDict {
    return this.message.data;
  }

  /** The storage hashes of the current message (several once multipart exists). */
  get currentHashes(): readonly string[] {
    return this.hashes;
  }

  /** The dump's extra-data dict (`+`), for config types that keep local bookkeeping there. */
  get extraData(): ReadonlyMap<string, BtValue> {
    return this.extra;
  }

  setExtraData(key: string, value: BtValue | undefined): void {
    if (value === undefined) this.extra.delete(key);
    else this.extra.set(key, value);
    this.dumpNeeded = true;
  }

  /**
   * Applies a change to a copy of the data; if the pruned data differs, the config becomes dirty
   * (seqno incremented once per push cycle, §2.2). Returns whether anything changed. A verify-only
   * config (a group member's, §3 step 4) throws a ConfigReadOnlyError before calling `change`.
   */
  edit(change: (data: ConfigDict) => void): boolean {
    if (this.isReadOnly) throw new ConfigReadOnlyError();
    const copy = copyConfigDict(this.message.data);
    change(copy);
    const next = pruneConfigDict(copy);
    if (configValuesEqual(pruneConfigDict(this.message.data), next)) return false;
    this.makeDirty();
    this.message.replaceData(next);
    this.dumpNeeded = true;
    return true;
  }

  /**
   * Merges received messages (§3); returns the storage hashes it accepted (parsed or already
   * known); unparseable ones are not returned. A real merge makes the config dirty.
   */
  merge(received: readonly ReceivedConfig[]): string[] {
    const known = new Set([...this.hashes, ...this.oldHashes]);
    const accepted: string[] = [];
    const incoming: Array<{ hash: string; message: ConfigMessage }> = [];
    for (const config of received) {
      if (known.has(config.hash)) {
        if (!accepted.includes(config.hash)) accepted.push(config.hash);
        continue;
      }
      try {
        incoming.push({
          hash: config.hash,
          message: ConfigMessage.parse(config.plaintext, this.signing.verify),
        });
        accepted.push(config.hash);
      } catch (error) {
        // §3: unparseable messages are left alone, as possible future formats.
        if (!isConfigFormatError(error)) throw error;
      }
    }
    if (incoming.length === 0) return accepted;

    // Our own message takes part when it is not the implicit empty one (§3 "Input").
    const includeOwn = this.message.seqno !== 0 || this.currentState === 'dirty';
    const candidates = [...(includeOwn ? [this.message] : []), ...incoming.map((entry) => entry.message)];
    const outcome = mergeConfigMessages(candidates, this.signing);
    const incomingHashes = incoming.map((entry) => entry.hash);
    if (outcome.kind === 'single') {
      const ownIndex = includeOwn ? 0 : -1;
      if (outcome.index === ownIndex) {
        // Copies of our own message (fetched before its push was confirmed) are not obsolete: they
        // are where our current message is stored.
        const own = this.message;
        for (const entry of incoming) {
          const isOwn = entry.message.seqno === own.seqno && bytesEqual(entry.message.hash, own.hash);
          if (!isOwn) this.retire([entry.hash]);
          else if (this.currentState !== 'dirty' && !this.hashes.includes(entry.hash))
            this.hashes.push(entry.hash);
        }
      } else {
        const winner = incoming[outcome.index - (includeOwn ? 1 : 0)]!;
        this.retire([...this.hashes, ...incomingHashes.filter((hash) => hash !== winner.hash)]);
        this.message = winner.message;
        this.hashes = [winner.hash];
        this.currentState = 'clean';
      }
    } else {
      this.retire([...this.hashes, ...incomingHashes]);
      this.message = outcome.message;
      this.hashes = [];
      this.currentState = 'dirty';
    }
    this.dumpNeeded = true;
    return accepted;
  }

  /** As libsession: anything not confirmed stored needs a push. */
  needsPush(): boolean {
    return this.currentState !== 'clean';
  }

  /**
   * Makes the config push again though its data did not change: a group's configs after a rekey,
   * re-encrypted with the new key (protocol-config-groups.md §6.2 step 8, libsession's
   * `replace_keys(…, dirty)`). Only a config that signs may; a member's is left as it is.
   */
  markDirty(): void {
    if (this.isReadOnly) return;
    this.makeDirty();
    this.dumpNeeded = true;
  }

  /**
   * The message to store and the hashes to delete with it. The config waits for confirmPushed();
   * a clean config pushed again waits too (§8.5: the empty config's dump after push is state 2).
   */
  push(): ConfigPush {
    const push: ConfigPush = {
      seqno: this.message.seqno,
      plaintext: this.message.serialize(),
      obsoleteHashes: [...this.oldHashes],
    };
    this.pushedObsolete = push.obsoleteHashes;
    if (this.currentState !== 'waiting') {
      this.currentState = 'waiting';
      this.dumpNeeded = true;
    }
    return push;
  }

  /**
   * The swarm stored message `seqno` under `hash`. Only a confirmation of the current seqno makes
   * the config clean; a stale one (edited since the push) leaves it dirty, and its stored message is
   * already superseded, so its hash is deleted with the next push.
   */
  confirmPushed(seqno: number, hash: string): void {
    if (this.currentState === 'waiting' && seqno === this.message.seqno) {
      this.currentState = 'clean';
      this.hashes = [hash];
      for (const obsolete of this.pushedObsolete) this.oldHashes.delete(obsolete);
      this.oldHashes.delete(hash);
      this.pushedObsolete = [];
    } else if (seqno < this.message.seqno && !this.hashes.includes(hash)) {
      this.oldHashes.add(hash);
    } else {
      return;
    }
    this.dumpNeeded = true;
  }

  needsDump(): boolean {
    return this.dumpNeeded;
  }

  /** §3 dump format, newer-LS form: `(` is a list of hashes. */
  dump(): Uint8Array {
    const writer = new BtWriter().startDict();
    writer.key(dumpState).integer(stateNumbers[this.currentState]);
    writer.key(dumpMessage).bytes(this.message.serializeUnsigned());
    writer.key(dumpCurrentHashes).value(this.hashes.map((hash) => utf8Encode(hash)));
    writer.key(dumpOldHashes).value([...this.oldHashes].map((hash) => utf8Encode(hash)));
    writer.key(dumpExtra).value(this.extra);
    this.dumpNeeded = false;
    return writer.end().finish();
  }

  /** First edit after a push or from clean: the current message is superseded (§3, §2.2). */
  private makeDirty(): void {
    if (this.currentState === 'dirty' && this.message.isEditable) return;
    this.retire(this.hashes);
    this.hashes = [];
    this.message = this.message.increment(this.signing.sign);
    this.currentState = 'dirty';
  }

  private retire(hashes: readonly string[]): void {
    for (const hash of hashes) this.oldHashes.add(hash);
  }
}

/** A dump's hash field: the Jan 2025 single string (empty = none) or the newer list. */
function hashList(value: BtValue | undefined, what: string): string[] {
  if (value === undefined) return [];
  if (value instanceof Uint8Array) return value.length === 0 ? [] : [hashText(value, what)];
  if (!isBtList(value)) throw new ConfigFormatError(`the dump ${what} are not a list`);
  return value.map((entry) => {
    if (!(entry instanceof Uint8Array)) throw new ConfigFormatError(`the dump ${what} hold a non-string`);
    return hashText(entry, what);
  });
}

/** Storage hashes are text (base64); a dump holding other bytes is damaged. */
function hashText(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decode(bytes);
  } catch {
    throw new ConfigFormatError(`the dump ${what} are not text`);
  }
}
