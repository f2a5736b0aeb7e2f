// The quick reactions a message's React menu offers before "More reactions" (the full picker,
// emojiPicker/), with names for screen readers. Written as Unicode's fully-qualified forms, as the
// other Session clients send them, so that the same reaction from both adds up.

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
