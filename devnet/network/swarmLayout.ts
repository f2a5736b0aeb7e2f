// How devnet groups its nodes into swarms. Swarm ids follow oxen-core's rule (protocol-network.md
// §3): the first swarm is 0, the second (2^64 − 2) / 2, each later one the midpoint of the largest
// gap on the ring (the wrap-around gap included). Swarms hold 5–7 nodes where the count allows.

const ringSize = 1n << 64n;

export function swarmIds(count: number): bigint[] {
  const ids: bigint[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index === 0) ids.push(0n);
    else if (index === 1) ids.push((ringSize - 2n) / 2n);
    else {
      const sorted = [...ids].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
      let bestStart = sorted.at(-1)!;
      let bestGap = ringSize - sorted.at(-1)! + sorted[0]!;
      for (let position = 0; position + 1 < sorted.length; position += 1) {
        const gap = sorted[position + 1]! - sorted[position]!;
        if (gap > bestGap) {
          bestGap = gap;
          bestStart = sorted[position]!;
        }
      }
      ids.push((bestStart + bestGap / 2n) % ringSize);
    }
  }
  return ids;
}

/** The number of swarms for `nodeCount` nodes: about 6 per swarm, within 5–7 when possible. */
export function swarmCount(nodeCount: number): number {
  const fewest = Math.ceil(nodeCount / 7);
  const most = Math.floor(nodeCount / 5);
  if (most < 1 || fewest > most) return Math.max(1, most);
  return Math.min(most, Math.max(fewest, Math.round(nodeCount / 6)));
}

/** The swarm id of each node, dealt round-robin so that swarms differ in size by at most one. */
export function assignSwarms(nodeCount: number): bigint[] {
  const ids = swarmIds(swarmCount(nodeCount));
  return Array.from({ length: nodeCount }, (_unused, index) => ids[index % ids.length]!);
}
