import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultWindowSize,
  fitWindowState,
  parseWindowState,
  readWindowState,
  writeWindowState,
  type Rectangle,
} from './windowState';

const laptop: Rectangle = { x: 0, y: 25, width: 1440, height: 875 };
const monitorOnTheRight: Rectangle = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('parseWindowState', () => {
  it('accepts a saved state', () => {
    const state = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true };
    expect(parseWindowState(state)).toEqual(state);
  });

  it('refuses anything else', () => {
    for (const value of [
      null,
      'state',
      { bounds: { x: 0, y: 0, width: 800, height: 600 } },
      { bounds: { x: 0, y: 0, width: 800 }, maximized: false },
      { bounds: { x: 0.5, y: 0, width: 800, height: 600 }, maximized: false },
      { bounds: { x: 0, y: 0, width: -800, height: 600 }, maximized: false },
      { bounds: { x: 0, y: 0, width: 1e308, height: 600 }, maximized: false },
      { bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false },
    ]) {
      expect(parseWindowState(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});

describe('fitWindowState', () => {
  it('opens at the default size, centred, without a saved state', () => {
    expect(fitWindowState(undefined, [laptop])).toEqual({ ...defaultWindowSize, maximized: false });
  });

  it('keeps a place that is on a display', () => {
    const bounds = { x: 1600, y: 100, width: 1200, height: 900 };
    expect(fitWindowState({ bounds, maximized: true }, [laptop, monitorOnTheRight])).toEqual({
      ...bounds,
      maximized: true,
    });
  });

  it('centres the window on the primary display when its display is gone', () => {
    const bounds = { x: 1600, y: 100, width: 1200, height: 900 };
    expect(fitWindowState({ bounds, maximized: false }, [laptop])).toEqual({
      width: 1200,
      height: 875,
      maximized: false,
    });
  });

  it('moves a window half off a display fully onto it, and shrinks it to fit', () => {
    const bounds = { x: 1000, y: -50, width: 2000, height: 700 };
    expect(fitWindowState({ bounds, maximized: false }, [laptop])).toEqual({
      x: 0,
      y: 25,
      width: 1440,
      height: 700,
      maximized: false,
    });
  });

  it('never makes the window smaller than its minimum', () => {
    const bounds = { x: 100, y: 100, width: 200, height: 150 };
    expect(fitWindowState({ bounds, maximized: false }, [laptop])).toMatchObject({ width: 640, height: 480 });
  });
});

describe('readWindowState and writeWindowState', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'starling-window-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('reads back what was written', () => {
    const file = path.join(directory, 'window-state.json');
    const state = { bounds: { x: 5, y: 6, width: 800, height: 600 }, maximized: false };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
  });

  it('reads nothing from a missing or damaged file', () => {
    const file = path.join(directory, 'window-state.json');
    expect(readWindowState(file)).toBeUndefined();
    writeFileSync(file, '{"bounds":');
    expect(readWindowState(file)).toBeUndefined();
  });
});
