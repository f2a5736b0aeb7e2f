// The application data `&` of a config message (protocol-config-groups.md §1) and its diffs (§2.1):
// strict conversion from decoded bt, pruning, copying, equality, diffing and the merge's replay of a
// diff (§3 step 5.4).
import { isBtDict, isBtList, type BtValue } from './bencode';
import { compareBytes } from './byteOrder';
import { ConfigFormatError } from './configFormatError';
import {
  isConfigBytes,
  isConfigDict,
  isConfigSet,
  type ConfigDict,
  type ConfigScalar,
  type ConfigSet,
  type ConfigValue,
} from './configValue';

/** A diff as it sits in `=` and in each lag entry: keys → "" / "-" / sub-diff / [[added],[removed]]. */
export type ConfigDiff = ReadonlyMap<string, BtValue>;

const int64Min = -(1n << 63n);
const int64Max = (1n << 63n) - 1n;
const assignedMarker = new Uint8Array();
const removedMarker = new Uint8Array([0x2d]); // "-"

/** §1 set order: every int before every string; ints numerically, strings bytewise. */
export function compareScalars(left: ConfigScalar, right: ConfigScalar): number {
  if (typeof left === 'bigint') {
    if (typeof right !== 'bigint') return -1;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  if (typeof right === 'bigint') return 1;
  return compareBytes(left, right);
}

export function scalarsEqual(left: ConfigScalar, right: ConfigScalar): boolean {
  return compareScalars(left, right) === 0;
}

/** A set from any scalars: sorted, duplicates dropped. */
export function makeConfigSet(values: Iterable<ConfigScalar>): ConfigSet {
  const sorted = [...values].sort(compareScalars);
  return sorted.filter((value, index) => index === 0 || !scalarsEqual(sorted[index - 1]!, value));
}

export function setHas(set: ConfigSet, value: ConfigScalar): boolean {
  return set.some((element) => scalarsEqual(element, value));
}

export function setWith(set: ConfigSet, ...values: ConfigScalar[]): ConfigSet {
  return makeConfigSet([...set, ...values]);
}

export function setWithout(set: ConfigSet, ...values: ConfigScalar[]): ConfigSet {
  return set.filter((element) => !values.some((value) => scalarsEqual(element, value)));
}

function isScalar(value: BtValue): value is ConfigScalar {
  return typeof value === 'bigint' || value instanceof Uint8Array;
}

function checkScalar(value: ConfigScalar, path: string): ConfigScalar {
  if (typeof value === 'bigint' && (value < int64Min || value > int64Max)) {
    throw new ConfigFormatError(`integer outside int64 at ${path}`);
  }
  return value;
}

function describePath(path: string, key: string): string {
  return `${path}/${JSON.stringify(key)}`;
}

/**
 * Converts decoded bt into config data, enforcing §1 strictness: sets are lists of unique, sorted
 * scalars; nested dicts and sets are never empty (only the top-level dict may be).
 */
export function configDictFromBt(value: BtValue, path = '&'): ConfigDict {
  if (!isBtDict(value)) throw new ConfigFormatError(`${path} is not a dict`);
  const dict: ConfigDict = new Map();
  for (const [key, entry] of value) {
    const entryPath = describePath(path, key);
    if (isScalar(entry)) {
      dict.set(key, checkScalar(entry, entryPath));
    } else if (isBtList(entry)) {
      dict.set(key, configSetFromBt(entry, entryPath));
    } else {
      const nested = configDictFromBt(entry, entryPath);
      if (nested.size === 0) throw new ConfigFormatError(`empty dict at ${entryPath}`);
      dict.set(key, nested);
    }
  }
  return dict;
}

function configSetFromBt(list: readonly BtValue[], path: string): ConfigSet {
  if (list.length === 0) throw new ConfigFormatError(`empty set at ${path}`);
  const set: ConfigScalar[] = [];
  for (const element of list) {
    if (!isScalar(element)) throw new ConfigFormatError(`set element is not a scalar at ${path}`);
    const previous = set[set.length - 1];
    if (previous !== undefined && compareScalars(previous, element) >= 0) {
      throw new ConfigFormatError(`set not sorted or not unique at ${path}`);
    }
    set.push(checkScalar(element, path));
  }
  return set;
}

/** A deep copy without empty sets and without dicts that are (or become) empty (§1 pruning). */
export function pruneConfigDict(dict: ConfigDict): ConfigDict {
  const pruned: ConfigDict = new Map();
  for (const [key, value] of dict) {
    if (isConfigDict(value)) {
      const nested = pruneConfigDict(value);
      if (nested.size > 0) pruned.set(key, nested);
    } else if (isConfigSet(value)) {
      if (value.length > 0) pruned.set(key, [...value]);
    } else {
      pruned.set(key, isConfigBytes(value) ? value.slice() : value);
    }
  }
  return pruned;
}

export function copyConfigValue(value: ConfigValue): ConfigValue {
  if (isConfigDict(value)) return copyConfigDict(value);
  if (isConfigSet(value)) return value.map((element) => (isConfigBytes(element) ? element.slice() : element));
  return isConfigBytes(value) ? value.slice() : value;
}

export function copyConfigDict(dict: ConfigDict): ConfigDict {
  const copy: ConfigDict = new Map();
  for (const [key, value] of dict) copy.set(key, copyConfigValue(value));
  return copy;
}

export function configValuesEqual(left: ConfigValue, right: ConfigValue): boolean {
  if (isConfigDict(left)) {
    if (!isConfigDict(right) || left.size !== right.size) return false;
    for (const [key, value] of left) {
      const other = right.get(key);
      if (other === undefined || !configValuesEqual(value, other)) return false;
    }
    return true;
  }
  if (isConfigSet(left)) {
    return (
      isConfigSet(right) &&
      left.length === right.length &&
      left.every((element, index) => scalarsEqual(element, right[index]!))
    );
  }
  if (isConfigDict(right) || isConfigSet(right)) return false;
  return scalarsEqual(left, right);
}

type ValueKind = 'scalar' | 'set' | 'dict';

function kindOf(value: ConfigValue): ValueKind {
  return isConfigDict(value) ? 'dict' : isConfigSet(value) ? 'set' : 'scalar';
}

/** The diff of a value that appeared (or changed type): everything in it counts as assigned. */
function diffOfNewValue(value: ConfigValue): BtValue {
  if (isConfigDict(value)) return diffConfigData(new Map(), value);
  if (isConfigSet(value)) return [[...value], []];
  return assignedMarker;
}

/** The diff of a value that went away: a removed dict or set is expressed by recursing (§2.1). */
function diffOfRemovedValue(value: ConfigValue): BtValue {
  if (isConfigDict(value)) return diffConfigData(value, new Map());
  if (isConfigSet(value)) return [[], [...value]];
  return removedMarker;
}

/**
 * §2.1: old data vs new data, both already pruned. `""` assigned, `"-"` removed, a nested dict for
 * changes inside a dict, `[[added],[removed]]` for a set; a type change is a new value of the new type.
 */
export function diffConfigData(previous: ConfigDict, next: ConfigDict): Map<string, BtValue> {
  const diff = new Map<string, BtValue>();
  for (const [key, oldValue] of previous) {
    if (!next.has(key)) diff.set(key, diffOfRemovedValue(oldValue));
  }
  for (const [key, newValue] of next) {
    const oldValue = previous.get(key);
    if (oldValue === undefined || kindOf(oldValue) !== kindOf(newValue)) {
      diff.set(key, diffOfNewValue(newValue));
    } else if (isConfigDict(newValue) && isConfigDict(oldValue)) {
      const nested = diffConfigData(oldValue, newValue);
      if (nested.size > 0) diff.set(key, nested);
    } else if (isConfigSet(newValue) && isConfigSet(oldValue)) {
      const added = newValue.filter((element) => !setHas(oldValue, element));
      const removed = oldValue.filter((element) => !setHas(newValue, element));
      if (added.length > 0 || removed.length > 0) diff.set(key, [added, removed]);
    } else if (!configValuesEqual(oldValue, newValue)) {
      diff.set(key, assignedMarker);
    }
  }
  return diff;
}

function scalarList(value: BtValue | undefined): ConfigScalar[] {
  if (!isBtList(value)) return [];
  return value.filter(isScalar);
}

/**
 * Replays one diff onto `data` (§3 step 5.4), reading assigned values from `source`, the data of the
 * message that owns the diff. A key whose source value is absent or of another type than the diff
 * says is erased: that is how delete-then-retype chains end up right. Diff entries of shapes this
 * code does not know are ignored, so a newer client's diff cannot break a merge.
 */
export function applyConfigDiff(data: ConfigDict, diff: ConfigDiff, source: ConfigDict): void {
  for (const [key, change] of diff) {
    const sourceValue = source.get(key);
    if (change instanceof Uint8Array) {
      if (change.length === 0) {
        if (sourceValue !== undefined && kindOf(sourceValue) === 'scalar') {
          data.set(key, copyConfigValue(sourceValue));
        } else {
          data.delete(key);
        }
      } else if (change.length === 1 && change[0] === removedMarker[0]) {
        data.delete(key);
      }
    } else if (isBtDict(change)) {
      if (!isConfigDict(sourceValue)) {
        data.delete(key);
        continue;
      }
      let target = data.get(key);
      if (!isConfigDict(target)) {
        target = new Map();
        data.set(key, target);
      }
      applyConfigDiff(target, change, sourceValue);
    } else if (isBtList(change)) {
      if (!isConfigSet(sourceValue)) {
        data.delete(key);
        continue;
      }
      const current = data.get(key);
      const start = isConfigSet(current) ? current : [];
      const removed = scalarList(change[1]);
      data.set(key, setWithout(setWith(start, ...scalarList(change[0])), ...removed));
    }
  }
}
