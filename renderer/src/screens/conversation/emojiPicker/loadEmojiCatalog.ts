// The emoji data, loaded on the picker's first opening as chunks of their own (Vite splits a dynamic
// import): emojibase's compact English set (571 KB) and its shortcodes (170 KB). Loaded once.
import { buildCatalog, type EmojiCatalog } from './emojiCatalog';

let loading: Promise<EmojiCatalog> | undefined;

export function loadEmojiCatalog(): Promise<EmojiCatalog> {
  loading ??= Promise.all([
    import('emojibase-data/en/compact.json'),
    import('emojibase-data/en/shortcodes/emojibase.json'),
  ]).then(([data, shortcodes]) => buildCatalog(data.default, shortcodes.default));
  // A failed load (the chunk missing from a broken install) is tried again at the next opening.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
