// listMessages: a page of a conversation's history as the UI asks for it — the newest messages,
// older or newer than a cursor, or around one message (a search result opened far back).
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type { MessagePage, MessageView } from '../../shared/contract/views';
import type { HistoryPages } from '../store/historyPages';
import type { MessageRepository, StoredMessage } from '../store/messageRepository';
import { MessengerError } from './messengerError';

export function messagePage(
  request: ValidClientRequest<'listMessages'>,
  stores: { readonly messages: MessageRepository; readonly history: HistoryPages },
  view: (message: StoredMessage) => MessageView,
): MessagePage {
  const { conversationId, limit } = request;
  if (request.around !== undefined) {
    const window = stores.history.around(conversationId, request.around, limit);
    if (!window) {
      throw new MessengerError('messageMissing', 'This message is no longer in the conversation.');
    }
    return { messages: window.messages.map(view), before: window.before, after: window.after };
  }
  if (request.after) {
    const newer = stores.history.newer(conversationId, limit, request.after);
    // Older than this page is what the UI has already: `before` does not apply.
    return { messages: newer.messages.map(view), before: null, after: newer.after };
  }
  const page = stores.messages.page(conversationId, limit, request.before);
  const oldest = page.at(-1);
  return {
    messages: page.map(view),
    before: oldest && page.length === limit ? { sentAt: oldest.sentAt, id: oldest.id } : null,
  };
}
