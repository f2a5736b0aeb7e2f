// The ClientApi methods that only community rooms have (shared/contract/clientApi.ts
// `communityMethods`): listing, joining and leaving rooms, editing our posts, listing reactors,
// moderation, paging history back. Each
// request is validated here, as the engine validates its own, so that in-process callers (the
// command line, tests) get the same checks as the UI's transports.
import type {
  ClientRequest,
  ClientResult,
  CommunityMethod,
  EngineApi,
} from '../../shared/contract/clientApi';
import type { ConversationView, MessageView } from '../../shared/contract/views';
import { validateRequest } from '../../shared/contract/validateRequest';
import { conversationKindOf } from '../../shared/protocol/identity/conversationId';
import { MessengerError } from '../messaging/messengerError';
import type { CommunityRecord } from '../store/communityRepository';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import type { Communities } from './communities';

export class CommunityOperations implements Pick<EngineApi, CommunityMethod> {
  constructor(
    private readonly options: {
      readonly communities: Communities;
      readonly messages: MessageRepository;
      /** Tells the UI a message changed; its view. */
      readonly messageChanged: (id: number) => MessageView | undefined;
      /** Tells the UI a conversation changed; its view. */
      readonly conversationChanged: (id: string) => ConversationView;
    },
  ) {}

  async listCommunityRooms(
    request: ClientRequest<'listCommunityRooms'>,
  ): Promise<ClientResult<'listCommunityRooms'>> {
    return this.options.communities.listRooms(validateRequest('listCommunityRooms', request));
  }

  async joinCommunity(request: ClientRequest<'joinCommunity'>): Promise<ClientResult<'joinCommunity'>> {
    return this.options.communities.join(validateRequest('joinCommunity', request));
  }

  async leaveCommunity(request: ClientRequest<'leaveCommunity'>): Promise<ClientResult<'leaveCommunity'>> {
    return this.options.communities.leave(validateRequest('leaveCommunity', request));
  }

  async editMessage(request: ClientRequest<'editMessage'>): Promise<ClientResult<'editMessage'>> {
    const { messageId, text } = validateRequest('editMessage', request);
    const message = this.roomMessage(messageId, 'Only community messages can be edited.');
    await this.options.communities.posts.edit(message, text);
    return this.options.messageChanged(message.id)!;
  }

  async listReactors(request: ClientRequest<'listReactors'>): Promise<ClientResult<'listReactors'>> {
    const { messageId, emoji } = validateRequest('listReactors', request);
    const message = this.roomMessage(messageId, 'Only community messages have a list of reactors.');
    return this.options.communities.posts.reactors(message, emoji);
  }

  async pinCommunityMessage(
    request: ClientRequest<'pinCommunityMessage'>,
  ): Promise<ClientResult<'pinCommunityMessage'>> {
    const { messageId, pinned } = validateRequest('pinCommunityMessage', request);
    const message = this.roomMessage(messageId, 'Only community messages can be pinned for a room.');
    const { communities } = this.options;
    const { room, serverId } = communities.posts.postedOrThrow(message);
    await communities.moderation.pin(room, serverId, pinned);
    return this.options.conversationChanged(room.id);
  }

  async updateCommunityRoom(
    request: ClientRequest<'updateCommunityRoom'>,
  ): Promise<ClientResult<'updateCommunityRoom'>> {
    const { conversationId, name, description } = validateRequest('updateCommunityRoom', request);
    const room = this.roomOrThrow(conversationId);
    await this.options.communities.moderation.editRoom(room, { name, description });
    return this.options.conversationChanged(room.id);
  }

  async banCommunityMember(
    request: ClientRequest<'banCommunityMember'>,
  ): Promise<ClientResult<'banCommunityMember'>> {
    const valid = validateRequest('banCommunityMember', request);
    const room = this.roomOrThrow(valid.conversationId);
    const until = await this.options.communities.moderation.ban(
      room,
      valid.member,
      valid.durationSeconds ?? null,
      valid.deleteMessages,
    );
    return { banned: true, until };
  }

  async unbanCommunityMember(
    request: ClientRequest<'unbanCommunityMember'>,
  ): Promise<ClientResult<'unbanCommunityMember'>> {
    const valid = validateRequest('unbanCommunityMember', request);
    await this.options.communities.moderation.unban(this.roomOrThrow(valid.conversationId), valid.member);
    return { unbanned: true };
  }

  async setCommunityPermissions(
    request: ClientRequest<'setCommunityPermissions'>,
  ): Promise<ClientResult<'setCommunityPermissions'>> {
    const { conversationId, member, durationSeconds, ...change } = validateRequest(
      'setCommunityPermissions',
      request,
    );
    const restoresAt = await this.options.communities.moderation.setPermissions(
      this.roomOrThrow(conversationId),
      member,
      change,
      durationSeconds,
    );
    return { updated: true, restoresAt };
  }

  async setCommunityModerator(
    request: ClientRequest<'setCommunityModerator'>,
  ): Promise<ClientResult<'setCommunityModerator'>> {
    const { conversationId, member, role, visible } = validateRequest('setCommunityModerator', request);
    await this.options.communities.moderation.setRole(
      this.roomOrThrow(conversationId),
      member,
      role,
      visible,
    );
    return { member, role };
  }

  async messageCommunityMember(
    request: ClientRequest<'messageCommunityMember'>,
  ): Promise<ClientResult<'messageCommunityMember'>> {
    const record = await this.options.communities.blinded.start(
      validateRequest('messageCommunityMember', request),
    );
    return this.options.conversationChanged(record.id);
  }

  async loadOlderCommunityMessages(
    request: ClientRequest<'loadOlderCommunityMessages'>,
  ): Promise<ClientResult<'loadOlderCommunityMessages'>> {
    const { conversationId } = validateRequest('loadOlderCommunityMessages', request);
    this.roomOrThrow(conversationId);
    return this.options.communities.history.loadOlder(conversationId);
  }

  private roomMessage(messageId: number, otherwise: string): StoredMessage {
    const message = this.options.messages.byId(messageId);
    if (!message) throw new MessengerError('messageMissing', 'This message no longer exists.');
    if (conversationKindOf(message.conversationId) !== 'community') {
      throw new MessengerError('messageMissing', otherwise);
    }
    return message;
  }

  private roomOrThrow(conversationId: string): CommunityRecord {
    const room = this.options.communities.repository.get(conversationId);
    if (!room) throw new MessengerError('conversationMissing', 'You are not in this community.');
    return room;
  }
}
