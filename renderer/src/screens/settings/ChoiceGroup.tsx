// A radio group of native inputs in a fieldset: arrow keys move between the choices, the legend
// names the group, and each choice can carry a line of explanation or a small picture.
import { type ReactNode, useId } from 'react';

export interface Choice<Value extends string> {
  readonly value: Value;
  readonly label: string;
  readonly description?: string;
  readonly picture?: ReactNode;
}

export function ChoiceGroup<Value extends string>({
  legend,
  choices,
  value,
  layout = 'list',
  onChange,
}: {
  legend: string;
  choices: readonly Choice<Value>[];
  value: Value;
  layout?: 'list' | 'tiles';
  onChange: (value: Value) => void;
}) {
  const name = useId();
  return (
    <fieldset className={`choices choices--${layout}`}>
      <legend className="visually-hidden">{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} className="choice">
          <input
            className="choice__input"
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />
          <span className="choice__body">
            {choice.picture}
            <span className="choice__text">
              <span className="choice__label">{choice.label}</span>
              {choice.description && <span className="choice__description">{choice.description}</span>}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
