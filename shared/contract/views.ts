// The data the engine shows the UI (design.md "The contract"): plain objects, no keys, no raw
// network data. Session IDs appear in full because the UI shows and copies them; logs never do.

/** sending → sent → read for outgoing messages, or failed (retryable); incoming ones have none. */
export type DeliveryState = 'sending' | 'sent' | 'read' | 'failed';

export type DisappearingMode = 'off' | 'afterSend' | 'afterRead';

export interface DisappearingSetting {
  readonly mode: DisappearingMode;
  /** 0 when the mode is off. */
  readonly seconds: number;
}

export interface QuoteView {
  readonly author: string;
  readonly sentAt: number;
  /** The quoted text as stored here, or null when this device does not have the message. */
  readonly body: string | null;
}

export interface ReactionView {
  readonly emoji: string;
  /** Who reacted (Session IDs), the own account included. */
  readonly authors: readonly string[];
}

export interface MessageView {
  readonly id: number;
  readonly conversationId: string;
  readonly author: string;
  readonly direction: 'incoming' | 'outgoing';
  /** null once the message was unsent. */
  readonly body: string | null;
  /** The sender's sent time, ms: the message's protocol identity with its author. */
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly state: DeliveryState | null;
  /** Why an outgoing message failed, in words. */
  readonly failure: string | null;
  readonly quote: QuoteView | null;
  readonly reactions: readonly ReactionView[];
  /** When the message disappears, ms; null when it does not (yet). */
  readonly expiresAt: number | null;
  readonly unsent: boolean;
  readonly read: boolean;
}

export type ConversationState = 'accepted' | 'request' | 'blocked';

export interface ConversationView {
  /** The other party's Session ID. */
  readonly id: string;
  readonly state: ConversationState;
  /** The name the other party gave themselves, if they sent one. */
  readonly displayName: string | null;
  readonly unreadCount: number;
  readonly lastMessage: {
    readonly body: string | null;
    readonly sentAt: number;
    readonly direction: 'incoming' | 'outgoing';
  } | null;
  readonly disappearing: DisappearingSetting;
  /** The other party accepted our messages (sent a MessageRequestResponse or wrote to us). */
  readonly approvedMe: boolean;
}

export interface SettingsView {
  /** Send read receipts when a conversation is read (off: nothing is sent). */
  readonly readReceipts: boolean;
  /** Send typing indicators while composing (off: nothing is sent). */
  readonly typingIndicators: boolean;
}

export interface AccountView {
  readonly sessionId: string;
  readonly displayName: string | null;
}

/** Where a page of history stops: pass it back to get the older page. */
export interface MessageCursor {
  readonly sentAt: number;
  readonly id: number;
}

export interface MessagePage {
  readonly messages: readonly MessageView[];
  /** null when there is nothing older. */
  readonly before: MessageCursor | null;
}

/** What the UI shows first: onboarding until the profile holds an account. */
export interface StartupView {
  readonly state: 'needsAccount' | 'ready';
  readonly account: AccountView | null;
  /** The network in use: mainnet, testnet or devnet. */
  readonly network: string;
}

export interface UnknownWordView {
  /** 1-based, as a person counts. */
  readonly position: number;
  readonly word: string;
  readonly suggestions: readonly string[];
}

/** A recovery phrase checked as it is typed. */
export interface PhraseCheckView {
  readonly ok: boolean;
  /** What to fix, in words; null when the phrase is valid. */
  readonly message: string | null;
  readonly unknownWords: readonly UnknownWordView[];
}

export interface HopView {
  /** A short form of the node's key, e.g. "a1b2c3…d4e5". */
  readonly name: string;
  readonly ip: string;
  readonly healthy: boolean;
}

export interface PathView {
  readonly hops: readonly HopView[];
  readonly healthy: boolean;
}

export interface NetworkView {
  readonly network: string;
  /** At least one healthy onion path. */
  readonly connected: boolean;
  readonly paths: readonly PathView[];
  /** The network's hardfork version, e.g. "19.5", once a node told it. */
  readonly hardfork: string | null;
  /** The network runs a hardfork newer than this build: the app must be updated. */
  readonly updateRequired: boolean;
}
