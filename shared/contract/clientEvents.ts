// ClientEvents: what the engine pushes to the UI, named in the past tense (design.md).
import type { ConversationView, MessageView } from './views';

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
  /** The other party started or stopped typing (cleared by itself after 20 s without news). */
  'typing.changed': { readonly conversationId: string; readonly typing: boolean };
}

export type ClientEventName = keyof ClientEvents;

export type ClientEventListener<Name extends ClientEventName> = (event: ClientEvents[Name]) => void;
