// The words of a recovery phrase as the engine read them, one chip each under the field, and what
// is wrong shown at its word: each bad word has its own message (linked to its chip by
// aria-describedby) with the list words it may be as buttons that put one in its place (#17.9).
import type { PhraseCheckView, PhraseWordView } from '../../../../shared/contract/views';

export interface PhraseProblem {
  readonly position: number;
  readonly message: string;
  readonly suggestions: readonly string[];
}

/**
 * The words to point out: every word that is not a list word, except the last one while it is still
 * being typed and could become one ("ha" on its way to "hamburger").
 */
export function wordProblems(check: PhraseCheckView, typingLastWord: boolean): PhraseProblem[] {
  const last = check.words.length;
  return check.words.flatMap((word) =>
    word.state === 'word' || (word.state === 'unfinished' && typingLastWord && word.position === last)
      ? []
      : [{ position: word.position, message: word.message ?? '', suggestions: word.suggestions }],
  );
}

export function problemId(baseId: string, position: number): string {
  return `${baseId}-word-${position}`;
}

/** A chip: the list word, with the letters the person did not type shown lighter. */
function WordChip({
  word,
  isCheckWord,
  marked,
  problem,
  baseId,
  onSelect,
}: {
  word: PhraseWordView;
  isCheckWord: boolean;
  marked: boolean;
  problem: boolean;
  baseId: string;
  onSelect: (position: number) => void;
}) {
  const shown = word.word ?? word.typed;
  const typedPart = word.word ? word.typed : shown;
  const rest = word.word ? word.word.slice(word.typed.length) : '';
  const state = problem
    ? ' phrase-word--bad'
    : marked
      ? ' phrase-word--marked'
      : word.word
        ? ''
        : ' phrase-word--pending';
  return (
    <li>
      <button
        type="button"
        className={`phrase-word${state}`}
        aria-label={`Word ${word.position}${isCheckWord ? ', the check word' : ''}: ${shown}`}
        aria-describedby={problem ? problemId(baseId, word.position) : undefined}
        title={isCheckWord ? 'The check word: it repeats one of the words before it' : undefined}
        onClick={() => onSelect(word.position)}
      >
        <span className="phrase-word__number" aria-hidden="true">
          {word.position}
        </span>
        <span className="phrase-word__text">
          {typedPart}
          {rest && <span className="phrase-word__rest">{rest}</span>}
        </span>
        {isCheckWord && (
          <span className="phrase-word__tag" aria-hidden="true">
            check
          </span>
        )}
      </button>
    </li>
  );
}

export function PhraseWords({
  check,
  problems,
  baseId,
  onSelect,
}: {
  check: PhraseCheckView;
  problems: readonly PhraseProblem[];
  baseId: string;
  onSelect: (position: number) => void;
}) {
  const bad = new Set(problems.map(({ position }) => position));
  // Only a whole phrase has a check word: the 13th (or the 25th of a long one).
  const checkPosition = check.words.length === 13 || check.words.length === 25 ? check.words.length : null;
  return (
    <ol className="phrase-words" aria-label="Your words as read">
      {check.words.map((word) => (
        <WordChip
          key={word.position}
          word={word}
          isCheckWord={word.position === checkPosition}
          marked={check.positions.includes(word.position)}
          problem={bad.has(word.position)}
          baseId={baseId}
          onSelect={onSelect}
        />
      ))}
    </ol>
  );
}

/** Each bad word's message on its own line, with its suggestions as buttons. */
export function PhraseProblems({
  problems,
  baseId,
  onReplace,
}: {
  problems: readonly PhraseProblem[];
  baseId: string;
  onReplace: (position: number, word: string) => void;
}) {
  return (
    <ul className="phrase-problems">
      {problems.map(({ position, message, suggestions }) => (
        <li key={position} id={problemId(baseId, position)}>
          {message}
          {suggestions.length > 0 && (
            <span className="phrase-problems__suggestions">
              {' Did you mean '}
              {suggestions.map((suggestion, index) => (
                <span key={suggestion}>
                  {index > 0 && (index === suggestions.length - 1 ? ' or ' : ', ')}
                  <button
                    type="button"
                    aria-label={`Use “${suggestion}” as word ${position}`}
                    onClick={() => onReplace(position, suggestion)}
                  >
                    {suggestion}
                  </button>
                </span>
              ))}
              ?
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
