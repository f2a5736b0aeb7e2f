// The data model of libsession config messages (protocol-config-groups.md §1): the application data
// `&` is a dict whose values are scalars (a signed 64-bit integer or a byte string), sets of scalars,
// or dicts again. Everything in this folder speaks these types.
//
// Keys and strings are bytes on the wire, and dict keys are often not text at all (Session-ID-keyed
// dicts use the 33 raw bytes of the ID, §1). Keys are therefore kept as *binary strings*: one char
// per byte (char codes 0–255), so that comparing two keys with `<` is comparing their bytes, and a
// Map can hold them. `keyFromBytes`/`keyToBytes` convert; `keyFromText` is for ASCII keys like "n".

/** An integer (int64, so bigint: unknown keys of newer clients must round-trip exactly) or bytes. */
export type ConfigScalar = bigint | Uint8Array;

/** A set: unique scalars, kept sorted (ints first, numerically; then strings, bytewise). */
export type ConfigSet = readonly ConfigScalar[];

/** A dict from binary-string keys to values. Iteration order is not significant; bt sorts keys. */
export type ConfigDict = Map<string, ConfigValue>;

export type ConfigValue = ConfigScalar | ConfigSet | ConfigDict;

export function isConfigDict(value: ConfigValue | undefined): value is ConfigDict {
  return value instanceof Map;
}

export function isConfigSet(value: ConfigValue | undefined): value is ConfigSet {
  return Array.isArray(value);
}

export function isConfigInteger(value: ConfigValue | undefined): value is bigint {
  return typeof value === 'bigint';
}

export function isConfigBytes(value: ConfigValue | undefined): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** A binary-string key from raw bytes (e.g. a 33-byte Session ID). */
export function keyFromBytes(bytes: Uint8Array): string {
  let key = '';
  for (const byte of bytes) key += String.fromCharCode(byte);
  return key;
}

export function keyToBytes(key: string): Uint8Array {
  const bytes = new Uint8Array(key.length);
  for (let index = 0; index < key.length; index += 1) {
    const code = key.charCodeAt(index);
    if (code > 255) throw new RangeError('a config key holds bytes, one char per byte');
    bytes[index] = code;
  }
  return bytes;
}

/** A binary-string key from UTF-8 text (a community URL, a room token, a one-letter field name). */
export function keyFromText(text: string): string {
  return keyFromBytes(new TextEncoder().encode(text));
}

/** The text of a key written as UTF-8; throws on bytes that are not UTF-8. */
export function keyToText(key: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(keyToBytes(key));
}
