// The app once signed in: the sidebar with the conversation list beside the screen in use.
import { ConversationPane } from './conversation/ConversationPane';
import { NewConversation } from './NewConversation';
import { Profile } from './Profile';
import { Settings } from './Settings';
import { Sidebar } from './sidebar/Sidebar';
import { KeyProtectionBanner } from './keyProtection/KeyProtection';
import { UpdatePrompt } from './updates/UpdatePrompt';
import { useAppStore } from '../store/store';

export function MainScreen() {
  const screen = useAppStore((state) => state.screen);
  return (
    <div className="main">
      <Sidebar />
      <main className="pane">
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
