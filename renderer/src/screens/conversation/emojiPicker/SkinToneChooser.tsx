// The skin tone the picker applies to the emoji that take one: a button showing a hand in the tone,
// which opens the six choices in a row (Left and Right move between them, Enter or a click chooses,
// Escape closes the row without closing the picker).
import { type KeyboardEvent, useLayoutEffect, useRef } from 'react';
import { skinTones } from '../../../../../shared/contract/clientApi';
import type { SkinTone } from '../../../../../shared/contract/views';

export const skinToneNames: Record<SkinTone, string> = {
  none: 'No skin tone',
  light: 'Light skin tone',
  mediumLight: 'Medium-light skin tone',
  medium: 'Medium skin tone',
  mediumDark: 'Medium-dark skin tone',
  dark: 'Dark skin tone',
};

/** ✋ in each tone: U+270B followed by a modifier (U+1F3FB–1F3FF), or by none. */
function hand(tone: SkinTone): string {
  const index = skinTones.indexOf(tone);
  return index === 0 ? '✋' : `✋${String.fromCodePoint(0x1f3fb + index - 1)}`;
}

export function SkinToneButton({
  tone,
  expanded,
  controls,
  onToggle,
}: {
  tone: SkinTone;
  expanded: boolean;
  controls: string;
  onToggle: () => void;
}) {
  const label = `Skin tone: ${skinToneNames[tone].replace(' skin tone', '')}`;
  return (
    <button
      type="button"
      className="icon-button emoji-picker__tone-button"
      data-tone-button=""
      aria-label={label}
      title={label}
      aria-expanded={expanded}
      aria-controls={expanded ? controls : undefined}
      onClick={onToggle}
    >
      <span aria-hidden="true">{hand(tone)}</span>
    </button>
  );
}

export function SkinToneChoices({
  id,
  tone,
  onChoose,
  onDismiss,
}: {
  id: string;
  tone: SkinTone;
  onChoose: (tone: SkinTone) => void;
  onDismiss: () => void;
}) {
  const groupRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    groupRef.current?.querySelector<HTMLElement>('[aria-pressed="true"]')?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const step = event.key === 'ArrowRight' ? 1 : -1;
      buttons[(at + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onDismiss();
    }
  };

  return (
    <div
      ref={groupRef}
      id={id}
      role="group"
      aria-label="Skin tone"
      className="emoji-picker__tones"
      onKeyDown={onKeyDown}
    >
      {skinTones.map((choice) => (
        <button
          key={choice}
          type="button"
          className="emoji-picker__tone"
          aria-label={skinToneNames[choice]}
          title={skinToneNames[choice]}
          aria-pressed={choice === tone}
          tabIndex={choice === tone ? 0 : -1}
          onClick={() => onChoose(choice)}
        >
          {hand(choice)}
        </button>
      ))}
    </div>
  );
}
