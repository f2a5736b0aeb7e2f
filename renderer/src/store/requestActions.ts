// Message requests in bulk (issue 12: a flood leaves thousands from throwaway IDs): decline or block
// the selected ones, or decline them all. The engine removes them and says so in one
// 'conversations.changed' event, which the event bridge applies; here the person is told the outcome.
import { maximumBulkConversations } from '../../../shared/contract/clientApi';
import { apiForScreens, attempt, notify } from './actions';

function requestsText(count: number): string {
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

export async function declineRequests(conversationIds: readonly string[]): Promise<boolean> {
  const done = await inBatches(conversationIds, (batch) =>
    apiForScreens().declineRequests({ conversationIds: batch }),
  );
  if (done !== undefined) notify(`Declined ${requestsText(done)}.`, 'info');
  return done !== undefined;
}

export async function blockRequests(conversationIds: readonly string[]): Promise<boolean> {
  const done = await inBatches(conversationIds, (batch) =>
    apiForScreens().blockRequests({ conversationIds: batch }),
  );
  if (done !== undefined) notify(`Blocked the senders of ${requestsText(done)}.`, 'info');
  return done !== undefined;
}

export async function declineAllRequests(): Promise<boolean> {
  const result = await attempt(() => apiForScreens().declineAllRequests({}));
  if (result) notify(`Declined ${requestsText(result.done)}.`, 'info');
  return result !== undefined;
}
