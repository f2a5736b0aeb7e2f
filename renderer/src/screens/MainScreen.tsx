// The app once signed in: the sidebar with the conversation list beside the screen in use; in a
// narrow window one of the two, with a way back to the list (narrowLayout.ts), the focus following
// the half shown (narrowFocus.ts).
import { ConversationPane } from './conversation/ConversationPane';
import { NewConversation } from './NewConversation';
import { Profile } from './Profile';
import { Settings } from './Settings';
import { Sidebar } from './sidebar/Sidebar';
import { KeyProtectionBanner } from './keyProtection/KeyProtection';
import { UpdatePrompt } from './updates/UpdatePrompt';
import { getState, useAppStore } from '../store/store';
import { ChevronLeftIcon } from './conversation/icons';
import { useRef } from 'react';
import { backToList, narrowHalf } from './narrowLayout';
import { useNarrowFocus } from './narrowFocus';

export function MainScreen() {
  const screen = useAppStore((state) => state.screen);
  const half = useAppStore(narrowHalf);
  const back = useRef<HTMLButtonElement>(null);
  useNarrowFocus(half, back);
  return (
    <div className={`main main--${half}`}>
      <Sidebar />
      <main className="pane">
        {/* Shown only in a narrow window (sidebar.css), where the list is not beside the pane. */}
        <div className="pane__back">
          <button
            ref={back}
            type="button"
            className="button button--quiet"
            aria-label={screen === 'requests' ? 'Back to message requests' : 'Back to chats'}
            onClick={() => backToList(getState())}
          >
            <ChevronLeftIcon size={18} />
            {screen === 'requests' ? 'Message requests' : 'Chats'}
          </button>
        </div>
        <UpdatePrompt />
        <KeyProtectionBanner />
        {screen === 'newConversation' ? (
          <NewConversation />
        ) : screen === 'profile' ? (
          <Profile />
        ) : screen === 'settings' ? (
          <Settings />
        ) : (
          <ConversationPane />
        )}
      </main>
    </div>
  );
}
