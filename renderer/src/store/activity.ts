// Tells the engine what the person is doing, so that it polls the open conversation's swarm (or
// server) every 1.5 s, the rest every 5 s, and everything every 30 s while the window is hidden
// (core/polling/pollActivity.ts).
import type { ClientRequest } from '../../../shared/contract/clientApi';
import { apiForScreens } from './actions';
import { getState, useAppStore } from './store';

type Activity = ClientRequest<'setActivity'>;

function currentActivity(): Activity {
  if (document.visibilityState === 'hidden') return { activity: 'background' };
  const { selectedConversationId, screen, startup } = getState();
  if (startup?.state !== 'ready') return { activity: 'foreground' };
  return selectedConversationId !== null && (screen === 'chats' || screen === 'requests')
    ? { activity: 'activeConversation', conversationId: selectedConversationId }
    : { activity: 'foreground' };
}

const same = (one: Activity | undefined, other: Activity): boolean =>
  one?.activity === other.activity && one.conversationId === other.conversationId;

export function trackActivity(): () => void {
  let reported: Activity | undefined;
  const report = (): void => {
    const activity = currentActivity();
    if (same(reported, activity) || getState().startup?.state !== 'ready') return;
    reported = activity;
    void apiForScreens()
      .setActivity(activity)
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
