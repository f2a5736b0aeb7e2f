// Which half of the main screen a narrow window shows (#17.3). Below the breakpoint in
// sidebar.css there is no room for the sidebar beside a screen: the window shows the list, or the
// screen in use with a way back to the list, never both squeezed.
import { setState } from '../store/store';
import type { AppState } from '../store/store';

/** 'pane' when a conversation or one of the sidebar's screens is open, else 'list'. */
export function narrowHalf(state: Pick<AppState, 'screen' | 'selectedConversationId'>): 'list' | 'pane' {
  if (state.screen === 'newConversation' || state.screen === 'profile' || state.screen === 'settings') {
    return 'pane';
  }
  return state.selectedConversationId !== null ? 'pane' : 'list';
}

/** Back to the list: from a screen to the chats, from a conversation to the list it was opened from. */
export function backToList(state: Pick<AppState, 'screen'>): void {
  if (state.screen === 'requests') setState({ selectedConversationId: null });
  else setState({ screen: 'chats', selectedConversationId: null });
}
