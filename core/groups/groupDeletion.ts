// Deleting group messages for everyone (protocol-config-groups.md §6.8 GroupUpdateDeleteMemberContent):
// a member deletes their own messages by swarm hash, unsigned; an admin deletes anyone's, signed
// with the group's key, and also removes them from the group's swarm (only admins may delete there).
// A receiver obeys an unsigned request only for the sender's own messages.
import { signAdminAction, verifyAdminSignature } from '../../shared/protocol/groups/adminSignatures';
import type { Content } from '../../shared/protocol/messages/codec';
import { isSessionId } from '../../shared/protocol/identity/sessionId';
import { messageTtlMs } from '../messaging/outgoingContent';
import { MessengerError } from '../messaging/messengerError';
import type { ReceivedGroupUpdate } from '../messaging/receivePipeline';
import { deleteFromSwarm } from '../network/swarmWrites';
import { GroupMessageRepository } from '../store/groupMessageRepository';
import type { StoredMessage } from '../store/messageRepository';
import { GroupError } from './groupError';
import type { Groups, GroupsOptions } from './groups';

type DeleteContent = NonNullable<ReceivedGroupUpdate['update']['deleteMemberContent']>;

export class GroupDeletion {
  private readonly targets: GroupMessageRepository;

  constructor(private readonly options: GroupsOptions & { readonly groups: Groups }) {
    this.targets = new GroupMessageRepository(options.database);
  }

  private get groups(): Groups {
    return this.options.groups;
  }

  /** Deletes one group message for everyone: ours, or anyone's when we are an admin. */
  async unsend(message: StoredMessage): Promise<void> {
    const groupId = message.conversationId;
    const group = this.groups.loaded(groupId);
    const own = message.author === this.options.keys.sessionId;
    const secretKey = group.objects.adminSecretKey;
    if (!own && !secretKey) {
      throw new MessengerError('notAuthor', 'Only your own messages, or an admin, can delete for everyone.');
    }
    if (!message.storageHash) {
      throw new MessengerError(
        'nothingToRetry',
        'This message has not reached the group yet; try again shortly.',
      );
    }
    const sentAt = this.options.nextSentAt();
    const hashes = [message.storageHash];
    const adminSignature = secretKey
      ? await signAdminAction(
          { kind: 'deleteContent', sentAt, memberSessionIds: [], messageHashes: hashes },
          secretKey,
        )
      : undefined;
    const content: Content = {
      dataMessage: {
        groupUpdateMessage: {
          deleteMemberContent: {
            memberSessionIds: [],
            messageHashes: hashes,
            ...(adminSignature ? { adminSignature } : {}),
          },
        },
      },
    };
    const entries = await this.groups.transport.entries({
      conversationId: groupId,
      sentAt,
      content: () => content,
      messageId: null,
      purpose: 'control',
      ttlMs: messageTtlMs,
      copyToSelf: false,
    });
    this.options.database.transaction(() => {
      this.options.messages.unsend(message.id);
      this.options.outboxEntries.removeForMessage(message.id);
      this.options.outboxEntries.add(entries, this.options.now());
    })();
    this.options.outbox.kick();
    const authority = this.groups.authorityFor(groupId);
    if (secretKey && authority) {
      deleteFromSwarm(this.options.network, authority, hashes).catch((error: unknown) =>
        this.options.logger.info(`a deleted group message stays in the swarm: ${(error as Error).message}`),
      );
    }
  }

  /** A delete request received in the group's swarm. */
  async received(update: ReceivedGroupUpdate, request: DeleteContent): Promise<void> {
    const groupId = update.conversationId;
    const group = this.groups.registry.get(groupId);
    if (!group) throw new GroupError('notInGroup', 'You are not in this group.');
    const hashes = (request.messageHashes ?? []).filter(
      (hash) => typeof hash === 'string' && hash.length === 43,
    );
    const authors = (request.memberSessionIds ?? []).filter((id) => isSessionId(id));
    const signature = request.adminSignature;
    const byAdmin =
      signature instanceof Uint8Array &&
      signature.length > 0 &&
      (await verifyAdminSignature(
        { kind: 'deleteContent', sentAt: update.sentAt, memberSessionIds: authors, messageHashes: hashes },
        signature,
        group.objects.publicKey,
      ));
    if (signature instanceof Uint8Array && signature.length > 0 && !byAdmin) {
      this.groups.rejected.forgedAdminAction = (this.groups.rejected.forgedAdminAction ?? 0) + 1;
      return;
    }
    const targets = [
      ...this.targets.byHashes(groupId, hashes),
      // Only an admin may delete everything someone wrote.
      ...(byAdmin ? this.targets.byAuthors(groupId, authors) : []),
    ].filter((target) => byAdmin || target.author === update.author);
    if (targets.length === 0) return;
    this.options.database.transaction(() => {
      for (const target of targets) this.options.messages.unsend(target.id);
    })();
    for (const target of targets) {
      const stored = this.options.messages.byId(target.id);
      if (stored) this.options.emit('message.updated', { message: this.options.messages.view(stored) });
    }
    this.groups.changed(groupId);
  }
}
