// Issue #17 item 1: scrolling Settings to the bottom shifted the whole window by 69 px (5 px in a
// conversation). The cause: `.visually-hidden` is position: absolute, and a scroll container that is
// not positioned is not its containing block, so the hidden text is laid out against the window,
// escapes the container's clipping and makes the document itself scroll. Every scroll container of
// the renderer's stylesheets must therefore be positioned.
// It reads the renderer's stylesheets from disk (vitest empties CSS imports), so it lives with the
// Node tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = path.resolve(__dirname, '../../renderer/src');

function stylesheets(): string[] {
  return (readdirSync(sourceRoot, { recursive: true }) as string[]).filter((name) => name.endsWith('.css'));
}

/** The selectors of rules that scroll (overflow auto/scroll) but establish no containing block. */
function unpositionedScrollers(css: string): string[] {
  const found: string[] = [];
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//gu, '');
  for (const [, selector, body] of withoutComments.matchAll(/([^{}]+)\{([^{}]*)\}/gu)) {
    const scrolls = /(^|;)\s*overflow(-[xy])?\s*:\s*[^;]*\b(auto|scroll)\b/u.test(body!);
    const positioned = /(^|;)\s*position\s*:\s*(relative|absolute|fixed|sticky)\b/u.test(body!);
    if (scrolls && !positioned) found.push(selector!.trim());
  }
  return found;
}

describe('scroll containers', () => {
  it('finds an unpositioned scroller, and accepts a positioned one', () => {
    expect(
      unpositionedScrollers('.a { overflow-y: auto; } .b { overflow: auto; position: relative; }'),
    ).toEqual(['.a']);
  });

  it('are all positioned, so visually hidden text stays inside them', () => {
    const files = stylesheets();
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.flatMap((file) =>
      unpositionedScrollers(readFileSync(path.join(sourceRoot, file), 'utf8')).map(
        (selector) => `${file}: ${selector}`,
      ),
    );
    expect(offenders).toEqual([]);
  });
});
