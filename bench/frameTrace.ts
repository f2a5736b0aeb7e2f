// Where a renderer's frame time goes, from a Chromium trace (the devtools timeline categories, as
// the Performance panel records them): the main thread's busy time split into script, style,
// layout, paint (pre-paint, paint, layerize, commit), garbage collection and the rest, each event
// counted by its self time (a Layout inside a script's call is layout, not script). Layouts and
// style recalculations that run inside script are counted apart: they are forced synchronously,
// by code reading geometry (offsetHeight, getBoundingClientRect, scrollHeight) after a change.
// The raster tasks' and the compositor thread's time are reported beside it: in software rendering
// they share the cores with it.
import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';

export const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'cc',
];

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string };
}

export type Bucket = 'script' | 'style' | 'layout' | 'paint' | 'gc' | 'other';

const bucketOf: Readonly<Record<string, Bucket>> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.compile': 'script',
  'v8.compileModule': 'script',
  'v8.evaluateModule': 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  FireIdleCallback: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  'V8.Execute': 'script',
  ResizeObserverController: 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  UpdateLayerTree: 'paint',
  Commit: 'paint',
  CompositeLayers: 'paint',
  MajorGC: 'gc',
  MinorGC: 'gc',
  BlinkGC: 'gc',
  'V8.GCScavenger': 'gc',
  'V8.GCFinalizeMC': 'gc',
  'V8.GC_MC_INCREMENTAL': 'gc',
};

export interface FrameBreakdown {
  /** The main thread's busy time (top-level tasks), in ms. */
  readonly busyMs: number;
  /** Self time per bucket, in ms. */
  readonly buckets: Readonly<Record<Bucket, number>>;
  /** Layouts and style recalculations run inside script (forced synchronously), and their ms. */
  readonly forcedLayouts: number;
  readonly forcedLayoutMs: number;
  readonly forcedStyles: number;
  readonly forcedStyleMs: number;
  /** The raster tasks' time on the renderer's worker threads, in ms. */
  readonly rasterMs: number;
  /** The compositor thread's busy time, in ms. */
  readonly compositorMs: number;
  /** The traced span, in ms. */
  readonly spanMs: number;
  /** The main thread's self time by event name, most first. */
  readonly byName: readonly { readonly name: string; readonly ms: number; readonly count: number }[];
}

/** Reads the breakdown from a trace's events: the busiest renderer main thread is the page's. */
export function frameBreakdown(events: readonly TraceEvent[]): FrameBreakdown {
  const threadNames = new Map<string, string>();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name) {
      threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
    }
  }
  const complete = events.filter((event) => event.ph === 'X' && event.dur !== undefined);
  const perThread = new Map<string, TraceEvent[]>();
  for (const event of complete) {
    const thread = `${event.pid}:${event.tid}`;
    const list = perThread.get(thread) ?? [];
    list.push(event);
    perThread.set(thread, list);
  }
  const busiest = (prefix: string): TraceEvent[] => {
    let chosen: TraceEvent[] = [];
    for (const [thread, list] of perThread) {
      if (threadNames.get(thread)?.startsWith(prefix) && list.length > chosen.length) chosen = list;
    }
    return chosen;
  };
  const main = busiest('CrRendererMain');
  const mainPid = main[0]?.pid;
  const buckets: Record<Bucket, number> = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, other: 0 };
  let busyMs = 0;
  let forcedLayouts = 0;
  let forcedLayoutMs = 0;
  let forcedStyles = 0;
  let forcedStyleMs = 0;
  // Events nest: each one's self time is its duration less its children's. The stack holds the
  // open events with their bucket and the time their children took.
  const sorted = [...main].sort((left, right) => left.ts - right.ts || right.dur! - left.dur!);
  const stack: { end: number; bucket: Bucket; children: number; duration: number; name: string }[] = [];
  const names = new Map<string, { ms: number; count: number }>();
  const close = (upTo: number): void => {
    while (stack.length > 0 && stack.at(-1)!.end <= upTo) {
      const done = stack.pop()!;
      const self = (done.duration - done.children) / 1000;
      buckets[done.bucket] += self;
      const named = names.get(done.name) ?? { ms: 0, count: 0 };
      named.ms += self;
      named.count += 1;
      names.set(done.name, named);
    }
  };
  for (const event of sorted) {
    close(event.ts);
    const parent = stack.at(-1);
    const bucket =
      bucketOf[event.name] ?? (event.name.startsWith('V8.GC') ? 'gc' : (parent?.bucket ?? 'other'));
    const duration = event.dur!;
    if (parent) parent.children += duration;
    else busyMs += duration / 1000;
    const inScript = stack.some((open) => open.bucket === 'script');
    if (inScript && event.name === 'Layout') {
      forcedLayouts += 1;
      forcedLayoutMs += duration / 1000;
    }
    if (inScript && event.name === 'UpdateLayoutTree') {
      forcedStyles += 1;
      forcedStyleMs += duration / 1000;
    }
    stack.push({ end: event.ts + duration, bucket, children: 0, duration, name: event.name });
  }
  close(Number.POSITIVE_INFINITY);
  // Software raster runs as tasks on the renderer's thread pool; the compositor thread schedules
  // it and draws. Each thread's top-level events are its busy time.
  const topLevel = (list: readonly TraceEvent[], wanted?: string): number => {
    let total = 0;
    let end = 0;
    for (const event of [...list].sort((left, right) => left.ts - right.ts)) {
      if (event.ts < end) continue;
      if (wanted !== undefined && event.name !== wanted) continue;
      total += event.dur! / 1000;
      end = event.ts + event.dur!;
    }
    return total;
  };
  let rasterMs = 0;
  let compositorMs = 0;
  for (const [thread, list] of perThread) {
    if (Number(thread.split(':')[0]) !== mainPid) continue;
    const name = threadNames.get(thread) ?? '';
    if (name.startsWith('ThreadPoolForegroundWorker') || name.startsWith('CompositorTileWorker')) {
      rasterMs += topLevel(list, 'RasterizerTaskImpl::RunOnWorkerThread');
    } else if (name === 'Compositor') {
      compositorMs += topLevel(list);
    }
  }
  const first = sorted[0]?.ts ?? 0;
  const last = sorted.reduce((latest, event) => Math.max(latest, event.ts + event.dur!), first);
  return {
    busyMs,
    buckets,
    forcedLayouts,
    forcedLayoutMs,
    forcedStyles,
    forcedStyleMs,
    rasterMs,
    compositorMs,
    spanMs: (last - first) / 1000,
    byName: [...names]
      .map(([name, { ms, count }]) => ({ name, ms, count }))
      .sort((left, right) => right.ms - left.ms),
  };
}

/**
 * Runs `work` with the page traced and returns where the main thread's time went; the trace is
 * also written to `keepAs` when given (it opens in the Performance panel of Chromium's DevTools).
 */
export async function traceBreakdown(
  browser: Browser,
  page: Page,
  work: () => Promise<unknown>,
  keepAs?: string,
): Promise<FrameBreakdown> {
  await browser.startTracing(page, { categories: traceCategories });
  try {
    await work();
  } catch (error) {
    await browser.stopTracing();
    throw error;
  }
  const trace = await browser.stopTracing();
  if (keepAs) await writeFile(keepAs, trace);
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return frameBreakdown(Array.isArray(parsed) ? parsed : parsed.traceEvents);
}

/** The breakdown as a markdown table: each bucket's ms, its share of the busy time, per frame. */
export function breakdownTable(breakdown: FrameBreakdown, frames: number): string[] {
  const { busyMs, buckets } = breakdown;
  const row = (name: string, value: number): string =>
    `| ${name} | ${value.toFixed(0)} | ${((value / busyMs) * 100).toFixed(1)} % | ${(value / Math.max(1, frames)).toFixed(2)} |`;
  return [
    '| main thread | ms | share of busy | ms per frame |',
    '|---|---:|---:|---:|',
    row('script (React, handlers, observers)', buckets.script),
    row('style (recalculation)', buckets.style),
    row('layout', buckets.layout),
    row('paint (pre-paint, paint, layerize, commit)', buckets.paint),
    row('garbage collection', buckets.gc),
    row('other (tasks, idle work, parsing)', buckets.other),
    row('busy in all', busyMs),
    `| of it forced inside script: layouts / style recalculations | ${breakdown.forcedLayouts} (${breakdown.forcedLayoutMs.toFixed(0)} ms) / ${breakdown.forcedStyles} (${breakdown.forcedStyleMs.toFixed(0)} ms) | | |`,
    `| beside the main thread: software raster (worker threads) | ${breakdown.rasterMs.toFixed(0)} | | ${(breakdown.rasterMs / Math.max(1, frames)).toFixed(2)} |`,
    `| beside the main thread: the compositor thread | ${breakdown.compositorMs.toFixed(0)} | | ${(breakdown.compositorMs / Math.max(1, frames)).toFixed(2)} |`,
    `| traced span | ${breakdown.spanMs.toFixed(0)} | | |`,
    '',
    '| main thread, by trace event (self time) | ms | count |',
    '|---|---:|---:|',
    ...breakdown.byName
      .slice(0, 12)
      .map((entry) => `| ${entry.name} | ${entry.ms.toFixed(0)} | ${entry.count} |`),
  ];
}
