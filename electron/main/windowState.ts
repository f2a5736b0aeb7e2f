// The window's size and place, remembered between launches in userData/window-state.json. What is
// read back is checked and fitted to the displays there are now: a display may have been unplugged
// or its resolution lowered since, and a window placed off-screen could not be reached.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  /** The bounds when neither maximized nor full screen. */
  readonly bounds: Rectangle;
  readonly maximized: boolean;
}

/** Where and how big to open the window; without x and y, Electron centres it. */
export interface WindowPlacement {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export const defaultWindowSize = { width: 1100, height: 760 } as const;
export const minimumWindowSize = { width: 640, height: 480 } as const;

/** How much of the window must lie on a display for its place to be kept. */
const minimumVisiblePixels = 100;

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** The state in a file's JSON, or undefined when it is not one. */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null || typeof maximized !== 'boolean') return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInteger(x) || !isInteger(y) || !isInteger(width) || !isInteger(height)) return undefined;
  if (width <= 0 || height <= 0) return undefined;
  return { bounds: { x, y, width, height }, maximized };
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

const clamp = (value: number, lowest: number, highest: number): number =>
  Math.min(Math.max(value, lowest), Math.max(lowest, highest));

/**
 * Where to open the window, given the saved state (if any) and the work areas of the displays now
 * (the primary one first). The saved place is kept when enough of the window is on a display, moved
 * fully onto that display and shrunk to fit it; otherwise the window is centred on the primary one.
 */
export function fitWindowState(
  state: WindowState | undefined,
  workAreas: readonly Rectangle[],
): WindowPlacement {
  const primary = workAreas[0];
  const size = (area: Rectangle | undefined, wanted: { width: number; height: number }) => ({
    width: area ? clamp(wanted.width, minimumWindowSize.width, area.width) : wanted.width,
    height: area ? clamp(wanted.height, minimumWindowSize.height, area.height) : wanted.height,
  });
  if (!state) return { ...size(primary, defaultWindowSize), maximized: false };

  const visible = workAreas.find((area) => {
    const shared = overlap(state.bounds, area);
    return shared.width >= minimumVisiblePixels && shared.height >= minimumVisiblePixels;
  });
  if (!visible) return { ...size(primary, state.bounds), maximized: state.maximized };

  const { width, height } = size(visible, state.bounds);
  return {
    x: clamp(state.bounds.x, visible.x, visible.x + visible.width - width),
    y: clamp(state.bounds.y, visible.y, visible.y + visible.height - height),
    width,
    height,
    maximized: state.maximized,
  };
}

/** The saved state, or undefined when there is none or it cannot be read. */
export function readWindowState(file: string): WindowState | undefined {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Saves the state. Synchronous because it runs as the window closes, which may be the app quitting;
 * written beside and renamed, so a crash midway leaves the previous file whole.
 */
export function writeWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, file);
}
