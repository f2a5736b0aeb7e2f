// Applies the engine's events to the store, outside React, so that every screen sees the same state
// and no component subscribes to the connection itself.
import type { Connection } from '../api/connection';
import { openConversation, showScreen } from './actions';
import { applyConversationChanges } from './conversationChanges';
import { withoutPendingDeclines } from './declineUndo';
import { putGroup } from './groupActions';
import { followConnection } from './reconnection';
import { removeMessage, upsertMessages } from './messageList';
import { applyProgress } from './attachmentActions';
import { getState, setState } from './store';
import type { MessageView } from '../../../shared/contract/views';

function applyMessage(message: MessageView): void {
  const lists = getState().messages;
  const list = lists[message.conversationId];
  // A conversation never opened loads its newest page when it is; nothing to keep until then.
  if (!list?.loaded) return;
  setState({ messages: { ...lists, [message.conversationId]: upsertMessages(list, [message]) } });
}

export function bridgeEvents(connection: Connection): () => void {
  const unsubscribers = [
    followConnection(connection),
    connection.on('message.received', ({ message }) => applyMessage(message)),
    connection.on('message.sent', ({ message }) => applyMessage(message)),
    connection.on('message.updated', ({ message }) => applyMessage(message)),
    connection.on('message.removed', ({ conversationId, messageId }) => {
      const lists = getState().messages;
      const list = lists[conversationId];
      if (list) setState({ messages: { ...lists, [conversationId]: removeMessage(list, messageId) } });
    }),
    connection.on('conversation.updated', ({ conversation }) =>
      applyConversationChanges(withoutPendingDeclines([conversation]), []),
    ),
    connection.on('conversation.removed', ({ conversationId }) =>
      applyConversationChanges([], [conversationId]),
    ),
    connection.on('conversations.changed', ({ updated, removed }) =>
      applyConversationChanges(withoutPendingDeclines(updated), removed),
    ),
    connection.on('group.changed', ({ group }) => putGroup(group)),
    connection.on('group.invited', ({ group }) => putGroup(group)),
    connection.on('typing.changed', ({ conversationId, typing }) =>
      setState({ typing: { ...getState().typing, [conversationId]: typing } }),
    ),
    // The app leaves onboarding when the person is done with it (enterApp), not when the account
    // exists: the recovery phrase is still on screen then.
    connection.on('account.ready', ({ account }) => setState({ account })),
    connection.on('account.changed', ({ account }) => setState({ account })),
    connection.on('picture.changed', ({ sessionId, picture }) =>
      setState({ pictures: { ...getState().pictures, [sessionId]: picture ?? null } }),
    ),
    connection.on('path.changed', ({ network }) => setState({ network })),
    connection.on('network.hardforkRequired', ({ hardfork }) => setState({ hardforkRequired: hardfork })),
    connection.on('update.changed', ({ update }) => setState({ update })),
    // The desktop app brought the window forward for this conversation's notification.
    connection.on('notification.clicked', ({ conversationId }) => {
      if (!getState().conversations[conversationId]) return;
      showScreen('chats');
      void openConversation(conversationId);
    }),
    // Another window (or the headless host's other tab) changed a setting: every screen shows it.
    connection.on('settings.changed', ({ settings }) => setState({ settings })),
    connection.on('attachment.progress', ({ attachmentId, percent }) => applyProgress(attachmentId, percent)),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
