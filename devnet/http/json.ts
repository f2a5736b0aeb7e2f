// JSON for replies that carry u64 values (swarm ids, protocol-network.md §2): a bigint is written as
// a bare JSON number with all its digits, which JSON.stringify cannot do by itself.
const marker = '\u0000bigint:';

export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${marker}${item.toString()}` : item,
  ).replace(/"\\u0000bigint:(-?\d+)"/gu, '$1');
}
