// Merging received config messages (protocol-config-groups.md §3): drop redundant messages, keep a
// lone survivor as it is, and otherwise replay every known diff onto the best message's data. Every
// client computes the same merge from the same inputs, so racing devices push identical bytes.
import type { BtValue } from './bencode';
import { applyConfigDiff, copyConfigDict, pruneConfigDict, type ConfigDiff } from './configData';
import {
  ConfigMessage,
  compareSeqnoHash,
  lagIdentity,
  lagWindow,
  type ConfigLag,
  type ConfigSign,
  type ConfigVerify,
} from './configMessage';
import { isConfigFormatError } from './configFormatError';
import type { ConfigDict } from './configValue';

export interface MergeSigning {
  readonly verify?: ConfigVerify;
  readonly sign?: ConfigSign;
}

export type MergeOutcome =
  /** Exactly one message is not redundant (or verify-only mode picked the best): use it as it is. */
  | { readonly kind: 'single'; readonly index: number; readonly message: ConfigMessage }
  /** Several survived: a new message at max seqno + 1 (§3 step 5). */
  | { readonly kind: 'merged'; readonly message: ConfigMessage; readonly survivors: readonly number[] };

function identityOf(message: ConfigMessage): string {
  return lagIdentity(message.seqno, message.hash);
}

/** §3 step 2: the indexes of messages that are not redundant (lagged by another, duplicate, stale). */
export function survivingMessages(messages: readonly ConfigMessage[]): number[] {
  const lagged = messages.map(
    (message) =>
      new Set(
        message.lags
          .filter((lag) => lag.seqno > message.seqno - lagWindow && lag.seqno < message.seqno)
          .map((lag) => lagIdentity(lag.seqno, lag.hash)),
      ),
  );
  const identities = messages.map(identityOf);
  const maxSeqno = Math.max(...messages.map((message) => message.seqno));
  const survivors: number[] = [];
  messages.forEach((message, index) => {
    const identity = identities[index]!;
    const laggedElsewhere = lagged.some((keys, other) => other !== index && keys.has(identity));
    const duplicate = identities.slice(0, index).includes(identity);
    const stale = message.seqno + lagWindow <= maxSeqno;
    if (!laggedElsewhere && !duplicate && !stale) survivors.push(index);
  });
  return survivors;
}

interface ReplayEntry {
  readonly seqno: number;
  readonly hash: Uint8Array;
  readonly diff: ConfigDiff;
  readonly source: ConfigDict;
}

/**
 * §3 steps 2–5 over messages that already parsed (and verified). `messages` must not be empty.
 * With a verifier but no signer (a group member who is not an admin) nothing is merged: the best
 * survivor is taken (§3 step 4).
 */
export function mergeConfigMessages(
  messages: readonly ConfigMessage[],
  signing: MergeSigning = {},
): MergeOutcome {
  if (messages.length === 0) throw new RangeError('merging needs at least one message');
  const survivors = survivingMessages(messages);
  const descending = [...survivors].sort((left, right) =>
    compareSeqnoHash(messages[right]!, messages[left]!),
  );
  const best = descending[0]!;
  if (survivors.length === 1 || (signing.verify !== undefined && signing.sign === undefined)) {
    return { kind: 'single', index: best, message: messages[best]! };
  }

  const ranked = descending.map((index) => messages[index]!);
  const top = ranked[0]!;
  const replay = new Map<string, ReplayEntry>();
  for (const message of ranked) {
    const own = identityOf(message);
    if (!replay.has(own)) {
      replay.set(own, { seqno: message.seqno, hash: message.hash, diff: message.diff, source: message.data });
    }
    for (const lag of message.lags) {
      const identity = lagIdentity(lag.seqno, lag.hash);
      if (!replay.has(identity)) replay.set(identity, { ...lag, source: message.data });
    }
  }
  const entries = [...replay.values()].sort(compareSeqnoHash);
  const data = copyConfigDict(top.data);
  for (const entry of entries) applyConfigDiff(data, entry.diff, entry.source);
  const merged = pruneConfigDict(data);

  const lags: ConfigLag[] = entries.map(({ seqno, hash, diff }) => ({ seqno, hash, diff }));
  const message = ConfigMessage.local({
    seqno: top.seqno + 1,
    data: merged,
    lags,
    unknown: mergedUnknownKeys(ranked),
    baseData: copyConfigDict(merged),
    sign: signing.sign,
  });
  return { kind: 'merged', message, survivors: descending };
}

/**
 * Top-level keys of newer clients: the top message's win, and keys only lower-ranked survivors carry
 * are kept too, so a merge never loses a newer client's field. (The source read does not say how
 * libsession combines them when several survivors carry different ones.)
 */
function mergedUnknownKeys(ranked: readonly ConfigMessage[]): Map<string, BtValue> {
  const unknown = new Map<string, BtValue>();
  for (const message of ranked) {
    for (const [key, value] of message.unknown) if (!unknown.has(key)) unknown.set(key, value);
  }
  return unknown;
}

export interface ParsedInputs {
  /** The parsed message of each input, or undefined where it did not parse or verify (§3 step 1). */
  readonly messages: readonly (ConfigMessage | undefined)[];
  /** The merge of those that parsed; undefined when none did. */
  readonly outcome: MergeOutcome | undefined;
}

/** Parses serialized messages, skipping the ones that fail, and merges the rest. */
export function mergeSerializedMessages(
  inputs: readonly Uint8Array[],
  signing: MergeSigning = {},
): ParsedInputs {
  const messages = inputs.map((bytes) => {
    try {
      return ConfigMessage.parse(bytes, signing.verify);
    } catch (error) {
      // §3 step 1: a message that does not parse or verify is skipped; anything else is a bug.
      if (isConfigFormatError(error)) return undefined;
      throw error;
    }
  });
  const parsed = messages.filter((message): message is ConfigMessage => message !== undefined);
  if (parsed.length === 0) return { messages, outcome: undefined };
  const outcome = mergeConfigMessages(parsed, signing);
  const positions = messages.flatMap((message, index) => (message === undefined ? [] : [index]));
  if (outcome.kind === 'single')
    return { messages, outcome: { ...outcome, index: positions[outcome.index]! } };
  return {
    messages,
    outcome: { ...outcome, survivors: outcome.survivors.map((index) => positions[index]!) },
  };
}
