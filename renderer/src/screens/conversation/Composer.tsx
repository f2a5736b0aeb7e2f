// Writing a message: a textarea that grows to about 8 lines, Enter sends and Shift+Enter starts a
// new line, the emoji picker (emojiPicker/) inserts at the cursor, the reply being written shown
// above with a way to cancel it, typing indicators (started on input, stopped after sending or 8 s
// idle), and in a group or a room the mention picker on "@" (groups/MentionPicker.tsx), and files: attached
// with the paperclip, pasted, or dropped on the conversation, waiting in the tray above until sent.
// While the field and the tray are empty the send button is the microphone (as in Session and
// Signal): a recorded voice note goes at once as a message of its own, and one that could not go
// waits above. Blocked conversations get an explanation and the way out instead (the only Unblock
// on screen). While Starling is disconnected nothing is sent and nothing typed is cleared: the
// words stay in the field, and the composer says why they did not go. A text too long for one
// message is not cut: the composer says so and offers to send it as several (LengthNotice.tsx).
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { fitsOneMessage, maximumMessageLength } from '../../../../shared/contract/messageLength';
import { reportTyping, sendMessage, unblockContact } from '../../store/actions';
import { sendMessageParts } from '../../store/messageParts';
import {
  releaseTray,
  restoreTray,
  stageFiles,
  takeTray,
  trayBusy,
  useTray,
} from '../../store/attachmentActions';
import { ComposerTray } from './attachments/ComposerTray';
import { sendVoiceNote } from '../../store/voiceActions';
import { UnsentVoiceNotes } from './voice/UnsentVoiceNotes';
import { VoiceRecorder } from './voice/VoiceRecorder';
import { useAppStore } from '../../store/store';
import { MentionPicker, useMentionPicker } from '../groups/MentionPicker';
import { wireText } from '../groups/mentionText';
import {
  clearDraftMentions,
  draftFor,
  emptyDraft,
  setDraftText,
  setReply,
  useComposerStore,
} from './composerStore';
import { EmojiPickerButton } from './emojiPicker/EmojiPickerButton';
import { fullStopAfter } from './format';
import { PaperclipIcon, SendIcon, SmileIcon } from './icons';
import { LengthNotice } from './LengthNotice';
import { ReplyPreview } from './ReplyPreview';

/** Typing stops being reported this long after the last keystroke. */
// Longer than the other side's poll interval (3–5 s), so that a short pause does not take back the
// indicator before they ever saw it.
const typingIdleMs = 8_000;

export function Composer({
  conversationId,
  blocked,
  closed = null,
  files = true,
  peerName,
  onSend,
}: {
  conversationId: string;
  blocked: boolean;
  /** Files and voice notes can go here (in a community room, when its moderators let us share them). */
  files?: boolean;
  /** Why nothing can be written here (a group we are out of, an invitation not accepted); null when it can. */
  closed?: string | null;
  peerName: string;
  /** Called as a message leaves (to scroll the list to it). */
  onSend?: () => void;
}) {
  const draft = useComposerStore((state) => state.drafts[conversationId] ?? emptyDraft);
  const connected = useAppStore((state) => state.connection === 'open');
  /** A send was tried while disconnected: say so until the connection is back. */
  const [heldBack, setHeldBack] = useState(false);
  useEffect(() => {
    if (connected) setHeldBack(false);
  }, [connected]);
  const focusRequest = useComposerStore((state) => state.focusRequest);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const tray = useTray(conversationId);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Where the caret goes after an emoji was inserted. */
  const caretRef = useRef<number | null>(null);
  const inputId = useId();
  const hintId = useId();
  const { text, quoteId } = draft;
  /** The caret in the field, for the mention picker (what is typed after an "@" just before it). */
  const [caret, setCaret] = useState(() => draftFor(conversationId).text.length);
  /** A voice note is being recorded: the microphone stays, whatever else changes meanwhile. */
  const [recording, setRecording] = useState(false);
  /** Send was asked while files were still being prepared: it goes once they are. */
  const [waitingForFiles, setWaitingForFiles] = useState(false);
  const preparing = trayBusy(tray);
  /** This render's `send`, for the effect below (a blocked conversation renders none). */
  const sendRef = useRef<(() => Promise<void>) | undefined>(undefined);
  // The files that held a send back are ready (or were taken out): it goes now, once.
  useEffect(() => {
    if (!waitingForFiles || preparing) return;
    setWaitingForFiles(false);
    void sendRef.current?.();
  }, [waitingForFiles, preparing]);

  const stopTyping = useCallback(() => {
    clearTimeout(idleTimer.current);
    reportTyping(conversationId, false);
  }, [conversationId]);

  // Leaving the conversation (or the screen) stops the indicator.
  useEffect(() => stopTyping, [stopTyping]);

  useEffect(() => {
    const textarea = textareaRef.current;
    if (blocked || !textarea) return;
    // A draft kept from before is taken up where it ends (a field filled on mount puts its caret
    // at the start), and the mention picker knows the caret without waiting for a keystroke.
    textarea.focus();
    const end = textarea.value.length;
    textarea.setSelectionRange(end, end);
    setCaret(end);
  }, [focusRequest, conversationId, blocked]);

  // Grow with the text; CSS caps the height at about 8 lines, then it scrolls.
  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.style.height = 'auto';
    const border = textarea.offsetHeight - textarea.clientHeight;
    textarea.style.height = `${textarea.scrollHeight + border}px`;
    textarea.style.overflowY = textarea.scrollHeight > textarea.clientHeight + 1 ? 'auto' : 'hidden';
    if (caretRef.current !== null) {
      textarea.focus();
      textarea.setSelectionRange(caretRef.current, caretRef.current);
      caretRef.current = null;
    }
  }, [text]);

  /** What would be sent: trimmed, mentions as IDs (what the length limit applies to). */
  const wire = useMemo(() => wireText(text.trim(), draft.mentions), [text, draft.mentions]);

  const picker = useMentionPicker(conversationId, text, caret, (next, nextCaret) => {
    caretRef.current = nextCaret;
    setCaret(nextCaret);
    onChange(next);
  });

  if (closed !== null) {
    return (
      <div className="composer composer--blocked" role="status">
        <p>{closed}</p>
      </div>
    );
  }

  if (blocked) {
    return (
      <div className="composer composer--blocked">
        <p>
          You blocked <bdi>{peerName}</bdi>
          {fullStopAfter(peerName)} Unblock them to send and receive messages.
        </p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void unblockContact(conversationId)}
        >
          Unblock
        </button>
      </div>
    );
  }

  // Files still being prepared hold the message back, so that none is left behind: a send asked
  // meanwhile waits for them (`waitingForFiles`) and goes as soon as they are ready.
  const canSend = (text.trim().length > 0 || tray.length > 0) && !preparing && fitsOneMessage(wire);
  // Nothing to send yet: the microphone takes the send button's place. A file dropped or pasted
  // while recording does not take it away (that would cancel the recording).
  const showMicrophone = files && (recording || (text.trim().length === 0 && tray.length === 0));

  const send = async (): Promise<void> => {
    if (preparing && fitsOneMessage(wire)) {
      setWaitingForFiles(true);
      return;
    }
    if (!canSend) return;
    if (!connected) {
      setHeldBack(true);
      return;
    }
    const sending = { text: wire, quoteId };
    const files = takeTray(conversationId);
    setDraftText(conversationId, '');
    setReply(conversationId, null);
    stopTyping();
    onSend?.();
    const sent = await sendMessage(
      conversationId,
      sending.text,
      sending.quoteId ?? undefined,
      files.stagedIds,
    );
    if (sent && draftFor(conversationId).text === '') clearDraftMentions(conversationId);
    if (sent) releaseTray(files.files);
    // The words and files are not lost when the message could not be sent (the notice says why).
    if (!sent) restoreTray(conversationId, files.files);
    if (!sent && draftFor(conversationId).text === '') {
      setDraftText(conversationId, text);
      if (sending.quoteId !== null) setReply(conversationId, sending.quoteId);
    }
    if (!sent && useAppStore.getState().connection !== 'open') setHeldBack(true);
  };
  sendRef.current = send;

  /** A text too long for one message, sent as `parts` in order; what did not go stays in the field. */
  const sendParts = async (parts: readonly string[]): Promise<void> => {
    if (!connected) {
      setHeldBack(true);
      return;
    }
    const files = takeTray(conversationId);
    setDraftText(conversationId, '');
    setReply(conversationId, null);
    stopTyping();
    onSend?.();
    const sent = await sendMessageParts(conversationId, parts, quoteId ?? undefined, files.stagedIds);
    if (sent > 0) releaseTray(files.files);
    else restoreTray(conversationId, files.files);
    if (sent === parts.length) {
      if (draftFor(conversationId).text === '') clearDraftMentions(conversationId);
      return;
    }
    if (draftFor(conversationId).text === '') {
      setDraftText(conversationId, parts.slice(sent).join('\n\n'));
      if (sent === 0 && quoteId !== null) setReply(conversationId, quoteId);
    }
    if (useAppStore.getState().connection !== 'open') setHeldBack(true);
  };

  const onChange = (value: string): void => {
    setDraftText(conversationId, value);
    clearTimeout(idleTimer.current);
    if (value.trim() === '') {
      reportTyping(conversationId, false);
      return;
    }
    reportTyping(conversationId, true);
    idleTimer.current = setTimeout(() => reportTyping(conversationId, false), typingIdleMs);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (picker.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && quoteId !== null) {
      event.preventDefault();
      setReply(conversationId, null);
    }
  };

  const insertEmoji = (emoji: string): void => {
    const textarea = textareaRef.current;
    const start = textarea?.selectionStart ?? text.length;
    const end = textarea?.selectionEnd ?? text.length;
    caretRef.current = start + emoji.length;
    onChange(text.slice(0, start) + emoji + text.slice(end));
  };

  return (
    <form
      className="composer"
      aria-label="Write a message"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {quoteId !== null && <ReplyPreview conversationId={conversationId} quoteId={quoteId} />}
      <MentionPicker picker={picker} />
      <ComposerTray conversationId={conversationId} />
      <UnsentVoiceNotes conversationId={conversationId} />
      <div className="composer__row">
        {files && (
          <button
            type="button"
            className="icon-button composer__attach"
            aria-label="Attach files"
            title="Attach files (or paste, or drop them here)"
            onClick={() => fileInputRef.current?.click()}
          >
            <PaperclipIcon size={20} />
          </button>
        )}
        <input
          ref={fileInputRef}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          tabIndex={-1}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) void stageFiles(conversationId, files);
            textareaRef.current?.focus();
          }}
        />
        <EmojiPickerButton
          label="Insert emoji"
          className="icon-button composer__emoji"
          returnFocus={textareaRef}
          onPick={insertEmoji}
        >
          <SmileIcon size={20} />
        </EmojiPickerButton>
        <label htmlFor={inputId} className="visually-hidden">
          Message to {peerName}
        </label>
        <textarea
          dir="auto"
          ref={textareaRef}
          id={inputId}
          className="composer__input"
          rows={1}
          placeholder={`Message ${peerName}`}
          value={text}
          aria-describedby={hintId}
          aria-autocomplete={picker.enabled ? 'list' : undefined}
          aria-controls={picker.candidates.length > 0 ? picker.listId : undefined}
          aria-activedescendant={picker.activeOptionId}
          onChange={(event) => {
            setCaret(event.target.selectionStart);
            onChange(event.target.value);
          }}
          onSelect={(event) => {
            // A caret the composer is about to place (after a mention or an emoji) wins over the
            // field's, which still points into the text before the change.
            if (caretRef.current === null) setCaret(event.currentTarget.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            // A pasted image (a screenshot) or files copied in a file manager join the tray.
            const files = [...event.clipboardData.files];
            if (files.length === 0) return;
            event.preventDefault();
            void stageFiles(conversationId, files);
          }}
        />
        {showMicrophone ? (
          <VoiceRecorder
            // A recording belongs to its conversation: opening another one cancels it.
            key={conversationId}
            onActiveChange={setRecording}
            onRecorded={(note) => {
              onSend?.();
              void sendVoiceNote(conversationId, note);
            }}
          />
        ) : (
          <button type="submit" className="composer__send" aria-label="Send" title="Send" disabled={!canSend}>
            <SendIcon size={18} />
          </button>
        )}
      </div>
      <p id={hintId} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line.
      </p>
      {waitingForFiles && preparing && (
        <p className="composer__limit" role="status">
          Sending as soon as the files are ready…
        </p>
      )}
      {heldBack && !connected && (
        <p className="composer__held" role="alert">
          Not sent: Starling is disconnected. Your message stays here; send it again once Starling is back.
        </p>
      )}
      <LengthNotice
        text={wire}
        disabled={!connected || trayBusy(tray)}
        onSendParts={(parts) => void sendParts(parts)}
      />
      {text.length > maximumMessageLength - 1_000 && fitsOneMessage(wire) && (
        <p className="composer__limit" role="status">
          {maximumMessageLength - text.length} characters left
        </p>
      )}
    </form>
  );
}
