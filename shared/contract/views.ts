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

/**
 * Where a file of a message stands: being uploaded, waiting on the file server (downloaded on
 * request, or by itself for small images and voice notes), being downloaded, here, failed, or gone:
 * its server no longer has it (expired or deleted), so asking again brings nothing.
 */
export type AttachmentState = 'uploading' | 'remote' | 'downloading' | 'ready' | 'failed' | 'gone';

export interface AttachmentView {
  readonly id: number;
  /**
   * The type to treat the file as: what the sender claimed, unless its bytes say otherwise, in
   * which case a plain file ('application/octet-stream'); the UI renders images and audio by it.
   */
  readonly contentType: string;
  readonly fileName: string | null;
  /** Bytes, unpadded. */
  readonly size: number;
  readonly width: number | null;
  readonly height: number | null;
  /** A voice message (the VOICE_MESSAGE flag). */
  readonly voice: boolean;
  readonly caption: string | null;
  readonly state: AttachmentState;
  /** An image with a small copy to show in the timeline (getAttachment with `thumbnail`). */
  readonly thumbnail: boolean;
  /** A voice note's bars (0–255 each), once measured (setVoiceDetails); null before. */
  readonly waveform: readonly number[] | null;
  /** A voice note's length, ms, once measured. */
  readonly durationMs: number | null;
  /** Why it failed, in words. */
  readonly failure: string | null;
}

/** A file staged for a message (stageAttachment), named by its staged ID until sent. */
export interface StagedFileView {
  readonly stagedId: string;
  readonly fileName: string | null;
  /** The type it will be sent as: the one given, unless its bytes say otherwise. */
  readonly contentType: string;
  readonly size: number;
}

/** A file that is here (getAttachment). */
export interface AttachmentFileView {
  readonly attachmentId: number;
  readonly contentType: string;
  readonly fileName: string | null;
  readonly dataBase64: string;
}

export interface ReactionView {
  readonly emoji: string;
  /** Who reacted (Session IDs), the own account included. */
  readonly authors: readonly string[];
  /**
   * How many reacted, when more than `authors` lists (a community server names only the first few
   * reactors: listReactors gives them all).
   */
  readonly count?: number;
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
  /** The message's files in the order sent; empty for text. */
  readonly attachments: readonly AttachmentView[];
  /** When the message disappears, ms; null when it does not (yet). */
  readonly expiresAt: number | null;
  readonly unsent: boolean;
  readonly read: boolean;
  /**
   * A control message shown in the timeline instead of a bubble ("Alice added Bob", "You set
   * messages to disappear…"); `author` is who did it. Absent for ordinary messages.
   */
  readonly control?: GroupControlView;
  /** When its author last edited it (a community post), ms; absent when never edited. */
  readonly edited?: number;
  /**
   * The name its author gave with it, where the conversation does not tell it otherwise (a
   * community member known only by their 15… blinded ID); absent when none was given.
   */
  readonly authorName?: string;
  /**
   * A community whisper, seen besides its sender only by: us ('you'), the room's moderators
   * ('moderators', and the member `whisperTo` names when there is one), or one other member
   * ('member', named by `whisperTo`: a whisper we sent, or one a moderator sees).
   */
  readonly whisper?: 'moderators' | 'you' | 'member';
  /** The member a whisper is for, when it is not us (their ID in the room). */
  readonly whisperTo?: string;
  /** Its ID on the community server (community posts only). */
  readonly serverId?: number;
}

/**
 * What happened in a conversation, as its timeline tells it: in a group (protocol-config-groups.md
 * §6.8), and in any conversation a timer change or a request accepted.
 */
export type GroupControlView =
  | { readonly kind: 'membersAdded'; readonly members: readonly GroupControlMember[] }
  | { readonly kind: 'membersRemoved'; readonly members: readonly GroupControlMember[] }
  | { readonly kind: 'membersPromoted'; readonly members: readonly GroupControlMember[] }
  | { readonly kind: 'memberLeft' }
  | { readonly kind: 'renamed'; readonly name: string }
  /** We were removed from the group by an admin. */
  | { readonly kind: 'removedYou' }
  /** An admin deleted the group. */
  | { readonly kind: 'groupDeleted' }
  /** `author` set disappearing messages (`seconds` 0 when off). */
  | { readonly kind: 'disappearingChanged'; readonly mode: DisappearingMode; readonly seconds: number }
  /** `author` accepted the other's message request: we did theirs, or they did ours. */
  | { readonly kind: 'requestAccepted' };

export interface GroupControlMember {
  readonly sessionId: string;
  /** The name to show (nickname, their own, or the group's), null when none is known. */
  readonly name: string | null;
}

export type ConversationState = 'accepted' | 'request' | 'blocked';

export interface ConversationView {
  /** The other party's Session ID. */
  readonly id: string;
  readonly state: ConversationState;
  /** The name the other party gave themselves, if they sent one. */
  readonly displayName: string | null;
  /** Present when their picture is on this device: a token that changes with it (getProfilePicture). */
  readonly picture?: string;
  readonly unreadCount: number;
  readonly lastMessage: {
    readonly body: string | null;
    readonly sentAt: number;
    readonly direction: 'incoming' | 'outgoing';
    /** Who wrote it (in a group, to show "Bob: …"); absent in views made before groups. */
    readonly author?: string;
    /** The name its author posted with, where nothing else names them (a community member). */
    readonly authorName?: string;
    /** A control message, shown as its line ("Alice added Bob"). */
    readonly control?: GroupControlView;
  } | null;
  readonly disappearing: DisappearingSetting;
  /** The other party accepted our messages (sent a MessageRequestResponse or wrote to us). */
  readonly approvedMe: boolean;
  /** Notifications silenced by the person on this device; null when not muted (or the mute ended). */
  readonly muted: MuteView | null;
  /**
   * How many of a request's older messages were not kept (issue 12: an unaccepted sender may store
   * only so much here); absent or 0 when none were dropped.
   */
  readonly messagesNotKept?: number;
  /** The name the account gave this person (synced with its other devices); absent when none. */
  readonly nickname?: string;
  /** Pinned to the top of the list (on every device of the account); absent when not. */
  readonly pinned?: true;
  /** Marked unread on one of the account's devices (ConvoInfoVolatile); reading it clears it. */
  readonly markedUnread?: true;
  /** A closed group's (03… id): what its list entry and header show; absent for a person. */
  readonly group?: GroupSummaryView;
  /** A community room's (http(s)://… id): what its list entry and header show. */
  readonly community?: CommunitySummaryView;
  /** A community member's known by their 15… blinded ID: where they were met. */
  readonly blinded?: BlindedSummaryView;
}

/** A conversation with a community member by their blinded ID (protocol-messages.md §6.6). */
export interface BlindedSummaryView {
  /** Their 15… ID on the community's server (also the conversation's ID). */
  readonly blindedId: string;
  /** The room they were met in (its name), or the server's address when no room is known. */
  readonly community: string;
  /** That room's conversation ID, when it is one we are in. */
  readonly roomId: string | null;
}

/** A community room we joined (protocol-messages.md §6), as its list entry and header show it. */
export interface CommunitySummaryView {
  /** The room's name (also the conversation's displayName). */
  readonly name: string;
  /** The room token as the server spells it. */
  readonly room: string;
  readonly description: string | null;
  /** The link that joins it: `http(s)://host[:port]/<room>?public_key=<64 hex>`. */
  readonly joinUrl: string;
  /** Who we are in the room: our 15… blinded ID on its server (§6.3); absent until worked out. */
  readonly ownId?: string;
  /** People active lately, as the server counts them; null until it told. */
  readonly activeUsers: number | null;
  readonly canWrite: boolean;
  readonly canUpload: boolean;
  readonly moderator: boolean;
  readonly admin: boolean;
  /** Why the server has not answered lately, in words; absent while it answers. */
  readonly unreachable?: string;
  /** The server IDs of its pinned messages, newest pin first. */
  readonly pinnedMessageIds: readonly number[];
}

/** Everyone who reacted to a community message with one emoji (listReactors). */
export interface CommunityReactorsView {
  /** Oldest first: our account by its Session ID, others by the ID the room knows them by. */
  readonly reactors: readonly { readonly id: string; readonly name?: string }[];
  /** How many reacted (more than `reactors` lists when the list was cut at its bound). */
  readonly count: number;
  /** We reacted with it. */
  readonly you: boolean;
}

/** A room a community server offers (listCommunityRooms). */
export interface CommunityRoomView {
  readonly token: string;
  readonly name: string;
  readonly description: string | null;
  readonly activeUsers: number | null;
  /** The link that joins it. */
  readonly url: string;
}

/** Where we stand in a closed group (protocol-config-groups.md §6). */
export type GroupStatus = 'invited' | 'member' | 'kicked' | 'destroyed' | 'left';

export interface GroupSummaryView {
  /** The group's name (also the conversation's displayName). */
  readonly name: string;
  readonly memberCount: number;
  /** We hold the group's key: we may rename it, add and remove members. */
  readonly admin: boolean;
  readonly status: GroupStatus;
}

/**
 * A member as the Members config says (§6.4): invited (the invite is on its way or was sent),
 * inviteFailed (it could not be sent), accepted (they joined), removing (an admin removed them and
 * the removal is being carried out).
 */
export type GroupMemberStatus = 'invited' | 'inviteFailed' | 'accepted' | 'removing';

export interface GroupMemberView {
  readonly sessionId: string;
  /** The name the group knows them by; null when none. */
  readonly name: string | null;
  /** Present when their picture is on this device (as ConversationView.picture). */
  readonly picture?: string;
  readonly admin: boolean;
  readonly status: GroupMemberStatus;
  /** An admin promotion not yet accepted: sent, or failed to send. */
  readonly promotion?: 'pending' | 'failed';
}

export interface GroupView {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly status: GroupStatus;
  readonly admin: boolean;
  /** Admins first, then by name; us included. */
  readonly members: readonly GroupMemberView[];
  /** When the group was created, ms; null when unknown. */
  readonly createdAt: number | null;
}

/** A mute of a conversation's notifications, kept on this device only. */
export interface MuteView {
  /** When the mute ends, ms; null: muted until the person unmutes it. */
  readonly until: number | null;
}

/** How much a notification of a new message reveals (product.md): a glance or the OS history see no more. */
export type NotificationMode = 'nameAndMessage' | 'nameOnly' | 'countOnly' | 'off';

export interface SettingsView {
  /** Send read receipts when a conversation is read (off: nothing is sent). */
  readonly readReceipts: boolean;
  /** Send typing indicators while composing (off: nothing is sent). */
  readonly typingIndicators: boolean;
  /** What the desktop notifications of new messages show. */
  readonly notifications: NotificationMode;
  /**
   * Community members we have not accepted may write to us (blinded DMs, protocol-messages.md
   * §6.6); off: their messages are dropped, and our messages say we refuse them (DataMessage 106).
   */
  readonly communityMessageRequests: boolean;
}

/**
 * A skin tone for the emoji that have them (Unicode's five Fitzpatrick modifiers, U+1F3FB–1F3FF,
 * lightest first), or none: the default yellow.
 */
export type SkinTone = 'none' | 'light' | 'mediumLight' | 'medium' | 'mediumDark' | 'dark';

/** What the emoji picker remembers for the account: the emoji used most and lately, and the tone. */
export interface EmojiPreferencesView {
  /** Best first: used often and lately. Each in its form without a skin tone (the tone is applied). */
  readonly recent: readonly string[];
  readonly skinTone: SkinTone;
}

export interface AccountView {
  readonly sessionId: string;
  readonly displayName: string | null;
  /** Present when the account has a picture: a token that changes with it (getProfilePicture). */
  readonly picture?: string;
}

/** A profile picture as this device keeps it (re-encoded here, never as a sender sent it). */
export interface ProfilePictureFileView {
  readonly sessionId: string;
  readonly contentType: string;
  readonly dataBase64: string;
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
  /**
   * Only for a page `around` a message or `after` a cursor: where the next newer page starts, null
   * when the page reaches the newest message.
   */
  readonly after?: MessageCursor | null;
}

/** A piece of a search result's text: matched words are marked as data, never as markup. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

/** A message found by searchMessages. */
export interface SearchResultView {
  readonly messageId: number;
  readonly conversationId: string;
  readonly author: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly sentAt: number;
  /** The text around the first match ("…" where it was cut), in one line. */
  readonly snippet: readonly SnippetPart[];
}

export interface SearchPage {
  /** Newest first. */
  readonly results: readonly SearchResultView[];
  /** Where the next (older) page starts; null when there are no more. */
  readonly before: MessageCursor | null;
}

/** What the UI shows first: onboarding until the profile holds an account. */
interface StartupFacts {
  readonly account: AccountView | null;
  /** The network in use: mainnet, testnet or devnet. */
  readonly network: string;
  /**
   * Present (true) only when the account's keys are stored without protection (a profile of an
   * older Starling, or made with `--unprotected`): the UI offers to protect them (`protectKeys`).
   */
  readonly keysUnprotected?: true;
}

/**
 * What the first screen is. 'needsPassphrase' when no OS keychain protects the profile's keys:
 * 'choose' a new passphrase (no account yet), or 'enter' the one that protects the account.
 */
export type StartupView =
  | (StartupFacts & { readonly state: 'needsAccount' | 'ready' })
  | (StartupFacts & { readonly state: 'needsPassphrase'; readonly passphrase: 'choose' | 'enter' });

export interface UnknownWordView {
  /** 1-based, as a person counts. */
  readonly position: number;
  readonly word: string;
  readonly suggestions: readonly string[];
}

/**
 * One typed word of a recovery phrase as it is read: `word` is the list word it stands for (a word
 * is known by any start of it of three letters or more). 'unfinished' is one or two letters that
 * begin list words; 'unknown' begins none.
 */
export interface PhraseWordView {
  /** 1-based, as a person counts. */
  readonly position: number;
  readonly typed: string;
  readonly word: string | null;
  readonly state: 'word' | 'unknown' | 'unfinished';
  /** Why it is not a list word, in words ("Word 5, “qzxvk”, is not …"); null when it is one. */
  readonly message: string | null;
  readonly suggestions: readonly string[];
}

/** A recovery phrase checked as it is typed. */
export interface PhraseCheckView {
  readonly ok: boolean;
  /** What to fix, in words; null when the phrase is valid. */
  readonly message: string | null;
  /** What kind of problem the message is about; null when the phrase is valid. */
  readonly problem: 'empty' | 'wordCount' | 'unknownWord' | 'checksum' | 'invalidPhrase' | null;
  /** The words (1-based) the problem is at: the check word, three words that cannot be together. */
  readonly positions: readonly number[];
  readonly words: readonly PhraseWordView[];
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

/** Where the app stands with updates (issue 7; product.md complaint 9), in words and as data. */
export interface UpdateView {
  /**
   * upToDate; available: a newer release may be installed later; required: install it now, or
   * messages may stop (see reason and deadline); outdated: the network moved past this build and no
   * update can be installed yet.
   */
  readonly kind: 'upToDate' | 'available' | 'required' | 'outdated';
  readonly currentVersion: string;
  /** The release offered, for available and required. */
  readonly version: string | null;
  readonly reason: 'networkAhead' | 'hardforkScheduled' | 'feedUnavailable' | 'noUpdateAvailable' | null;
  /** When a required update must be installed by, ms; null without a date. */
  readonly deadline: number | null;
  readonly notes: string | null;
  /** What happened and what to do, for people. */
  readonly message: string;
  /**
   * The update feed: none (this build has no feed set up), unchecked (not read yet), read, or
   * unreachable at the last check (decisions then rest on the last feed read, if any).
   */
  readonly feed: 'none' | 'unchecked' | 'read' | 'unreachable';
  /** When the feed was last read or tried, ms; null before. */
  readonly checkedAt: number | null;
  /**
   * The download of the offered release: unsupported where this app cannot install updates itself
   * (the headless host, a build without a feed); it never starts without the person's consent.
   */
  readonly download: 'unsupported' | 'idle' | 'downloading' | 'downloaded' | 'failed';
  /** 0 to 1 while downloading. */
  readonly progress: number | null;
  /** Why the download failed, in words. */
  readonly failure: string | null;
}
