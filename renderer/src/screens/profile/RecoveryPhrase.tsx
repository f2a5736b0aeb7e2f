// The recovery phrase on request (product.md: the phrase can be revealed): a warning to confirm
// first, then the 13 words, numbered as at onboarding, until Hide or until the screen is left. The
// words live only in this component's state, never in the store.
import { useEffect, useRef, useState } from 'react';
import { revealRecoveryPhrase } from '../../store/accountActions';

type Step =
  | { readonly name: 'hidden' }
  | { readonly name: 'confirming' }
  | { readonly name: 'revealing' }
  | { readonly name: 'shown'; readonly words: readonly string[] };

export function RecoveryPhrase() {
  const [step, setStep] = useState<Step>({ name: 'hidden' });
  const [moveFocus, setMoveFocus] = useState(false);
  const showButton = useRef<HTMLButtonElement>(null);
  const warning = useRef<HTMLDivElement>(null);
  const phrase = useRef<HTMLOListElement>(null);

  // Focus follows the step, so a keyboard or screen reader user hears the warning, then the words.
  useEffect(() => {
    if (!moveFocus) return;
    setMoveFocus(false);
    if (step.name === 'hidden') showButton.current?.focus();
    else if (step.name === 'confirming') warning.current?.focus();
    else if (step.name === 'shown') phrase.current?.focus();
  }, [moveFocus, step.name]);

  const go = (next: Step): void => {
    setStep(next);
    setMoveFocus(true);
  };

  const reveal = async (): Promise<void> => {
    setStep({ name: 'revealing' });
    const recoveryPhrase = await revealRecoveryPhrase();
    go(recoveryPhrase ? { name: 'shown', words: recoveryPhrase.trim().split(/\s+/u) } : { name: 'hidden' });
  };

  if (step.name === 'hidden') {
    return (
      <div className="actions">
        <button
          ref={showButton}
          type="button"
          className="button button--secondary"
          onClick={() => go({ name: 'confirming' })}
        >
          Show recovery phrase
        </button>
      </div>
    );
  }

  if (step.name === 'confirming' || step.name === 'revealing') {
    return (
      <div ref={warning} className="page-callout" role="alert" tabIndex={-1}>
        <p>
          <strong>Anyone with these words can read your messages</strong> and take over your account. Make
          sure no one can see your screen. Show it?
        </p>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={step.name === 'revealing'}
            onClick={() => void reveal()}
          >
            {step.name === 'revealing' ? 'Showing…' : 'Show it'}
          </button>
          <button type="button" className="button button--quiet" onClick={() => go({ name: 'hidden' })}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="profile-phrase">
      <ol ref={phrase} className="phrase" aria-label="Recovery phrase" tabIndex={-1}>
        {step.words.map((word, index) => (
          <li key={index}>{word}</li>
        ))}
      </ol>
      <p className="page-muted">Write them down and keep them somewhere safe, away from this device.</p>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => go({ name: 'hidden' })}>
          Hide
        </button>
      </div>
    </div>
  );
}
