// For the store's and the screens' tests: a message as the engine shows it, with the fields a test
// does not care about filled in.
import type { MessageView } from '../../../shared/contract/views';

export function messageView(id: number, overrides: Partial<MessageView> = {}): MessageView {
  return {
    id,
    conversationId: `05${'b'.repeat(64)}`,
    author: `05${'b'.repeat(64)}`,
    direction: 'incoming',
    body: String(id),
    sentAt: id * 1000,
    receivedAt: id * 1000,
    state: null,
    failure: null,
    quote: null,
    reactions: [],
    attachments: [],
    expiresAt: null,
    unsent: false,
    read: true,
    ...overrides,
  };
}
