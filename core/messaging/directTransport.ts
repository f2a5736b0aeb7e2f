// One-to-one messages (protocol-messages.md §2–3): sealed to the recipient and stored in namespace 0
// of their swarm, with a copy sealed to ourselves (`syncTarget` set) for our other devices.
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { wrapOneToOneMessage } from '../../shared/protocol/messages/sessionProtocol';
import { maximumDataBytes } from '../../shared/protocol/storage/limits';
import type { NewOutboxEntry } from '../store/outboxRepository';
import type { ConversationTransport, OutgoingMessage } from './conversationTransport';
import { MessengerError } from './messengerError';

export class DirectTransport implements ConversationTransport {
  readonly sendsReceipts = true;

  constructor(private readonly keys: IdentityKeys) {}

  async entries(message: OutgoingMessage): Promise<NewOutboxEntry[]> {
    const { keys } = this;
    const wrap = (to: string, syncTarget: string | undefined): Promise<Uint8Array> =>
      wrapOneToOneMessage(
        { content: message.content(syncTarget), recipientSessionId: to, timestampMs: message.sentAt },
        keys,
      );
    const forRecipient = await wrap(message.conversationId, undefined);
    if (forRecipient.length > maximumDataBytes) {
      throw new MessengerError(
        'messageTooLong',
        'This message is too long for the network: shorten it, or send it in several parts.',
      );
    }
    const common = { messageId: message.messageId, ttlMs: message.ttlMs };
    const entries: NewOutboxEntry[] = [
      { ...common, purpose: message.purpose, destination: message.conversationId, data: forRecipient },
    ];
    // Note to Self has one copy, which is also the copy in our own swarm.
    if (message.copyToSelf && message.conversationId !== keys.sessionId) {
      entries.push({
        ...common,
        purpose: message.purpose === 'message' ? 'syncCopy' : 'control',
        destination: keys.sessionId,
        data: await wrap(keys.sessionId, message.conversationId),
      });
    }
    return entries;
  }
}
