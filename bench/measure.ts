// Timing helpers for the benchmarks: run an operation many times and report percentiles and rates.

export interface Measurement {
  readonly name: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly perSecond: number;
}

/** The value below which `fraction` of the sorted durations lie (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

export async function measure(name: string, runs: number, operation: () => unknown): Promise<Measurement> {
  await operation(); // warm-up: compile paths and load wasm before timing
  const durations: number[] = [];
  const started = performance.now();
  for (let run = 0; run < runs; run += 1) {
    const before = performance.now();
    await operation();
    durations.push(performance.now() - before);
  }
  const total = performance.now() - started;
  durations.sort((left, right) => left - right);
  return {
    name,
    runs,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    perSecond: (runs / total) * 1000,
  };
}

export function printTable(title: string, rows: readonly Measurement[]): void {
  console.log(`\n${title}`);
  console.log('| operation | runs | p50 (ms) | p95 (ms) | per second |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.runs} | ${row.p50Ms.toFixed(3)} | ${row.p95Ms.toFixed(3)} | ${Math.round(row.perSecond)} |`,
    );
  }
}

/** Durations of single runs (ms) and the wall time they took → a row; `perSecond` counts items. */
export function measurementOf(
  name: string,
  durations: number[],
  totalMs: number,
  itemsPerRun = 1,
): Measurement {
  durations.sort((left, right) => left - right);
  return {
    name,
    runs: durations.length,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    perSecond: ((durations.length * itemsPerRun) / totalMs) * 1000,
  };
}
