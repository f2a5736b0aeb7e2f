// The emoji picker as the composer and a message's reactions open it: put on <body> beside its
// anchor (popup.ts); its code and data loaded on the first opening (lazyPicker.ts), and the
// account's recent emoji and tone from the engine. A pick is remembered under "Recent" and handed
// to the caller; Escape gives the focus back (the caller says where), a click elsewhere does not.
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import {
  chooseSkinTone,
  loadEmojiPreferences,
  noEmojiPreferences,
  recordEmojiPick,
} from '../../../store/emojiActions';
import { useAppStore } from '../../../store/store';
import { useDismissal, usePlacement } from '../popup';
import type { EmojiCatalog } from './emojiCatalog';
import type { EmojiCell } from './EmojiGrid';
import './emojiPicker.css';

type Loaded =
  | { readonly Picker: typeof import('./EmojiPicker').EmojiPicker; readonly catalog: EmojiCatalog }
  | 'loading'
  | 'failed';

function load(): Promise<Loaded> {
  return import('./lazyPicker').then(async (chunk) => {
    const [catalog] = await Promise.all([chunk.loadEmojiCatalog(), loadEmojiPreferences()]);
    return { Picker: chunk.EmojiPicker, catalog };
  });
}

export function EmojiPickerPopup({
  anchor,
  label,
  align = 'start',
  onPick,
  onClose,
}: {
  anchor: HTMLElement;
  label: string;
  align?: 'start' | 'end';
  /** The emoji picked, in the tone chosen; the picker has closed. */
  onPick: (emoji: string) => void;
  /** `restoreFocus`: closed with Escape or by a pick, so the focus goes back to where it was. */
  onClose: (restoreFocus: boolean) => void;
}) {
  const [loaded, setLoaded] = useState<Loaded>('loading');
  const preferences = useAppStore((state) => state.emojiPreferences) ?? noEmojiPreferences;
  const popupRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded(value),
      () => current && setLoaded('failed'),
    );
    return () => {
      current = false;
    };
  }, []);

  // Placed once: the placeholder has the picker's size.
  const { style: position, placed } = usePlacement(popupRef, anchor, align);
  const ready = typeof loaded === 'object';
  useLayoutEffect(() => {
    if (placed) popupRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [placed, ready]);

  useDismissal(popupRef, anchor, () => onClose(false));

  const pick = (cell: EmojiCell): void => {
    void recordEmojiPick(cell.base);
    onClose(true);
    onPick(cell.emoji);
  };

  const onPlaceholderKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onClose(true);
  };

  return createPortal(
    <div ref={popupRef} className="emoji-picker-popup" style={position}>
      {ready ? (
        <loaded.Picker
          label={label}
          catalog={loaded.catalog}
          preferences={preferences}
          onPick={pick}
          onSkinTone={(tone) => void chooseSkinTone(tone)}
          onClose={() => onClose(true)}
        />
      ) : (
        <div
          className="emoji-picker emoji-picker--loading"
          role="dialog"
          aria-label={label}
          tabIndex={-1}
          data-autofocus=""
          onKeyDown={onPlaceholderKeyDown}
        >
          <p className="emoji-picker__message" role={loaded === 'failed' ? 'alert' : 'status'}>
            {loaded === 'failed'
              ? 'The emoji could not be loaded. Close the picker and open it again.'
              : 'Loading emoji…'}
          </p>
        </div>
      )}
    </div>,
    document.body,
  );
}
