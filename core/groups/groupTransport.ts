// Group messages (protocol-config-groups.md §6.5): one copy, encrypted with the group's current key
// and signed by us over data ‖ group key, stored in namespace 11 of the group's swarm, which every
// member's devices, our own included, poll. The outbox signs the store with our authority there
// (an admin's key or our subaccount) when it sends it.
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { sealGroupContent } from '../../shared/protocol/groups/groupEnvelope';
import { maximumDataBytes } from '../../shared/protocol/storage/limits';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import type { ConversationTransport, OutgoingMessage } from '../messaging/conversationTransport';
import { MessengerError } from '../messaging/messengerError';
import type { NewOutboxEntry } from '../store/outboxRepository';
import type { GroupObjects } from './groupObjects';

export class GroupTransport implements ConversationTransport {
  readonly sendsReceipts = false;

  constructor(
    private readonly options: {
      readonly keys: IdentityKeys;
      readonly compressor: ConfigCompressor;
      /** The group's objects, when we are in it and hold its keys. */
      readonly groupOf: (groupId: string) => GroupObjects | undefined;
    },
  ) {}

  async entries(message: OutgoingMessage): Promise<NewOutboxEntry[]> {
    const group = this.options.groupOf(message.conversationId);
    if (!group) {
      throw new MessengerError('notInGroup', 'You are no longer a member of this group.');
    }
    const encryptionKey = group.keyring.encryptionKey();
    if (!encryptionKey) {
      throw new MessengerError(
        'groupNotReady',
        'This group’s keys have not arrived yet: wait a moment, then send again.',
      );
    }
    const data = await sealGroupContent({
      content: message.content(undefined),
      sentAt: message.sentAt,
      groupEd25519PublicKey: group.publicKey,
      encryptionKey,
      senderEd25519SecretKey: this.options.keys.ed25519SecretKey,
      compressor: this.options.compressor,
    });
    if (data.length > maximumDataBytes) {
      throw new MessengerError(
        'messageTooLong',
        'This message is too long for the network: shorten it, or send it in several parts.',
      );
    }
    return [
      {
        messageId: message.messageId,
        purpose: message.purpose,
        destination: message.conversationId,
        namespace: namespaces.groupMessages,
        data,
        ttlMs: message.ttlMs,
      },
    ];
  }
}
