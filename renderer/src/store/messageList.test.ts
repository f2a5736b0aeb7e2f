import { describe, expect, it } from 'vitest';
import { messageView } from './messageFixture';
import { appendPage, upsertMessages, windowList } from './messageList';

const bob = `05${'b'.repeat(64)}`;
const message = (id: number) => messageView(id, { conversationId: bob, author: bob });

describe('a window of older history', () => {
  it('leaves messages newer than the window to the newer pages, and takes them in order from those', () => {
    let list = windowList({
      messages: [message(12), message(11), message(10)],
      before: { sentAt: 10_000, id: 10 },
      after: { sentAt: 12_000, id: 12 },
    });
    expect(list.ids).toEqual([10, 11, 12]);
    // A message just received is far newer than the window: not placed after its last row.
    list = upsertMessages(list, [message(40), { ...message(11), body: 'edited' }]);
    expect(list.ids).toEqual([10, 11, 12]);
    expect(list.byId.get(11)?.body).toBe('edited');
    list = appendPage(list, [message(14), message(13)], null);
    expect(list.ids).toEqual([10, 11, 12, 13, 14]);
    expect(list.after).toBeNull();
    // Once the newest are loaded, new messages go at the end again.
    expect(upsertMessages(list, [message(40)]).ids).toEqual([10, 11, 12, 13, 14, 40]);
  });
});
