// Under the composer, a text too long for one message (#17 item 5): what the limit is and how long
// the text is, told before anything is sent (the field no longer cuts a paste silently), with the
// offer to send it as several messages, split between sentences and in order
// (shared/contract/messageLength.ts).
import { useMemo } from 'react';
import { messageLengthProblem, splitMessage } from '../../../../shared/contract/messageLength';

export function LengthNotice({
  text,
  disabled,
  onSendParts,
}: {
  /** The text as it would go (trimmed, mentions as IDs). */
  text: string;
  disabled: boolean;
  onSendParts: (parts: readonly string[]) => void;
}) {
  const problem = messageLengthProblem(text);
  // Split only once the text is too long, and again only when it changes.
  const parts = useMemo(() => (problem === null ? null : splitMessage(text)), [problem, text]);
  if (problem === null || parts === null) return null;
  return (
    <div className="composer__too-long" role="status">
      <p>
        {problem} Nothing was sent. It can go as {parts.length.toLocaleString('en')} messages, cut between
        sentences, in order.
      </p>
      <button
        type="button"
        className="button button--secondary"
        disabled={disabled}
        onClick={() => onSendParts(parts)}
      >
        Send as {parts.length.toLocaleString('en')} messages
      </button>
    </div>
  );
}
