import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationView, MessageView } from '../../shared/contract/views';
import {
  isNotifiable,
  MessageNotifier,
  notificationContent,
  shortSessionId,
  unreadBadgeCount,
  type MessageNotifierOptions,
} from './notifications';

const aliceId = '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72';
const bobId = '057f3e4d1a0c2b9e8f7a6d5c4b3a291807f6e5d4c3b2a190807060504030201000';

function conversation(overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    id: aliceId,
    state: 'accepted',
    displayName: 'Alice',
    unreadCount: 0,
    lastMessage: null,
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: true,
    muted: null,
    ...overrides,
  };
}

let nextId = 1;
function message(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: nextId++,
    conversationId: aliceId,
    author: aliceId,
    direction: 'incoming',
    body: 'See you at eight',
    sentAt: 1_700_000_000_000,
    receivedAt: 1_700_000_000_500,
    state: null,
    failure: null,
    quote: null,
    reactions: [],
    attachments: [],
    expiresAt: null,
    unsent: false,
    read: false,
    ...overrides,
  };
}

describe('notificationContent', () => {
  it('shows as much as the mode allows', () => {
    expect(notificationContent('nameAndMessage', message(), conversation())).toEqual({
      title: 'Alice',
      body: 'See you at eight',
    });
    expect(notificationContent('nameOnly', message(), conversation())).toEqual({
      title: 'Alice',
      body: 'New message',
    });
    expect(notificationContent('countOnly', message(), conversation())).toEqual({
      title: 'Starling',
      body: '1 new message',
    });
    expect(notificationContent('off', message(), conversation())).toBeUndefined();
  });

  it('never puts the name or the text in a count-only notification', () => {
    const content = notificationContent('countOnly', message(), conversation());
    expect(JSON.stringify(content)).not.toMatch(/Alice|eight|05d2ad/u);
  });

  it('names a conversation without a display name by its shortened Session ID', () => {
    const content = notificationContent('nameOnly', message(), conversation({ displayName: null }));
    expect(content?.title).toBe(shortSessionId(aliceId));
    expect(content?.title).toBe('05d2ad…5c3a72');
  });

  it('shortens long messages and stands in for empty ones', () => {
    const long = notificationContent('nameAndMessage', message({ body: 'x'.repeat(500) }), conversation());
    expect(long?.body).toHaveLength(200);
    expect(long?.body.endsWith('…')).toBe(true);
    const empty = notificationContent('nameAndMessage', message({ body: '  ' }), conversation());
    expect(empty?.body).toBe('New message');
  });

  it('tells a message of files alone by its files, and a caption by the caption', () => {
    const photo = {
      id: 1,
      contentType: 'image/jpeg',
      fileName: 'crag.jpg',
      size: 1000,
      width: null,
      height: null,
      voice: false,
      caption: null,
      state: 'remote' as const,
      failure: null,
      thumbnail: false,
      waveform: null,
      durationMs: null,
    };
    const alone = notificationContent(
      'nameAndMessage',
      message({ body: '', attachments: [photo] }),
      conversation(),
    );
    expect(alone?.body).toBe('Photo');
    const voice = { ...photo, contentType: 'audio/mp3', voice: true };
    expect(
      notificationContent('nameAndMessage', message({ body: '', attachments: [voice] }), conversation())
        ?.body,
    ).toBe('Voice message');
    const captioned = notificationContent(
      'nameAndMessage',
      message({ body: 'the crag', attachments: [photo] }),
      conversation(),
    );
    expect(captioned?.body).toBe('the crag');
  });
});

describe('isNotifiable', () => {
  it('allows incoming messages of accepted, unmuted conversations only', () => {
    expect(isNotifiable(message(), conversation(), false)).toBe(true);
    expect(isNotifiable(message({ direction: 'outgoing' }), conversation(), false)).toBe(false);
    expect(isNotifiable(message(), conversation({ state: 'request' }), false)).toBe(false);
    expect(isNotifiable(message(), conversation({ state: 'blocked' }), false)).toBe(false);
    expect(isNotifiable(message(), conversation(), true)).toBe(false);
    expect(isNotifiable(message(), undefined, false)).toBe(false);
    expect(isNotifiable(message({ unsent: true, body: null }), conversation(), false)).toBe(false);
    // A room's history, fetched on joining it, comes read: it is no news.
    expect(isNotifiable(message({ read: true }), conversation(), false)).toBe(false);
  });
});

describe('unreadBadgeCount', () => {
  it('sums the unread messages of accepted conversations', () => {
    expect(
      unreadBadgeCount(
        [
          conversation({ unreadCount: 2 }),
          conversation({ id: bobId, unreadCount: 5 }),
          conversation({ id: 'request', state: 'request', unreadCount: 7 }),
          conversation({ id: 'blocked', state: 'blocked', unreadCount: 11 }),
        ],
        0,
      ),
    ).toBe(7);
    expect(unreadBadgeCount([], 0)).toBe(0);
  });

  it('leaves out muted conversations while their mute holds', () => {
    const conversations = [
      conversation({ unreadCount: 2, muted: { until: 1_000 } }),
      conversation({ id: bobId, unreadCount: 5, muted: { until: null } }),
      conversation({ id: 'carol', unreadCount: 1 }),
    ];
    expect(unreadBadgeCount(conversations, 999)).toBe(1);
    // A timed mute that ended counts again, even before the engine says so.
    expect(unreadBadgeCount(conversations, 1_000)).toBe(3);
  });
});

describe('MessageNotifier', () => {
  let clock: number;
  let show: ReturnType<typeof vi.fn<(title: string, body: string, conversationId?: string) => void>>;
  let setBadge: ReturnType<typeof vi.fn<(count: number) => void>>;

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    show = vi.fn();
    setBadge = vi.fn();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function notifier(options: Partial<MessageNotifierOptions> = {}): MessageNotifier {
    const created = new MessageNotifier({
      show,
      setBadge,
      mode: 'nameAndMessage',
      now: () => clock,
      ...options,
    });
    created.loadConversations([
      conversation(),
      conversation({ id: bobId, displayName: 'Bob', state: 'request' }),
    ]);
    return created;
  }

  const advance = (milliseconds: number): void => {
    clock += milliseconds;
    vi.advanceTimersByTime(milliseconds);
  };

  it('shows a received message in the chosen mode', () => {
    const subject = notifier();
    subject.messageReceived(message());
    expect(show).toHaveBeenCalledWith('Alice', 'See you at eight', aliceId);
    subject.setMode('nameOnly');
    subject.messageReceived(message());
    expect(show).toHaveBeenLastCalledWith('Alice', 'New message', aliceId);
  });

  it('says in a group who wrote, and names the people mentioned ("@You" for oneself)', () => {
    const groupId = `03${'e0'.repeat(32)}`;
    const ownId = `05${'a0'.repeat(32)}`;
    const carolId = `05${'c0'.repeat(32)}`;
    const subject = notifier();
    subject.setOwnSessionId(ownId);
    subject.conversationUpdated(conversation({ id: carolId, displayName: 'Carol' }));
    subject.conversationUpdated(
      conversation({
        id: groupId,
        displayName: 'Climbing',
        group: { name: 'Climbing', memberCount: 3, admin: false, status: 'member' },
      }),
    );
    subject.messageReceived(
      message({ conversationId: groupId, author: aliceId, body: `@${ownId} and @${carolId}: eight?` }),
    );
    expect(show).toHaveBeenCalledWith('Climbing', 'Alice: @You and @Carol: eight?', groupId);
    // Someone the account has no conversation with is a short ID, as the group's list shows them.
    const strangerId = `05${'f1'.repeat(32)}`;
    subject.messageReceived(message({ conversationId: groupId, author: strangerId, body: 'hi' }));
    expect(show).toHaveBeenLastCalledWith('Climbing', `${shortSessionId(strangerId)}: hi`, groupId);
  });

  it('names us "@You" in a room whether mentioned by our blinded ID there or by our Session ID', () => {
    const roomId = 'http://127.0.0.1:8080/lobby';
    const ownId = `05${'a0'.repeat(32)}`;
    const ownRoomId = `15${'a1'.repeat(32)}`;
    const elsewhereId = `15${'a2'.repeat(32)}`;
    const subject = notifier();
    subject.setOwnSessionId(ownId);
    subject.conversationUpdated(
      conversation({
        id: roomId,
        displayName: 'Lobby',
        community: {
          name: 'Lobby',
          room: 'lobby',
          description: null,
          joinUrl: `${roomId}?public_key=${'c3'.repeat(32)}`,
          ownId: ownRoomId,
          activeUsers: 2,
          canWrite: true,
          canUpload: false,
          moderator: false,
          admin: false,
          pinnedMessageIds: [],
        },
      }),
    );
    subject.messageReceived(
      message({
        conversationId: roomId,
        author: `15${'b1'.repeat(32)}`,
        body: `@${ownRoomId} and @${ownId}`,
      }),
    );
    expect(show).toHaveBeenLastCalledWith('Lobby', '@You and @You', roomId);
    // Our blinded ID on another server is someone else's here.
    subject.messageReceived(message({ conversationId: roomId, body: `@${elsewhereId}` }));
    expect(show).toHaveBeenLastCalledWith('Lobby', `@${shortSessionId(elsewhereId)}`, roomId);
  });

  it('shows nothing when off, for outgoing messages, requests, muted conversations or a focused window', () => {
    notifier({ mode: 'off' }).messageReceived(message());
    const subject = notifier();
    subject.messageReceived(message({ direction: 'outgoing' }));
    subject.messageReceived(message({ conversationId: bobId, author: bobId }));
    subject.messageReceived(message({ conversationId: 'unknown' }));
    const muted = notifier();
    muted.conversationUpdated(conversation({ muted: { until: null } }));
    muted.messageReceived(message());
    notifier({ isWindowFocused: () => true }).messageReceived(message());
    expect(show).not.toHaveBeenCalled();
  });

  it('coalesces a burst: three notifications, then one count at the end of the interval', () => {
    const subject = notifier();
    for (let index = 0; index < 10; index += 1) {
      subject.messageReceived(message({ body: `message ${index}` }));
      advance(100);
    }
    expect(show).toHaveBeenCalledTimes(3);
    advance(5_000);
    expect(show).toHaveBeenCalledTimes(4);
    expect(show).toHaveBeenLastCalledWith('Starling', '7 new messages');
    // A quiet interval ends the burst: the next message has its own notification again.
    advance(10_000);
    subject.messageReceived(message({ body: 'later' }));
    expect(show).toHaveBeenCalledTimes(5);
    expect(show).toHaveBeenLastCalledWith('Alice', 'later', aliceId);
  });

  it('keeps counting while the burst goes on', () => {
    const subject = notifier();
    for (let index = 0; index < 4; index += 1) subject.messageReceived(message());
    advance(5_000);
    expect(show).toHaveBeenLastCalledWith('Starling', '1 new message');
    subject.messageReceived(message());
    subject.messageReceived(message());
    expect(show).toHaveBeenCalledTimes(4);
    advance(5_000);
    expect(show).toHaveBeenLastCalledWith('Starling', '2 new messages');
  });

  it('lets messages spread over time have their own notifications', () => {
    const subject = notifier();
    for (let index = 0; index < 6; index += 1) {
      subject.messageReceived(message());
      advance(2_000);
    }
    expect(show).toHaveBeenCalledTimes(6);
  });

  it('drops the pending count when notifications are turned off', () => {
    const subject = notifier();
    for (let index = 0; index < 5; index += 1) subject.messageReceived(message());
    subject.setMode('off');
    advance(5_000);
    expect(show).toHaveBeenCalledTimes(3);
    subject.close();
  });

  it('keeps the badge at the unread count of accepted conversations, set only on change', () => {
    const subject = notifier();
    expect(setBadge).toHaveBeenLastCalledWith(0);
    subject.conversationUpdated(conversation({ unreadCount: 3 }));
    subject.conversationUpdated(conversation({ id: bobId, state: 'request', unreadCount: 4 }));
    expect(setBadge).toHaveBeenLastCalledWith(3);
    expect(setBadge).toHaveBeenCalledTimes(2);
    subject.conversationUpdated(conversation({ id: bobId, state: 'accepted', unreadCount: 4 }));
    expect(setBadge).toHaveBeenLastCalledWith(7);
    subject.conversationRemoved(aliceId);
    expect(setBadge).toHaveBeenLastCalledWith(4);
  });

  it('follows the mode it is given: off, then count only, then name and message', () => {
    const subject = notifier({ mode: 'off' });
    subject.messageReceived(message());
    expect(show).not.toHaveBeenCalled();
    subject.setMode('countOnly');
    subject.messageReceived(message());
    // Its click still opens the conversation: the person chose to look.
    expect(show).toHaveBeenLastCalledWith('Starling', '1 new message', aliceId);
    subject.setMode('nameAndMessage');
    subject.messageReceived(message({ body: 'Dinner?' }));
    expect(show).toHaveBeenLastCalledWith('Alice', 'Dinner?', aliceId);
  });

  it('stays silent for a conversation muted until unmuted, and speaks again once unmuted', () => {
    const subject = notifier();
    subject.conversationUpdated(conversation({ muted: { until: null } }));
    advance(400 * 24 * 3_600_000);
    subject.messageReceived(message());
    expect(show).not.toHaveBeenCalled();
    subject.conversationUpdated(conversation({ muted: null }));
    subject.messageReceived(message());
    expect(show).toHaveBeenCalledExactlyOnceWith('Alice', 'See you at eight', aliceId);
  });

  it('judges a timed mute at the time the message arrives', () => {
    const subject = notifier();
    subject.conversationUpdated(conversation({ muted: { until: 3_600_000 } }));
    advance(3_599_999);
    subject.messageReceived(message());
    expect(show).not.toHaveBeenCalled();
    // The mute has ended, although no update said so yet.
    advance(1);
    subject.messageReceived(message());
    expect(show).toHaveBeenCalledExactlyOnceWith('Alice', 'See you at eight', aliceId);
  });

  it('keeps a muted conversation out of the burst count as well', () => {
    const subject = notifier();
    subject.conversationUpdated(conversation({ muted: { until: null } }));
    for (let index = 0; index < 5; index += 1) subject.messageReceived(message());
    advance(5_000);
    expect(show).not.toHaveBeenCalled();
  });

  it('leaves the unread messages of muted conversations out of the badge', () => {
    const subject = notifier();
    subject.conversationUpdated(conversation({ unreadCount: 3 }));
    expect(setBadge).toHaveBeenLastCalledWith(3);
    subject.conversationUpdated(conversation({ unreadCount: 4, muted: { until: 60_000 } }));
    expect(setBadge).toHaveBeenLastCalledWith(0);
    // The engine announces the end of a mute with a conversation update: the badge follows it.
    advance(60_000);
    subject.conversationUpdated(conversation({ unreadCount: 4, muted: null }));
    expect(setBadge).toHaveBeenLastCalledWith(4);
  });
});
