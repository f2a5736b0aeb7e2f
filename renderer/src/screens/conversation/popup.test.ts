import { describe, expect, it } from 'vitest';
import { placeBeside } from './popup';

const viewport = { width: 700, height: 600 };
/** A DOMRect-like box of a 36 × 36 button at (left, top). */
const button = (left: number, top: number) =>
  ({ left, top, right: left + 36, bottom: top + 36, width: 36, height: 36 }) as DOMRect;

describe('placeBeside', () => {
  it('opens below its anchor, lined up with its start or end edge', () => {
    expect(placeBeside(button(100, 50), 200, 300, 'start', viewport)).toEqual({ top: 90, left: 100 });
    expect(placeBeside(button(400, 50), 200, 300, 'end', viewport)).toEqual({ top: 90, left: 236 });
  });

  it('opens above when there is no room below, and stays in the window', () => {
    // The composer's smiley near the bottom: the picker goes above it.
    expect(placeBeside(button(300, 540), 342, 400, 'start', viewport)).toEqual({ top: 136, left: 300 });
    // Too wide to line up at the right edge: moved left, 8 px from the edge.
    expect(placeBeside(button(600, 540), 342, 400, 'start', viewport).left).toBe(350);
    // Room neither above nor below: as low as it fits.
    expect(placeBeside(button(10, 300), 200, 590, 'start', viewport)).toEqual({ top: 8, left: 10 });
  });
});
