// The emoji of one category (or of a search) as an ARIA grid: one tab stop, the arrow keys move a
// cell (Up and Down a row), Home and End to the row's ends, Ctrl+Home and Ctrl+End to the first and
// last emoji, Enter or Space picks. Each cell is named for screen readers by the emoji's CLDR name.
// Only one category is ever in it (about 390 emoji at most), so it is rendered whole.
import { type KeyboardEvent, useState } from 'react';

export interface EmojiCell {
  /** What is inserted or reacted with: the emoji in the chosen tone. */
  readonly emoji: string;
  readonly name: string;
  /** Its form without a tone, remembered under "Recent". */
  readonly base: string;
  /** Its first shortcode, shown beside it in the preview. */
  readonly shortcode?: string;
}

export function EmojiGrid({
  id,
  label,
  cells,
  columns,
  onPick,
  onActiveChange,
}: {
  id: string;
  label: string;
  cells: readonly EmojiCell[];
  columns: number;
  onPick: (cell: EmojiCell) => void;
  /** The cell focused or pointed at, for the preview. */
  onActiveChange: (cell: EmojiCell | null) => void;
}) {
  const [active, setActive] = useState(0);
  const current = Math.min(active, cells.length - 1);

  const move = (grid: HTMLElement, next: number): void => {
    const index = Math.max(0, Math.min(next, cells.length - 1));
    setActive(index);
    grid.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const grid = event.currentTarget;
    const rowStart = current - (current % columns);
    const moves: Record<string, number | undefined> = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      ArrowDown: current + columns < cells.length ? current + columns : undefined,
      ArrowUp: current - columns >= 0 ? current - columns : undefined,
      Home: event.ctrlKey ? 0 : rowStart,
      End: event.ctrlKey ? cells.length - 1 : rowStart + columns - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      const next = moves[event.key];
      if (next !== undefined) move(grid, next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const cell = cells[current];
      if (cell) onPick(cell);
    }
  };

  const rows: EmojiCell[][] = [];
  for (let start = 0; start < cells.length; start += columns) rows.push(cells.slice(start, start + columns));

  return (
    <div
      id={id}
      role="grid"
      aria-label={label}
      className="emoji-grid"
      onKeyDown={onKeyDown}
      onPointerLeave={() => onActiveChange(null)}
    >
      {rows.map((row, rowIndex) => (
        <div role="row" key={rowIndex} className="emoji-grid__row">
          {row.map((cell, column) => {
            const index = rowIndex * columns + column;
            return (
              <button
                key={cell.emoji}
                type="button"
                role="gridcell"
                className="emoji-grid__cell"
                data-index={index}
                aria-label={cell.name}
                title={cell.name}
                tabIndex={index === current ? 0 : -1}
                onClick={() => onPick(cell)}
                onFocus={() => {
                  setActive(index);
                  onActiveChange(cell);
                }}
                onPointerEnter={() => onActiveChange(cell)}
              >
                {cell.emoji}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
