// ClientEvents: what the engine pushes to the UI, named in the past tense (design.md).
import type {
  AccountView,
  ConversationView,
  GroupView,
  MessageView,
  NetworkView,
  SettingsView,
  UpdateView,
} from './views';

export interface ClientEvents {
  /** A new message in a conversation: received, or sent from another device of this account. */
  'message.received': { readonly message: MessageView };
  /** A message written here was saved and queued for sending. */
  'message.sent': { readonly message: MessageView };
  /** A message changed: its delivery state, reactions, expiry, or it was unsent. */
  'message.updated': { readonly message: MessageView };
  /** A message is gone: deleted, or it disappeared. */
  'message.removed': { readonly conversationId: string; readonly messageId: number };
  'conversation.updated': { readonly conversation: ConversationView };
  /** A closed group changed: its name, members, their statuses, or where we stand in it. */
  'group.changed': { readonly group: GroupView };
  /**
   * Someone invited us to a group: from an approved contact we joined it (status member), from
   * anyone else it waits as a request (status invited).
   */
  'group.invited': { readonly group: GroupView; readonly from: string };
  'conversation.removed': { readonly conversationId: string };
  /**
   * Many conversations changed at once (a bulk decline or block, a poll that brought a flood of
   * requests): one event instead of one 'conversation.updated' or 'conversation.removed' each, so
   * that the UI applies them in one go.
   */
  'conversations.changed': {
    readonly updated: readonly ConversationView[];
    readonly removed: readonly string[];
  };
  /** The profile now holds an account (created or restored): the app leaves onboarding. */
  'account.ready': { readonly account: AccountView };
  /** The account's profile changed: here, or on another of its devices (the UserProfile config). */
  'account.changed': { readonly account: AccountView };
  /** The onion paths changed: built, rebuilt, or a hop's health moved. */
  'path.changed': { readonly network: NetworkView };
  /** The network runs a hardfork newer than this build knows: messages may stop until it updates. */
  'network.hardforkRequired': { readonly hardfork: string };
  /** The other party started or stopped typing (stopped by their message, or after 20 s without news). */
  'typing.changed': { readonly conversationId: string; readonly typing: boolean };
  /** A setting changed (from any window or host of this profile): the desktop notifier follows it too. */
  'settings.changed': { readonly settings: SettingsView };
  /** What the app says about updates changed: a new release, a hardfork, download progress. */
  'update.changed': { readonly update: UpdateView };
  /** A file is moving: how much of its upload or download is done, in percent. */
  'attachment.progress': {
    readonly messageId: number;
    readonly attachmentId: number;
    readonly direction: 'upload' | 'download';
    readonly percent: number;
  };
  /**
   * Someone's profile picture (the account's own included) arrived, changed or went: wherever they
   * are shown (conversations, group members, bubbles), `picture` is the new token, absent for none.
   */
  'picture.changed': { readonly sessionId: string; readonly picture?: string };
  /** The person clicked a notification of this conversation (desktop app): the UI opens it. */
  'notification.clicked': { readonly conversationId: string };
}

export type ClientEventName = keyof ClientEvents;

export type ClientEventListener<Name extends ClientEventName> = (event: ClientEvents[Name]) => void;

/** Every event, for transports that forward them all (the WebSocket, the desktop IPC). */
export const clientEventNames = [
  'message.received',
  'message.sent',
  'message.updated',
  'message.removed',
  'conversation.updated',
  'group.changed',
  'group.invited',
  'conversation.removed',
  'conversations.changed',
  'account.ready',
  'account.changed',
  'path.changed',
  'network.hardforkRequired',
  'typing.changed',
  'settings.changed',
  'update.changed',
  'notification.clicked',
  'attachment.progress',
  'picture.changed',
] as const satisfies readonly ClientEventName[];

// A new event left out of the list above fails to compile here, rather than never reaching the UI.
const everyEventNamed: Exclude<ClientEventName, (typeof clientEventNames)[number]> extends never
  ? true
  : never = true;
void everyEventNamed;

/** What serves the events: the engine, or the host in front of it. */
export interface ClientEventSource {
  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void;
}
