// ClientEvents: what the engine pushes to the UI, named in the past tense (design.md).
import type { AccountView, ConversationView, MessageView, NetworkView } from './views';

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
  'conversation.removed': { readonly conversationId: string };
  /** The profile now holds an account (created or restored): the app leaves onboarding. */
  'account.ready': { readonly account: AccountView };
  /** The onion paths changed: built, rebuilt, or a hop's health moved. */
  'path.changed': { readonly network: NetworkView };
  /** The network runs a hardfork newer than this build knows: messages may stop until it updates. */
  'network.hardforkRequired': { readonly hardfork: string };
  /** The other party started or stopped typing (cleared by itself after 20 s without news). */
  'typing.changed': { readonly conversationId: string; readonly typing: boolean };
}

export type ClientEventName = keyof ClientEvents;

export type ClientEventListener<Name extends ClientEventName> = (event: ClientEvents[Name]) => void;
