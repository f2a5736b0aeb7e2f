import { describe, expect, it } from 'vitest';
import { cropOf, initialFraming, maximumZoom, moved, zoomed } from './pictureFraming';

describe('framing a profile picture', () => {
  it('starts on the centred square, as the engine would crop without a frame', () => {
    expect(cropOf(initialFraming(1200, 800, 280))).toEqual({ left: 200, top: 0, side: 800 });
    expect(cropOf(initialFraming(600, 900, 280))).toEqual({ left: 0, top: 150, side: 600 });
  });

  it('moves within the image and never shows past its edges', () => {
    const start = initialFraming(1200, 800, 280);
    // Dragged far to the left: the window reaches the image's right edge and stops there.
    expect(cropOf(moved(start, -10_000, 0))).toEqual({ left: 400, top: 0, side: 800 });
    expect(cropOf(moved(start, 10_000, 10_000))).toEqual({ left: 0, top: 0, side: 800 });
  });

  it('zooms about the centre of the window, between 1× and 4×', () => {
    const twice = zoomed(initialFraming(1200, 800, 280), 2);
    expect(cropOf(twice)).toEqual({ left: 400, top: 200, side: 400 });
    expect(zoomed(twice, 99).zoom).toBe(maximumZoom);
    expect(cropOf(zoomed(twice, 0))).toEqual({ left: 200, top: 0, side: 800 });
  });

  it('frames the blue corner of a photo when moved there', () => {
    const framed = moved(zoomed(initialFraming(1200, 800, 300), 2), -10_000, -10_000);
    expect(cropOf(framed)).toEqual({ left: 800, top: 400, side: 400 });
  });
});
