// Tells the engine what the person is doing, so that it polls every 3 s in an open conversation,
// every 5 s otherwise, and every 30 s while the window is hidden (core/polling/swarmPoller.ts).
import type { ClientRequest } from '../../../shared/contract/clientApi';
import { apiForScreens } from './actions';
import { getState, useAppStore } from './store';

type Activity = ClientRequest<'setActivity'>['activity'];

function currentActivity(): Activity {
  if (document.visibilityState === 'hidden') return 'background';
  const { selectedConversationId, screen, startup } = getState();
  if (startup?.state !== 'ready') return 'foreground';
  return selectedConversationId !== null && (screen === 'chats' || screen === 'requests')
    ? 'activeConversation'
    : 'foreground';
}

export function trackActivity(): () => void {
  let reported: Activity | undefined;
  const report = (): void => {
    const activity = currentActivity();
    if (activity === reported || getState().startup?.state !== 'ready') return;
    reported = activity;
    void apiForScreens()
      .setActivity({ activity })
      .catch(() => {
        reported = undefined;
      });
  };
  const unsubscribe = useAppStore.subscribe(report);
  document.addEventListener('visibilitychange', report);
  return () => {
    unsubscribe();
    document.removeEventListener('visibilitychange', report);
  };
}
