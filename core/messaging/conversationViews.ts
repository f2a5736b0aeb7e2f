// A conversation as the UI sees it (shared/contract/views.ts ConversationView): its record, its
// last message, the mute as of now, and for a group or a community room what its entry shows.
import { attachmentSummary } from '../../shared/protocol/attachments/attachmentSummary';
import type {
  BlindedSummaryView,
  CommunitySummaryView,
  ConversationView,
  GroupSummaryView,
} from '../../shared/contract/views';
import { conversationKindOf } from '../../shared/protocol/identity/conversationId';
import type { ConversationRecord } from '../store/conversationRepository';
import type { MessageRepository } from '../store/messageRepository';
import { muteClock, muteView } from './mutes';

export function conversationView(
  record: ConversationRecord,
  messages: MessageRepository,
  summaries: {
    readonly group?: ((groupId: string) => GroupSummaryView | undefined) | undefined;
    readonly community?: ((conversationId: string) => CommunitySummaryView | undefined) | undefined;
    readonly blinded?: ((conversationId: string) => BlindedSummaryView | undefined) | undefined;
    /** The name a room's member posted with (a 15… ID is all the room knows of them otherwise). */
    readonly authorName?: ((author: string) => string | null) | undefined;
  },
): ConversationView {
  const last = messages.lastMessage(record.id);
  const kind = conversationKindOf(record.id);
  const group = kind === 'group' ? summaries.group?.(record.id) : undefined;
  const community = kind === 'community' ? summaries.community?.(record.id) : undefined;
  const blinded = kind === 'blinded' ? summaries.blinded?.(record.id) : undefined;
  const authorName =
    community && last?.direction === 'incoming' ? summaries.authorName?.(last.author) : undefined;
  return {
    id: record.id,
    state: record.state,
    // A group is called by its name wherever a conversation is named (lists, search, notifications).
    displayName: group ? group.name : community ? community.name : record.displayName,
    ...(record.picture ? { picture: record.picture } : {}),
    unreadCount: record.unreadCount,
    lastMessage: last
      ? {
          // A message of files alone is told by its files ("Photo", "minutes.pdf").
          body: last.body === '' ? attachmentSummary(messages.attachments.forMessage(last.id)) : last.body,
          sentAt: last.sentAt,
          direction: last.direction,
          author: last.author,
          ...(authorName ? { authorName } : {}),
          ...(last.control ? { control: messages.view(last).control! } : {}),
        }
      : null,
    disappearing: record.disappearing,
    approvedMe: record.approvedMe,
    muted: muteView(record.mutedUntil, muteClock()),
    ...(record.messagesNotKept > 0 ? { messagesNotKept: record.messagesNotKept } : {}),
    ...(record.nickname ? { nickname: record.nickname } : {}),
    ...(record.priority > 0 ? { pinned: true as const } : {}),
    ...(record.markedUnread ? { markedUnread: true as const } : {}),
    ...(group ? { group } : {}),
    ...(community ? { community } : {}),
    ...(blinded ? { blinded } : {}),
  };
}
