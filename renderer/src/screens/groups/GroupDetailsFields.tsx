// A group's name and description, as created and as an admin edits them, checked as typed against
// the limits of the group's Info config (protocol-config-groups.md §6.3: 100 and 2000 bytes).
import { useId } from 'react';

const nameLimit = 100;
const descriptionLimit = 2000;
const encoder = new TextEncoder();
const bytes = (text: string): number => encoder.encode(text).length;

/** What is wrong with these details, in words; null when they may be saved. */
export function groupDetailsProblem(name: string, description: string): string | null {
  if (name.trim() === '') return 'A group needs a name.';
  if (bytes(name.trim()) > nameLimit) return 'The name is too long: at most 100 bytes (about 100 letters).';
  if (bytes(description.trim()) > descriptionLimit) {
    return 'The description is too long: at most 2000 bytes.';
  }
  return null;
}

export function GroupDetailsFields({
  name,
  description,
  onName,
  onDescription,
  showProblem,
  autoFocus = false,
}: {
  name: string;
  description: string;
  onName: (name: string) => void;
  onDescription: (description: string) => void;
  /** Said once the person tried to save, or as soon as a limit is passed. */
  showProblem: boolean;
  autoFocus?: boolean;
}) {
  const nameId = useId();
  const descriptionId = useId();
  const problemId = useId();
  const problem = groupDetailsProblem(name, description);
  const overLimit = problem !== null && name.trim() !== '';
  const shown = problem !== null && (showProblem || overLimit);
  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor={nameId}>
          Group name
        </label>
        <input
          id={nameId}
          className="input"
          value={name}
          autoFocus={autoFocus}
          autoComplete="off"
          placeholder="Climbing on Saturdays"
          aria-invalid={shown}
          aria-describedby={shown ? problemId : undefined}
          onChange={(event) => onName(event.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={descriptionId}>
          Description <span className="field__optional">(optional)</span>
        </label>
        <textarea
          id={descriptionId}
          className="textarea"
          rows={2}
          value={description}
          placeholder="What the group is for"
          onChange={(event) => onDescription(event.target.value)}
        />
      </div>
      {shown && (
        <p id={problemId} className="field__error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
