// The emoji picker's memory for the account: which emoji come first under "Recent" and which skin
// tone it applies. Kept in the profile's settings (the account's place, one engine for every window)
// rather than in a window's localStorage, so the headless host and the desktop app agree.
//
// "Recent" ranks by use, weighted towards the latest: each pick multiplies every score by `decay`
// and adds 1 to the emoji picked. An emoji picked a moment ago comes before those picked as often
// earlier, and one picked many times stays ahead of one picked once since. Counting picks rather
// than reading the clock keeps the order the same whatever time it is, and testable.
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type { EmojiPreferencesView } from '../../shared/contract/views';
import { maximumRecentEmoji, type SettingsRepository, type SettingValue } from '../store/settingsRepository';

export type RecentEmoji = SettingValue<'recentEmoji'>;

/** How much an earlier pick still counts after each new one: half after about 6.6 picks. */
const decay = 0.9;

/** The recent emoji after `emoji` was picked: best first, at most `maximumRecentEmoji`. */
export function recordEmojiUse(recent: RecentEmoji, emoji: string): RecentEmoji {
  const earlier = recent.find((entry) => entry.emoji === emoji)?.score ?? 0;
  const others = recent
    .filter((entry) => entry.emoji !== emoji)
    .map((entry) => ({ emoji: entry.emoji, score: entry.score * decay }));
  const picked = { emoji, score: earlier * decay + 1 };
  // The stable sort keeps the earlier order among equal scores; the one just picked goes first
  // among them.
  return [picked, ...others].sort((left, right) => right.score - left.score).slice(0, maximumRecentEmoji);
}

export function emojiPreferencesView(settings: SettingsRepository): EmojiPreferencesView {
  return {
    recent: settings.get('recentEmoji').map((entry) => entry.emoji),
    skinTone: settings.get('emojiSkinTone'),
  };
}

/** Saves what the request names and answers the preferences as they are now. */
export function updateEmojiPreferences(
  settings: SettingsRepository,
  request: ValidClientRequest<'updateEmojiPreferences'>,
): EmojiPreferencesView {
  if (request.used !== undefined) {
    settings.set('recentEmoji', recordEmojiUse(settings.get('recentEmoji'), request.used));
  }
  if (request.skinTone !== undefined) settings.set('emojiSkinTone', request.skinTone);
  return emojiPreferencesView(settings);
}
