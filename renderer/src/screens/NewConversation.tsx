// New conversation: a Session ID typed or pasted (checked as it is typed, with the validator's own
// words), or read from a QR code: the camera, an image file, or an image pasted anywhere on the
// screen. Starting opens the conversation, empty until the first message. A new group starts here too.
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { abbreviateSessionId } from '../../../shared/contract/pureHelpers';
import { maximumGroupMembers } from '../../../shared/contract/clientApi';
import { startConversation } from '../store/actions';
import { PeopleIcon } from './conversation/icons';
import { NewGroupDialog } from './groups/NewGroupDialog';
import { JoinCommunity } from './community/JoinCommunity';
import { useAppStore } from '../store/store';
import { QrScanner } from './newConversation/QrScanner';
import { readQrFromImage } from './newConversation/qrPixels';
import { sessionIdFeedback } from './newConversation/sessionIdFeedback';
import { Page, PageSection } from './settings/Page';
import './newConversation/newConversation.css';

type Reading =
  | { readonly kind: 'busy'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'found'; readonly text: string };

const pasteKeys =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/u.test(navigator.userAgent) ? '⌘V' : 'Ctrl+V';

function pastedImage(event: ClipboardEvent): File | null {
  for (const item of event.clipboardData?.items ?? []) {
    if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile();
  }
  return null;
}

export function NewConversation() {
  const [input, setInput] = useState('');
  const [left, setLeft] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [reading, setReading] = useState<Reading | null>(null);
  const [focusStart, setFocusStart] = useState(false);
  const [creatingGroup, setCreatingGroup] = useState(false);
  const fieldId = useId();
  const feedbackId = useId();
  const noteId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);

  const feedback = sessionIdFeedback(input, left);
  const ownSessionId = useAppStore((state) => state.account?.sessionId ?? null);
  const existing = useAppStore((state) =>
    feedback.sessionId ? (state.conversations[feedback.sessionId] ?? null) : null,
  );

  const found = useCallback((sessionId: string, source: 'camera' | 'image') => {
    setInput(sessionId);
    setLeft(true);
    setScanning(false);
    setReading({
      kind: 'found',
      text: `Read ${abbreviateSessionId(sessionId)} from the ${source === 'camera' ? 'QR code' : 'image'}. Check it, then start the conversation.`,
    });
    setFocusStart(true);
  }, []);

  const readImage = useCallback(
    async (image: Blob) => {
      setScanning(false);
      setReading({ kind: 'busy', text: 'Reading the QR code…' });
      const result = await readQrFromImage(image);
      if (result.ok) found(result.sessionId, 'image');
      else setReading({ kind: 'error', text: result.message });
    },
    [found],
  );

  // Once a scan filled the field, the next step is the button (enabled only after that render).
  useEffect(() => {
    if (focusStart && feedback.sessionId) {
      startButton.current?.focus();
      setFocusStart(false);
    }
  }, [focusStart, feedback.sessionId]);

  // An image pasted anywhere on this screen is read; text pasted into the field stays text.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent): void => {
      const image = pastedImage(event);
      if (!image) return;
      const intoField =
        event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement;
      if (intoField && event.clipboardData?.types.includes('text/plain')) return;
      event.preventDefault();
      void readImage(image);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [readImage]);

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    if (!feedback.sessionId) {
      setLeft(true);
      return;
    }
    void startConversation(feedback.sessionId);
  };

  const fromImage = (
    <button
      type="button"
      className="button button--secondary"
      disabled={reading?.kind === 'busy'}
      onClick={() => fileInput.current?.click()}
    >
      <ImageIcon />
      From an image
    </button>
  );

  const note =
    feedback.sessionId === null
      ? null
      : feedback.sessionId === ownSessionId
        ? 'This is your own Session ID.'
        : existing?.state === 'blocked'
          ? 'You blocked this person. Unblock them in Settings to write to them.'
          : existing
            ? `You already have a conversation with ${existing.displayName ?? 'this person'}: it will open.`
            : null;

  return (
    <Page
      title="New conversation"
      lede="Write to someone with their Session ID: type or paste it, or scan the QR code they show you. Or start a group, or join a community."
    >
      <form className="page-section" onSubmit={submit}>
        <div className="field">
          <label className="field__label" htmlFor={fieldId}>
            Session ID
          </label>
          <textarea
            id={fieldId}
            className="textarea mono new-conversation__field"
            value={input}
            rows={2}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            placeholder="05…"
            aria-invalid={feedback.error !== null}
            aria-describedby={note ? `${feedbackId} ${noteId}` : feedbackId}
            onChange={(event) => {
              setInput(event.target.value);
              setLeft(false);
              if (reading?.kind !== 'busy') setReading(null);
            }}
            onBlur={() => setLeft(input.trim() !== '')}
            onKeyDown={(event) => {
              // One line of text: Enter starts, as in every other single-value form.
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                submit();
              }
            }}
          />
          <span
            id={feedbackId}
            className={feedback.error ? 'field__error' : feedback.sessionId ? 'page-success' : 'field__hint'}
            role={feedback.error ? 'alert' : undefined}
          >
            {feedback.error ?? (
              <>
                {feedback.sessionId && <span aria-hidden="true">✓ </span>}
                {feedback.hint}
              </>
            )}
          </span>
          {note && (
            <span id={noteId} className="field__hint">
              {note}
            </span>
          )}
        </div>
        <div className="actions">
          <button ref={startButton} type="submit" className="button" disabled={feedback.sessionId === null}>
            Start conversation
          </button>
        </div>
      </form>

      <PageSection
        title="Start a group"
        description={`A closed group of up to ${maximumGroupMembers} people, you included, end-to-end encrypted like every chat.`}
      >
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={() => setCreatingGroup(true)}>
            <PeopleIcon size={16} />
            New group
          </button>
        </div>
        {creatingGroup && <NewGroupDialog onClose={() => setCreatingGroup(false)} />}
      </PageSection>

      <PageSection
        title="Scan a QR code"
        description={`Hold their code up to your camera, or pick a picture of it. You can also paste an image here (${pasteKeys}).`}
      >
        {scanning ? (
          <QrScanner
            onFound={(sessionId) => found(sessionId, 'camera')}
            onClose={() => setScanning(false)}
            otherActions={fromImage}
          />
        ) : (
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setReading(null);
                setScanning(true);
              }}
            >
              <CameraIcon />
              Scan QR code
            </button>
            {fromImage}
          </div>
        )}
        <input
          ref={fileInput}
          type="file"
          accept="image/*"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void readImage(file);
          }}
        />
        <p
          className={`new-conversation__reading new-conversation__reading--${reading?.kind ?? 'none'}`}
          role="status"
        >
          {reading?.text}
        </p>
      </PageSection>

      <JoinCommunity />
    </Page>
  );
}

function CameraIcon() {
  return (
    <svg className="new-conversation__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}

function ImageIcon() {
  return (
    <svg className="new-conversation__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="4" y="5" width="16" height="14" rx="2" />
      <circle cx="9" cy="10" r="1.5" />
      <path d="M5 17l5-5 4 4 2-2 3 3" />
    </svg>
  );
}
