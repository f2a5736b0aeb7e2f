// Above the composer, the message being replied to: its author and text, and a way to cancel.
import { abbreviateSessionId, isGroupId } from '../../../../shared/contract/pureHelpers';
import { useAppStore } from '../../store/store';
import { useMentionsShown } from '../groups/MentionedText';
import { usePersonName } from '../groups/useGroupNames';
import { setReply } from './composerStore';
import { conversationTitle } from './format';
import { CloseIcon, ReplyIcon } from './icons';

export function ReplyPreview({ conversationId, quoteId }: { conversationId: string; quoteId: number }) {
  const message = useAppStore((state) => state.messages[conversationId]?.byId.get(quoteId));
  const peerName = useAppStore((state) => {
    const conversation = state.conversations[conversationId];
    return conversation
      ? conversationTitle(conversation, state.account?.sessionId ?? null)
      : abbreviateSessionId(conversationId);
  });
  // In a group the reply is to one of its members, not to the group.
  const memberName = usePersonName(conversationId, isGroupId(conversationId) ? message?.author : undefined);
  const author = message?.direction === 'outgoing' ? 'You' : memberName || peerName;
  const body = useMentionsShown(conversationId, message?.body ?? null);
  return (
    <div className="reply-preview">
      <ReplyIcon size={16} />
      <div className="reply-preview__text">
        <span className="reply-preview__author">Replying to {author}</span>
        <span className="reply-preview__body">{body ?? 'Original message not found'}</span>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label="Cancel reply"
        title="Cancel reply"
        onClick={() => setReply(conversationId, null)}
      >
        <CloseIcon />
      </button>
    </div>
  );
}
