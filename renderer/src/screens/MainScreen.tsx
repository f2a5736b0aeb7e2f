// The app once signed in: the sidebar with the conversation list beside the screen in use.
import { ConversationPane } from './conversation/ConversationPane';
import { NewConversation } from './NewConversation';
import { Profile } from './Profile';
import { Settings } from './Settings';
import { Sidebar } from './sidebar/Sidebar';
import { useAppStore } from '../store/store';

export function MainScreen() {
  const screen = useAppStore((state) => state.screen);
  const hardforkRequired = useAppStore((state) => state.hardforkRequired);
  return (
    <div className="main">
      <Sidebar />
      <main className="pane">
        {hardforkRequired && (
          <div className="banner banner--warning" role="alert">
            The Session network moved to version {hardforkRequired}, which this Starling does not know yet.
            Update Starling, or messages may stop arriving.
          </div>
        )}
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
