// A message's words with its mentions shown by name: "@Bob" set apart, "@You" standing out in
// others' messages (the wire form, "@05…" or in a room "@15…", is what the text holds). Texts without an "@" skip the
// work: most messages mention nobody. Web links in the words are links (LinkedText).
import { useMemo } from 'react';
import { splitMentions } from '../../../../shared/contract/pureHelpers';
import { useAppStore } from '../../store/store';
import { LinkedText } from '../conversation/links/LinkedText';
import { isOwnId } from './conversationMembers';
import { mentionsShown } from './groupText';
import { nameSourcesOf, usePersonName } from './useGroupNames';

function Mention({ conversationId, sessionId }: { conversationId: string; sessionId: string }) {
  const name = usePersonName(conversationId, sessionId);
  // In a room we are mentioned by our blinded ID there, or by our Session ID (conversationMembers.ts).
  const own = useAppStore((state) => isOwnId(state, conversationId, sessionId));
  return <span className={`mention ${own ? 'mention--you' : ''}`}>@{name}</span>;
}

export function MentionedText({ conversationId, text }: { conversationId: string; text: string }) {
  const pieces = useMemo(() => (text.includes('@') ? splitMentions(text) : null), [text]);
  if (!pieces) return <LinkedText text={text} />;
  return pieces.map((piece, index) =>
    piece.kind === 'text' ? (
      <LinkedText key={index} text={piece.text} />
    ) : (
      // The pieces of a text never move, so their place is their key.
      <Mention key={index} conversationId={conversationId} sessionId={piece.sessionId} />
    ),
  );
}

/** A text as plain words with mentions by name (quotes, copies, previews). */
export function useMentionsShown(conversationId: string, text: string | null): string | null {
  return useAppStore((state) =>
    text === null || !text.includes('@') ? text : mentionsShown(text, nameSourcesOf(state, conversationId)),
  );
}
