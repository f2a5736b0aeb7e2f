import { describe, expect, it } from 'vitest';
// The renderer's theme (renderer/src/styles): this test lives beside the other Node tests because it
// reads the stylesheet from disk (vitest turns `?raw` CSS imports into empty modules, and the
// renderer has no Node types); the code under test, contrast.ts, uses no node: module.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contrastRatio, parseHexColour, themeTokens } from '../../renderer/src/styles/contrast';

const css = readFileSync(path.resolve(__dirname, '../../renderer/src/styles/app.css'), 'utf8');

/** WCAG 2.x AA for body text (issue #17, item 10: every text colour, both themes). */
const minimum = 4.5;

const surfaces = ['--background', '--surface', '--surface-raised', '--surface-muted'];
/** Each text token with the backgrounds it is drawn on in the stylesheets. */
const pairs: readonly (readonly [string, readonly string[]])[] = [
  ['--text', [...surfaces, '--search-match']],
  ['--text-muted', surfaces],
  ['--danger', surfaces],
  ['--success', surfaces],
  ['--accent', surfaces],
  ['--accent-contrast', ['--accent', '--accent-strong']],
  ['--bubble-outgoing-text', ['--bubble-outgoing']],
  ['--bubble-incoming-text', ['--bubble-incoming']],
];

describe('contrast of the theme tokens', () => {
  it('reads the theme tokens from the stylesheet', () => {
    expect(themeTokens(css, 'dark').get('--text')).toMatch(/^#/u);
  });

  it('computes the WCAG ratio of known colours', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBeCloseTo(1, 5);
    // The measurement: the old error colour on the dark surface.
    expect(contrastRatio('#c2410c', '#171d1b')).toBeLessThan(minimum);
    expect(() => parseHexColour('rgb(0 0 0)')).toThrow(/not a hex colour/u);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`keeps every text/background pair at ${minimum}:1 or more in the ${theme} theme`, () => {
      const tokens = themeTokens(css, theme);
      const failures: string[] = [];
      for (const [text, backgrounds] of pairs) {
        for (const background of backgrounds) {
          const foreground = tokens.get(text);
          const behind = tokens.get(background);
          expect(foreground, `${text} is declared`).toBeDefined();
          expect(behind, `${background} is declared`).toBeDefined();
          const ratio = contrastRatio(foreground!, behind!);
          if (ratio < minimum) failures.push(`${text} on ${background}: ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
