// Message requests in bulk (issue 12: a flood leaves thousands from throwaway IDs): decline or block
// the selected ones, or decline them all. The engine removes them and says so in one
// 'conversations.changed' event, which the event bridge applies; here the person is told the outcome.
// Declining waits a few seconds for Undo first (declineUndo.ts), and then comes here.
import { maximumBulkConversations } from '../../../shared/contract/clientApi';
import { apiForScreens, attempt, notify } from './actions';

export function requestsText(count: number): string {
  return count === 1 ? '1 request' : `${count.toLocaleString('en')} requests`;
}

async function inBatches(
  conversationIds: readonly string[],
  call: (batch: string[]) => Promise<{ readonly done: number }>,
): Promise<number | undefined> {
  let done = 0;
  for (let start = 0; start < conversationIds.length; start += maximumBulkConversations) {
    const result = await attempt(() => call(conversationIds.slice(start, start + maximumBulkConversations)));
    if (!result) return undefined;
    done += result.done;
  }
  return done;
}

/**
 * Declines requests now: one (a person's or a group invitation), several, or all of them (`all`,
 * also those arriving meanwhile, as "Decline all" says); false when it failed (the notice says why).
 */
export async function declineNow(conversationIds: readonly string[], all: boolean): Promise<boolean> {
  if (all) return (await attempt(() => apiForScreens().declineAllRequests({}))) !== undefined;
  if (conversationIds.length === 1) {
    const [conversationId] = conversationIds as [string];
    return (await attempt(() => apiForScreens().declineRequest({ conversationId }))) !== undefined;
  }
  const done = await inBatches(conversationIds, (batch) =>
    apiForScreens().declineRequests({ conversationIds: batch }),
  );
  return done !== undefined;
}

export async function blockRequests(conversationIds: readonly string[]): Promise<boolean> {
  const done = await inBatches(conversationIds, (batch) =>
    apiForScreens().blockRequests({ conversationIds: batch }),
  );
  if (done !== undefined) notify(`Blocked the senders of ${requestsText(done)}.`, 'info');
  return done !== undefined;
}
