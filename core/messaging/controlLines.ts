// A control message's line as the messages table keeps it: what someone did in a conversation (set
// its timer, accepted its request, changed a group), with no body. It is read when stored, since
// there is nothing to read, and its author and sent time make a copy from another swarm member, or
// our own line coming back from the swarm, the same row.
import type { StoredControl } from '../store/groupControl';
import type { NewMessageRecord } from '../store/messageRepository';

export function controlLineRecord(line: {
  readonly conversationId: string;
  readonly author: string;
  readonly ownSessionId: string;
  readonly sentAt: number;
  readonly now: number;
  /** The swarm's hash of the message that said it, when it came from a swarm. */
  readonly storageHash?: string | null | undefined;
  readonly control: StoredControl;
}): NewMessageRecord {
  const outgoing = line.author === line.ownSessionId;
  return {
    conversationId: line.conversationId,
    author: line.author,
    direction: outgoing ? 'outgoing' : 'incoming',
    sentAt: line.sentAt,
    receivedAt: line.now,
    body: null,
    storageHash: line.storageHash ?? null,
    state: outgoing ? 'sent' : null,
    readAt: line.now,
    newConversationState: 'accepted',
    control: line.control,
  };
}
