// The emoji picker: a search field (focused when it opens; by name, shortcode or keyword), the skin
// tone, category tabs with "Recent" first, the grid of the category or of the search's results, and
// a preview of the emoji in focus. It only shows and reports: the caller inserts or reacts with the
// emoji picked and saves the preferences (EmojiPickerPopup.tsx). Tab cycles inside it; Escape
// closes it (and the caller gives the focus back to where it was).
import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import type { EmojiPreferencesView, SkinTone } from '../../../../../shared/contract/views';
import { type EmojiCatalog, type EmojiCategoryKey, type EmojiEntry, inTone } from './emojiCatalog';
import { type EmojiCell, EmojiGrid } from './EmojiGrid';
import { searchEmoji } from './emojiSearch';
import { SkinToneButton, SkinToneChoices } from './SkinToneChooser';

/** The grid's width in emoji: 4 rows of it are the recent ones kept (maximumRecentEmoji). */
export const pickerColumns = 9;

type Tab = 'recent' | EmojiCategoryKey;

/** Each tab's icon: an emoji standing for the category (shown, but the label is what is read). */
const tabIcons: Record<Tab, string> = {
  recent: '🕘',
  smileys: '😀',
  people: '👋',
  nature: '🐻',
  food: '🍔',
  travel: '✈️',
  activities: '⚽',
  objects: '💡',
  symbols: '🔣',
  flags: '🏁',
};

function cellOf(entry: EmojiEntry, tone: SkinTone): EmojiCell {
  const shown = inTone(entry, tone);
  return { emoji: shown.emoji, name: shown.name, base: entry.emoji, shortcode: entry.shortcodes[0] };
}

/** The recent emoji as the catalog knows them; one it does not know (newer data) is kept as it is. */
function recentCells(catalog: EmojiCatalog, recent: readonly string[], tone: SkinTone): EmojiCell[] {
  return recent.map((emoji) => {
    const entry = catalog.byEmoji.get(emoji);
    return entry ? cellOf(entry, tone) : { emoji, name: emoji, base: emoji };
  });
}

export function EmojiPicker({
  label,
  catalog,
  preferences,
  onPick,
  onSkinTone,
  onClose,
}: {
  /** The picker's accessible name ("Insert emoji", "React with any emoji"). */
  label: string;
  catalog: EmojiCatalog;
  preferences: EmojiPreferencesView;
  onPick: (cell: EmojiCell) => void;
  onSkinTone: (tone: SkinTone) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [tab, setTab] = useState<Tab>(() => (preferences.recent.length > 0 ? 'recent' : 'smileys'));
  const [choosingTone, setChoosingTone] = useState(false);
  const [previewed, setPreviewed] = useState<EmojiCell | null>(null);
  const pickerRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const tonesId = useId();
  const searchId = useId();
  const tone = preferences.skinTone;

  const searching = query.trim() !== '';
  const results = useMemo(
    () => (searching ? searchEmoji(catalog.all, query) : []),
    [catalog, query, searching],
  );
  const cells = useMemo((): EmojiCell[] => {
    if (searching) return results.map((entry) => cellOf(entry, tone));
    if (tab === 'recent') return recentCells(catalog, preferences.recent, tone);
    return (catalog.categories.find((category) => category.key === tab)?.emoji ?? []).map((entry) =>
      cellOf(entry, tone),
    );
  }, [catalog, searching, results, tab, preferences.recent, tone]);

  const tabs: { key: Tab; label: string }[] = [
    { key: 'recent', label: 'Recent' },
    ...catalog.categories.map(({ key, label }) => ({ key, label })),
  ];
  const heading = searching
    ? cells.length > 0
      ? `Emoji for “${query.trim()}”`
      : `No emoji found for “${query.trim()}”`
    : (tabs.find((candidate) => candidate.key === tab)?.label ?? '');

  const focusGrid = (): void =>
    pickerRef.current?.querySelector<HTMLElement>('[role="gridcell"][tabindex="0"]')?.focus();

  const chooseTab = (next: Tab): void => {
    setTab(next);
    setQuery('');
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusGrid();
    } else if (event.key === 'Enter') {
      // The best match, without leaving the field.
      event.preventDefault();
      if (searching && cells[0]) onPick(cells[0]);
    }
  };

  const onTabsKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const at = tabs.findIndex((candidate) => candidate.key === tab);
    const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length]!;
    chooseTab(next.key);
    event.currentTarget.querySelector<HTMLElement>(`[data-tab="${next.key}"]`)?.focus();
  };

  // Escape closes; Tab goes round the picker's stops (search, tone, tabs, grid) and never out of it.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab') {
      const stops = [
        ...pickerRef.current!.querySelectorAll<HTMLElement>(
          'input, button:not([tabindex="-1"]), [role="gridcell"][tabindex="0"]',
        ),
      ];
      const at = stops.indexOf(document.activeElement as HTMLElement);
      const next = stops[(at + (event.shiftKey ? -1 : 1) + stops.length) % stops.length];
      event.preventDefault();
      next?.focus();
    }
  };

  const shown = previewed ?? null;
  return (
    <div ref={pickerRef} className="emoji-picker" role="dialog" aria-label={label} onKeyDown={onKeyDown}>
      <div className="emoji-picker__header">
        <label htmlFor={searchId} className="visually-hidden">
          Search emoji
        </label>
        <input
          id={searchId}
          type="search"
          className="emoji-picker__search"
          placeholder="Search emoji"
          autoComplete="off"
          spellCheck={false}
          data-autofocus=""
          value={query}
          aria-controls={gridId}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onSearchKeyDown}
        />
        <SkinToneButton
          tone={tone}
          expanded={choosingTone}
          controls={tonesId}
          onToggle={() => setChoosingTone(!choosingTone)}
        />
      </div>
      {choosingTone ? (
        <SkinToneChoices
          id={tonesId}
          tone={tone}
          onChoose={(choice) => {
            onSkinTone(choice);
            setChoosingTone(false);
            pickerRef.current?.querySelector<HTMLElement>('[data-tone-button]')?.focus();
          }}
          onDismiss={() => {
            setChoosingTone(false);
            pickerRef.current?.querySelector<HTMLElement>('[data-tone-button]')?.focus();
          }}
        />
      ) : (
        <div
          role="tablist"
          aria-label="Emoji categories"
          className="emoji-picker__tabs"
          onKeyDown={onTabsKeyDown}
        >
          {tabs.map((candidate) => {
            const selected = !searching && candidate.key === tab;
            return (
              <button
                key={candidate.key}
                type="button"
                role="tab"
                data-tab={candidate.key}
                className="emoji-picker__tab"
                aria-label={candidate.label}
                title={candidate.label}
                aria-selected={selected}
                aria-controls={gridId}
                tabIndex={selected || (searching && candidate.key === tab) ? 0 : -1}
                onClick={() => chooseTab(candidate.key)}
              >
                <span aria-hidden="true">{tabIcons[candidate.key]}</span>
              </button>
            );
          })}
        </div>
      )}
      <div className="emoji-picker__body">
        <h2 className="emoji-picker__heading" aria-live="polite">
          {heading}
        </h2>
        {!searching && tab === 'recent' && cells.length === 0 && (
          <p className="emoji-picker__message">The emoji you pick appear here.</p>
        )}
        {cells.length > 0 && (
          <EmojiGrid
            // A new list starts at its first emoji.
            key={searching ? `search:${query}` : tab}
            id={gridId}
            label={heading}
            cells={cells}
            columns={pickerColumns}
            onPick={onPick}
            onActiveChange={setPreviewed}
          />
        )}
      </div>
      <div className="emoji-picker__preview" aria-hidden="true">
        {shown ? (
          <>
            <span className="emoji-picker__preview-emoji">{shown.emoji}</span>
            <span className="emoji-picker__preview-name">{shown.name}</span>
            {shown.shortcode && <span className="emoji-picker__preview-code">:{shown.shortcode}:</span>}
          </>
        ) : (
          <span className="emoji-picker__preview-hint">Arrow keys move, Enter picks</span>
        )}
      </div>
    </div>
  );
}
