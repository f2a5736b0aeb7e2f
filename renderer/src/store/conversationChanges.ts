// Conversations the engine changed or removed, applied to the store in one update: a bulk decline of
// 10,000 message requests is one 'conversations.changed' event and must be one render, not 10,000.
import type { ConversationView } from '../../../shared/contract/views';
import { getState, setState } from './store';

export function applyConversationChanges(
  updated: readonly ConversationView[],
  removed: readonly string[],
): void {
  const state = getState();
  const conversations = { ...state.conversations };
  for (const conversation of updated) conversations[conversation.id] = conversation;
  let messages: Record<string, (typeof state.messages)[string]> = state.messages;
  let selectedConversationId = state.selectedConversationId;
  if (removed.length > 0) {
    messages = { ...messages };
    for (const conversationId of removed) {
      delete conversations[conversationId];
      delete messages[conversationId];
      if (selectedConversationId === conversationId) selectedConversationId = null;
    }
  }
  setState({ conversations, messages, selectedConversationId });
}
