// The emoji picker's memory, which the engine keeps with the account's settings: the recent emoji
// and the skin tone, loaded when a picker first opens and updated as the person picks. A pick is
// never held back by saving it: the emoji goes in at once, and a failed save only costs its rank.
import type { EmojiPreferencesView, SkinTone } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { apiForScreens, notify } from './actions';
import { getState, setState } from './store';

/** What the picker shows until the engine answered, or when it could not. */
export const noEmojiPreferences: EmojiPreferencesView = { recent: [], skinTone: 'none' };

export async function loadEmojiPreferences(): Promise<EmojiPreferencesView> {
  const known = getState().emojiPreferences;
  if (known) return known;
  try {
    const preferences = await apiForScreens().getEmojiPreferences({});
    setState({ emojiPreferences: preferences });
    return preferences;
  } catch {
    // The picker works without them: no recent emoji, no tone, this time.
    return noEmojiPreferences;
  }
}

async function update(change: { used?: string; skinTone?: SkinTone }, failure: string): Promise<void> {
  try {
    setState({ emojiPreferences: await apiForScreens().updateEmojiPreferences(change) });
  } catch (error) {
    notify(error instanceof ApiError ? error.message : failure);
  }
}

/** `emoji` in its form without a tone, so that a later tone applies to it under "Recent". */
export function recordEmojiPick(emoji: string): Promise<void> {
  return update({ used: emoji }, 'The emoji picked could not be remembered under Recent.');
}

export function chooseSkinTone(skinTone: SkinTone): Promise<void> {
  const known = getState().emojiPreferences ?? noEmojiPreferences;
  // Shown at once; the engine's answer follows.
  setState({ emojiPreferences: { ...known, skinTone } });
  return update({ skinTone }, 'The skin tone could not be saved. Try again.');
}
