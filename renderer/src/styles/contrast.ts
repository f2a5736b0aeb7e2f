// WCAG 2.x contrast of the theme's colour tokens: the relative luminance of sRGB colours and the
// ratio of two of them, and a reader of the custom properties declared in a CSS text, so a test
// can check every text colour against the backgrounds it is drawn on in both themes.

/** One theme's custom properties, e.g. `--text` → `#17201c`, after the shared ones. */
export type ThemeTokens = ReadonlyMap<string, string>;

/** `#rgb` or `#rrggbb` to 0–255 channels; anything else is refused (the tokens are plain hex). */
export function parseHexColour(value: string): readonly [number, number, number] {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/iu.exec(value.trim());
  if (!match) throw new Error(`not a hex colour: ${value}`);
  const digits = match[1]!;
  const full = digits.length === 3 ? Array.from(digits, (digit) => digit + digit).join('') : digits;
  return [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16)) as unknown as readonly [
    number,
    number,
    number,
  ];
}

/** WCAG relative luminance: linearised sRGB channels weighted 0.2126 / 0.7152 / 0.0722. */
export function relativeLuminance(colour: string): number {
  const [red, green, blue] = parseHexColour(colour).map((channel) => {
    const unit = channel / 255;
    return unit <= 0.04045 ? unit / 12.92 : ((unit + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

/** (lighter + 0.05) / (darker + 0.05), from 1 (same colour) to 21 (black on white). */
export function contrastRatio(foreground: string, background: string): number {
  const first = relativeLuminance(foreground);
  const second = relativeLuminance(background);
  return (Math.max(first, second) + 0.05) / (Math.min(first, second) + 0.05);
}

/** The declarations of every rule whose selector is exactly `selector` in `css`, in order. */
function declarationsOf(css: string, selector: string): Map<string, string> {
  const tokens = new Map<string, string>();
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//gu, '');
  const rule = /([^{}]+)\{([^{}]*)\}/gu;
  for (const [, selectors, body] of withoutComments.matchAll(rule)) {
    if (selectors!.trim() !== selector) continue;
    for (const declaration of body!.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon < 0) continue;
      const name = declaration.slice(0, colon).trim();
      if (name.startsWith('--')) tokens.set(name, declaration.slice(colon + 1).trim());
    }
  }
  return tokens;
}

/** The tokens in force for a theme: `:root`'s, overridden by `:root[data-theme='…']`'s. */
export function themeTokens(css: string, theme: 'light' | 'dark'): ThemeTokens {
  return new Map([...declarationsOf(css, ':root'), ...declarationsOf(css, `:root[data-theme='${theme}']`)]);
}
