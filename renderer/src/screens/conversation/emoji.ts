// The emoji the pickers offer, with names for screen readers.

export interface EmojiChoice {
  readonly emoji: string;
  readonly name: string;
}

/** Reactions, as in the reference client's quick bar. */
export const reactionEmoji: readonly EmojiChoice[] = [
  { emoji: '👍', name: 'thumbs up' },
  { emoji: '❤️', name: 'red heart' },
  { emoji: '😂', name: 'face with tears of joy' },
  { emoji: '😮', name: 'face with open mouth' },
  { emoji: '😢', name: 'crying face' },
  { emoji: '🙏', name: 'folded hands' },
];

/** The composer's small picker. */
export const composerEmoji: readonly EmojiChoice[] = [
  { emoji: '😀', name: 'grinning face' },
  { emoji: '😂', name: 'face with tears of joy' },
  { emoji: '😊', name: 'smiling face with smiling eyes' },
  { emoji: '😍', name: 'smiling face with heart-eyes' },
  { emoji: '😘', name: 'face blowing a kiss' },
  { emoji: '😉', name: 'winking face' },
  { emoji: '😎', name: 'smiling face with sunglasses' },
  { emoji: '🤔', name: 'thinking face' },
  { emoji: '😮', name: 'face with open mouth' },
  { emoji: '😢', name: 'crying face' },
  { emoji: '😭', name: 'loudly crying face' },
  { emoji: '😅', name: 'grinning face with sweat' },
  { emoji: '🙂', name: 'slightly smiling face' },
  { emoji: '🙃', name: 'upside-down face' },
  { emoji: '😴', name: 'sleeping face' },
  { emoji: '🥳', name: 'partying face' },
  { emoji: '👍', name: 'thumbs up' },
  { emoji: '👎', name: 'thumbs down' },
  { emoji: '👏', name: 'clapping hands' },
  { emoji: '🙏', name: 'folded hands' },
  { emoji: '👋', name: 'waving hand' },
  { emoji: '💪', name: 'flexed biceps' },
  { emoji: '❤️', name: 'red heart' },
  { emoji: '🔥', name: 'fire' },
  { emoji: '✨', name: 'sparkles' },
  { emoji: '🎉', name: 'party popper' },
  { emoji: '✅', name: 'check mark button' },
  { emoji: '👀', name: 'eyes' },
  { emoji: '☕', name: 'hot beverage' },
  { emoji: '🌱', name: 'seedling' },
  { emoji: '🐦', name: 'bird' },
  { emoji: '🚀', name: 'rocket' },
];
