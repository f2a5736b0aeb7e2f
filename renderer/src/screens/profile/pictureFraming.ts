// The geometry of framing a profile picture: the image is moved and zoomed under a square window,
// always covering it, and the window's square in the image's own pixels is what the engine crops.
// Zoom 1 fits the image's shorter side to the window.

export interface Framing {
  /** The image's upright size, in its pixels. */
  readonly width: number;
  readonly height: number;
  /** The window's side, in screen pixels. */
  readonly window: number;
  readonly zoom: number;
  /** Where the image's top-left corner is, relative to the window's (≤ 0: it covers the window). */
  readonly x: number;
  readonly y: number;
}

export const minimumZoom = 1;
export const maximumZoom = 4;

/** Screen pixels per image pixel. */
export function scaleOf(framing: Framing): number {
  return (framing.window / Math.min(framing.width, framing.height)) * framing.zoom;
}

/** The framing moved back so that the image covers the window. */
function covering(framing: Framing): Framing {
  const scale = scaleOf(framing);
  const clamp = (value: number, size: number): number =>
    Math.min(0, Math.max(framing.window - size * scale, value));
  return { ...framing, x: clamp(framing.x, framing.width), y: clamp(framing.y, framing.height) };
}

/** The image centred in the window at zoom 1: the centred square, as the engine's default. */
export function initialFraming(width: number, height: number, window: number): Framing {
  const framing = { width, height, window, zoom: 1, x: 0, y: 0 };
  const scale = scaleOf(framing);
  return covering({ ...framing, x: (window - width * scale) / 2, y: (window - height * scale) / 2 });
}

export function moved(framing: Framing, dx: number, dy: number): Framing {
  return covering({ ...framing, x: framing.x + dx, y: framing.y + dy });
}

/** Zoomed about the window's centre, which stays on the same point of the image. */
export function zoomed(framing: Framing, zoom: number): Framing {
  const next = Math.min(maximumZoom, Math.max(minimumZoom, zoom));
  const before = scaleOf(framing);
  const after = scaleOf({ ...framing, zoom: next });
  const centre = framing.window / 2;
  return covering({
    ...framing,
    zoom: next,
    x: centre - ((centre - framing.x) / before) * after,
    y: centre - ((centre - framing.y) / before) * after,
  });
}

/** The window's square in the image's pixels (the setProfilePicture crop). */
export function cropOf(framing: Framing): { left: number; top: number; side: number } {
  const scale = scaleOf(framing);
  const side = Math.min(Math.round(framing.window / scale), framing.width, framing.height);
  return {
    left: Math.max(0, Math.min(framing.width - side, Math.round(-framing.x / scale))),
    top: Math.max(0, Math.min(framing.height - side, Math.round(-framing.y / scale))),
    side,
  };
}
