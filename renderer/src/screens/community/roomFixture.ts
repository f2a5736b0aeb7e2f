// For the community screens' tests: the devnet's lobby room as a conversation, the fields a test does
// not care about filled in.
import type { CommunitySummaryView, ConversationView } from '../../../../shared/contract/views';

export const roomKey = 'c3'.repeat(32);
export const roomServer = 'http://127.0.0.1:8080';
export const roomId = `${roomServer}/lobby`;

export function roomConversation(community: Partial<CommunitySummaryView> = {}): ConversationView {
  return {
    id: roomId,
    state: 'accepted',
    displayName: 'Lobby',
    unreadCount: 0,
    lastMessage: null,
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: true,
    muted: null,
    community: {
      name: 'Lobby',
      room: 'lobby',
      description: null,
      joinUrl: `${roomServer}/lobby?public_key=${roomKey}`,
      activeUsers: 3,
      canWrite: true,
      canUpload: false,
      moderator: false,
      admin: false,
      pinnedMessageIds: [],
      ...community,
    },
  };
}
