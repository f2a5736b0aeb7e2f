// Web links in a message's text (shared/protocol/messages/links.ts says which). A click never
// navigates the app: the person is asked first, with the whole address and its real host, and the
// link then opens outside it — in the desktop app through its main process, which asks in its own
// dialog (windowSecurity.ts), in a browser in a new tab without opener or referrer.
import { type MouseEvent, useMemo, useState } from 'react';
import {
  type LinkConfirmation,
  linkConfirmation,
  splitLinks,
} from '../../../../../shared/contract/pureHelpers';
import { inDesktopApp } from '../../../api/connection';
import { ConfirmDialog } from '../ConfirmDialog';
import './links.css';

/** Cheap test first: most messages hold no link and are never split. */
const mayHoldLink = /https?:\/\/|www\./iu;

/** Opens a confirmed web address outside the app; nothing else is ever opened. */
export function openOutside(href: string): void {
  if (linkConfirmation(href) === null) return;
  window.open(href, '_blank', 'noopener,noreferrer');
}

export function LinkQuestion({ question, onClose }: { question: LinkConfirmation; onClose: () => void }) {
  return (
    <ConfirmDialog
      title={question.question}
      confirmLabel="Open in browser"
      tone="caution"
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        openOutside(question.href);
      }}
    >
      <p className="link-question__host">
        It goes to <strong>{question.host}</strong>
      </p>
      <p className="link-question__address">{question.href}</p>
      {question.warnings.map((warning) => (
        <p key={warning} className="link-question__warning">
          {warning}
        </p>
      ))}
    </ConfirmDialog>
  );
}

export function LinkedText({ text }: { text: string }) {
  const pieces = useMemo(() => (mayHoldLink.test(text) ? splitLinks(text) : null), [text]);
  const [question, setQuestion] = useState<LinkConfirmation | null>(null);
  if (!pieces || !pieces.some((piece) => piece.kind === 'link')) return text;

  const offer = (event: MouseEvent, href: string) => {
    // Never followed by the page itself: not by a click, a middle click or a modified click.
    event.preventDefault();
    event.stopPropagation();
    if (inDesktopApp()) {
      openOutside(href);
      return;
    }
    setQuestion(linkConfirmation(href));
  };
  return (
    <>
      {pieces.map((piece, index) =>
        piece.kind === 'text' ? (
          piece.text
        ) : (
          // The pieces of a text never move, so their place is their key.
          <a
            key={index}
            className="message__link"
            href={piece.href}
            target="_blank"
            rel="noopener noreferrer"
            title={piece.href}
            onClick={(event) => offer(event, piece.href)}
            onAuxClick={(event) => offer(event, piece.href)}
          >
            {piece.text}
          </a>
        ),
      )}
      {question && <LinkQuestion question={question} onClose={() => setQuestion(null)} />}
    </>
  );
}
