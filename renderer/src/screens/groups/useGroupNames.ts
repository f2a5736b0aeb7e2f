// Names in a group's or a room's timeline, selected from the store as strings: a bubble re-renders when the name
// it shows changes, not whenever any conversation does.
import type { GroupControlView } from '../../../../shared/contract/views';
import { type AppState, useAppStore } from '../../store/store';
import { membersOf, ownRoomIdOf } from './conversationMembers';
import { controlText, type NameSources, personName } from './groupText';

export function nameSourcesOf(state: AppState, conversationId: string): NameSources {
  return {
    ownSessionId: state.account?.sessionId ?? null,
    ownRoomId: ownRoomIdOf(state, conversationId),
    conversations: state.conversations,
    members: membersOf(state, conversationId),
  };
}

/** What someone is called in this group or room ("You", a nickname, their name, a short ID). */
export function usePersonName(conversationId: string, sessionId: string | undefined): string {
  return useAppStore((state) =>
    sessionId === undefined ? '' : personName(sessionId, nameSourcesOf(state, conversationId)),
  );
}

export function useControlText(
  conversationId: string,
  control: GroupControlView | undefined,
  author: string | undefined,
): string {
  return useAppStore((state) =>
    control ? controlText(control, author ?? '', nameSourcesOf(state, conversationId)) : '',
  );
}
