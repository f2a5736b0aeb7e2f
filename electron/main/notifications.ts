// What the desktop app shows for new messages, and the unread badge. The person chooses how much a
// notification reveals (SettingsView.notifications, kept by the engine): someone glancing at the screen, or the OS's own
// notification history, should see no more than that. Nothing is shown for messages this account
// sent, nor for message requests, blocked or muted conversations.
import { isMuteActive } from '../../shared/contract/mutes';
import { attachmentSummary, showMentions } from '../../shared/contract/pureHelpers';
import type { ConversationView, MessageView, NotificationMode } from '../../shared/contract/views';

/** The engine's setting (SettingsView.notifications), which the shell passes to setMode. */
export type { NotificationMode };

export interface NotificationContent {
  readonly title: string;
  readonly body: string;
}

const appName = 'Starling';
const maximumBodyLength = 200;

/** A Session ID shortened for a title: enough to tell people apart, short enough to read. */
export function shortSessionId(sessionId: string): string {
  return sessionId.length > 14 ? `${sessionId.slice(0, 6)}…${sessionId.slice(-6)}` : sessionId;
}

export function newMessagesText(count: number): string {
  return count === 1 ? '1 new message' : `${count} new messages`;
}

/** Whether a message may be notified at all, whatever the mode shows of it. */
export function isNotifiable(
  message: MessageView,
  conversation: ConversationView | undefined,
  muted: boolean,
): boolean {
  return (
    message.direction === 'incoming' &&
    !message.unsent &&
    // Read already when it came (a community's history on joining): no news to tell.
    !message.read &&
    // An unknown conversation is most likely a new request: nothing is shown until it is accepted.
    conversation?.state === 'accepted' &&
    !muted
  );
}

/**
 * The notification of one message in a mode; undefined when the mode is off. `nameOf` says what a
 * person is called, for a group's "Bob: …" and for mentions ("@Alice" rather than "@05…").
 */
export function notificationContent(
  mode: NotificationMode,
  message: MessageView,
  conversation: ConversationView,
  nameOf: (sessionId: string) => string = shortSessionId,
): NotificationContent | undefined {
  const name = conversation.displayName ?? shortSessionId(conversation.id);
  switch (mode) {
    case 'nameAndMessage': {
      // Files alone are told by what they are ("Photo"); with a caption, the caption says it.
      const text =
        showMentions((message.body ?? '').trim(), nameOf) || attachmentSummary(message.attachments);
      // In a group the title is the group: the body says who wrote.
      const said = text !== '' && conversation.group ? `${nameOf(message.author)}: ${text}` : text;
      const body =
        said === ''
          ? 'New message'
          : said.length > maximumBodyLength
            ? `${said.slice(0, maximumBodyLength - 1)}…`
            : said;
      return { title: name, body };
    }
    case 'nameOnly':
      return { title: name, body: 'New message' };
    case 'countOnly':
      return { title: appName, body: newMessagesText(1) };
    case 'off':
      return undefined;
  }
}

/**
 * The badge: unread messages of accepted conversations (requests wait in their own list), leaving
 * out the muted ones at `now`: a muted conversation should not call for attention in any way.
 */
export function unreadBadgeCount(conversations: Iterable<ConversationView>, now: number): number {
  let count = 0;
  for (const conversation of conversations) {
    if (conversation.state === 'accepted' && !isMuteActive(conversation.muted, now)) {
      count += conversation.unreadCount;
    }
  }
  return count;
}

export interface MessageNotifierOptions {
  /** Shows one notification; `conversationId` is the conversation a click opens (none for a count). */
  readonly show: (title: string, body: string, conversationId?: string) => void;
  readonly setBadge: (count: number) => void;
  /** Until the engine's setting is read: the shell starts with the least revealing useful mode. */
  readonly mode?: NotificationMode;
  /** Whether the person is looking at the app: then the UI itself shows the message. */
  readonly isWindowFocused?: () => boolean;
  /** How many messages get a notification of their own in one burst; the rest are counted. */
  readonly burstSize?: number;
  readonly burstMilliseconds?: number;
  readonly now?: () => number;
}

/**
 * Turns the host's events into notifications and badge updates. Up to `burstSize` messages within
 * `burstMilliseconds` are notified one by one; beyond that, a single "N new messages" follows at the
 * end of the interval, so that a busy conversation or a sync after being offline does not pile up
 * dozens of notifications.
 */
export class MessageNotifier {
  private mode: NotificationMode;
  private readonly conversations = new Map<string, ConversationView>();
  private recent: number[] = [];
  private counted = 0;
  private summaryTimer: ReturnType<typeof setTimeout> | undefined;
  private badge = -1;
  private ownSessionId: string | null = null;
  private readonly burstSize: number;
  private readonly burstMilliseconds: number;
  private readonly now: () => number;

  constructor(private readonly options: MessageNotifierOptions) {
    this.mode = options.mode ?? 'countOnly';
    this.burstSize = options.burstSize ?? 3;
    this.burstMilliseconds = options.burstMilliseconds ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  setMode(mode: NotificationMode): void {
    this.mode = mode;
    if (mode === 'off') this.counted = 0;
  }

  /** The account's own Session ID, so that a mention of it reads "@You". */
  setOwnSessionId(sessionId: string | null): void {
    this.ownSessionId = sessionId;
  }

  /** Replaces what is known of the conversations, e.g. with listConversations at start. */
  loadConversations(conversations: Iterable<ConversationView>): void {
    this.conversations.clear();
    for (const conversation of conversations) this.conversations.set(conversation.id, conversation);
    this.updateBadge();
  }

  conversationUpdated(conversation: ConversationView): void {
    this.conversations.set(conversation.id, conversation);
    this.updateBadge();
  }

  conversationRemoved(conversationId: string): void {
    this.conversations.delete(conversationId);
    this.updateBadge();
  }

  messageReceived(message: MessageView): void {
    const conversation = this.conversations.get(message.conversationId);
    // The mute at the time the message arrives: a timed mute may have ended since the last update.
    const muted = conversation !== undefined && isMuteActive(conversation.muted, this.now());
    if (!conversation || !isNotifiable(message, conversation, muted)) return;
    if (this.options.isWindowFocused?.()) return;
    const content = notificationContent(this.mode, message, conversation, (sessionId) =>
      this.nameOf(sessionId, conversation),
    );
    if (!content) return;

    const now = this.now();
    this.recent = this.recent.filter((time) => now - time < this.burstMilliseconds);
    if (this.summaryTimer === undefined && this.recent.length < this.burstSize) {
      this.recent.push(now);
      this.options.show(content.title, content.body, message.conversationId);
      return;
    }
    this.counted += 1;
    this.summaryTimer ??= setTimeout(() => this.showSummary(), this.burstMilliseconds);
  }

  /**
   * What a person is called: "You" (in a room also by our blinded ID there, as its mentions name
   * us), the name of their one-to-one conversation, or a short ID.
   */
  private nameOf(sessionId: string, where: ConversationView): string {
    if (sessionId === this.ownSessionId || sessionId === where.community?.ownId) return 'You';
    const known = this.conversations.get(sessionId);
    return known?.displayName?.trim() || shortSessionId(sessionId);
  }

  /** Stops the pending summary (when the app quits). */
  close(): void {
    if (this.summaryTimer !== undefined) clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
  }

  private showSummary(): void {
    this.summaryTimer = undefined;
    if (this.counted === 0) return;
    if (this.mode !== 'off') this.options.show(appName, newMessagesText(this.counted));
    this.counted = 0;
    // The burst may go on: what arrives in the next interval joins the next summary. An interval
    // without messages ends the burst.
    this.summaryTimer = setTimeout(() => this.showSummary(), this.burstMilliseconds);
  }

  private updateBadge(): void {
    const count = unreadBadgeCount(this.conversations.values(), this.now());
    if (count === this.badge) return;
    this.badge = count;
    this.options.setBadge(count);
  }
}
