// The app's frame: onboarding until the profile holds an account, then the sidebar (conversations,
// requests, new conversation, profile, settings) beside the open screen. The theme follows the
// system unless chosen.
import { useEffect } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Logo } from './components/Logo';
import { Notices } from './components/Notices';
import { useThemeClass } from './components/useTheme';
import { MainScreen } from './screens/MainScreen';
import { Onboarding } from './screens/Onboarding';
import { loadStartup, notify } from './store/actions';
import { useAppStore } from './store/store';

export function App() {
  const startup = useAppStore((state) => state.startup);
  useThemeClass();

  useEffect(() => {
    loadStartup().catch(() => notify('Starling could not be reached. Is the host still running?'));
  }, []);

  return (
    <div className="app">
      <ConnectionBanner />
      {startup === null ? (
        <div className="splash" aria-busy="true">
          <Logo className="splash__logo" />
          <span>Starting Starling…</span>
        </div>
      ) : startup.state === 'needsAccount' || startup.state === 'needsPassphrase' ? (
        <Onboarding />
      ) : (
        <MainScreen />
      )}
      <Notices />
    </div>
  );
}
