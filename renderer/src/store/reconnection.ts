// What the UI does when the connection to the engine comes back: events sent while it was gone are
// lost, so what the screens show is fetched again (the conversations, and the newest messages of
// those already open). Onboarding is left alone: it moves on when the person does.
import type { Connection, ConnectionState } from '../api/connection';
import { apiForScreens, loadAccountData, loadStartup, notify } from './actions';
import { upsertMessages } from './messageList';
import { getState, setState } from './store';

/** As many of the newest messages as a screen shows at once, per open conversation. */
const refreshedMessages = 50;

async function refreshOpenConversations(): Promise<void> {
  const lists = getState().messages;
  const loaded = Object.keys(lists).filter((conversationId) => lists[conversationId]?.loaded);
  const pages = await Promise.all(
    loaded.map((conversationId) =>
      apiForScreens()
        .listMessages({ conversationId, limit: refreshedMessages })
        .then((page) => [conversationId, page.messages] as const),
    ),
  );
  const next = { ...getState().messages };
  for (const [conversationId, messages] of pages) {
    const list = next[conversationId];
    if (list) next[conversationId] = upsertMessages(list, messages);
  }
  setState({ messages: next });
}

export async function resynchronize(): Promise<void> {
  const { startup } = getState();
  if (startup === null) return loadStartup();
  if (startup.state !== 'ready') return;
  await loadAccountData();
  await refreshOpenConversations();
}

/** Keeps the store's connection state, and catches up each time the connection comes back. */
export function followConnection(connection: Connection): () => void {
  let previous: ConnectionState | undefined;
  return connection.onState((state) => {
    setState({ connection: state });
    const cameBack = state === 'open' && (previous === 'lost' || previous === 'needsNewLink');
    previous = state;
    if (cameBack) {
      resynchronize().catch(() => notify('Starling is back, but the latest changes could not be loaded.'));
    }
  });
}
