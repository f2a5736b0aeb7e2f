// The open conversation: header, the message request bar when it is one, the messages, and the
// composer; a friendly empty state when none is open. New incoming messages are marked read while
// the conversation is open and the window visible.
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { acceptRequest, blockContact, markRead, showScreen } from '../../store/actions';
import { declineWithUndo } from '../../store/declineUndo';
import { getState, useAppStore } from '../../store/store';
import { stageFiles } from '../../store/attachmentActions';
import { ConversationImageViewer } from './attachments/ConversationImageViewer';
import { Composer } from './Composer';
import { ConfirmDialog } from './ConfirmDialog';
import { ConversationHeader } from './ConversationHeader';
import { conversationTitle } from './format';
import { ChatIcon, ComposeIcon } from './icons';
import { MessageTimeline } from './MessageTimeline';
import { PinnedBanner } from '../community/PinnedBanner';
import { requestCount } from '../sidebar/conversationFilter';
import { endedGroupText } from '../groups/groupText';
import type { VirtualListHandle } from './VirtualList';
import './conversation.css';

/** Marks the conversation read when unread messages arrive while it is open and the window seen. */
function useMarkRead(conversationId: string): void {
  const unread = useAppStore((state) => state.conversations[conversationId]?.unreadCount ?? 0);
  const busy = useRef(false);
  useEffect(() => {
    const check = (): void => {
      if (busy.current || document.visibilityState !== 'visible') return;
      if (!getState().messages[conversationId]?.loaded) return;
      const shown = getState().conversations[conversationId];
      // Unread messages, or marked unread on another device: opening it reads it.
      if (!shown || (shown.unreadCount === 0 && !shown.markedUnread)) return;
      busy.current = true;
      void markRead(conversationId).finally(() => {
        busy.current = false;
      });
    };
    check();
    document.addEventListener('visibilitychange', check);
    window.addEventListener('focus', check);
    return () => {
      document.removeEventListener('visibilitychange', check);
      window.removeEventListener('focus', check);
    };
  }, [conversationId, unread]);
}

function RequestBar({
  conversationId,
  name,
  messagesNotKept,
}: {
  conversationId: string;
  name: string;
  messagesNotKept: number;
}) {
  const [confirmBlock, setConfirmBlock] = useState(false);
  return (
    <div className="request-bar" role="region" aria-label="Message request">
      <p>
        <strong>{name}</strong> wants to send you messages. Accept (or reply) to chat, decline to delete the
        request, or block them. They are not told unless you accept.
      </p>
      {messagesNotKept > 0 && (
        <p className="request-bar__not-kept">
          {messagesNotKept === 1
            ? '1 older message from this sender was not kept:'
            : `${messagesNotKept.toLocaleString('en')} older messages from this sender were not kept:`}{' '}
          until you accept, only their newest messages are stored here.
        </p>
      )}
      <div className="request-bar__actions">
        <button type="button" className="button" onClick={() => void acceptRequest(conversationId)}>
          Accept
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => declineWithUndo([conversationId])}
        >
          Decline
        </button>
        <button type="button" className="button button--danger" onClick={() => setConfirmBlock(true)}>
          Block
        </button>
      </div>
      {confirmBlock && (
        <ConfirmDialog
          title={`Block ${name}?`}
          confirmLabel="Block"
          onCancel={() => setConfirmBlock(false)}
          onConfirm={() => {
            setConfirmBlock(false);
            void blockContact(conversationId);
          }}
        >
          You will no longer receive their messages. They are not told. You can unblock them later.
        </ConfirmDialog>
      )}
    </div>
  );
}

/** A group invitation from someone who is not a contact: join it or decline it. */
function GroupInviteBar({ conversationId, name }: { conversationId: string; name: string }) {
  return (
    <div className="request-bar" role="region" aria-label="Group invitation">
      <p>
        You were invited to the group <strong>{name}</strong> by someone who is not one of your contacts.
        Accept to read and write in it; decline to delete the invitation.
      </p>
      <div className="request-bar__actions">
        <button type="button" className="button" onClick={() => void acceptRequest(conversationId)}>
          Accept
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => declineWithUndo([conversationId])}
        >
          Decline
        </button>
      </div>
    </div>
  );
}

/**
 * The one empty state (#17 item 13): with chats, which to pick; without, how to start one, and the
 * requests waiting, if any (they are not chats yet, so "pick a conversation" would point at nothing).
 */
function EmptyPane() {
  const chats = useAppStore(
    (state) =>
      Object.values(state.conversations).filter((conversation) => conversation.state === 'accepted').length,
  );
  const requests = useAppStore((state) => requestCount(state.conversations));
  const screen = useAppStore((state) => state.screen);
  if (screen === 'requests' || chats > 0) {
    return (
      <section className="empty-pane" aria-labelledby="empty-pane-title">
        <span className="empty-pane__art" aria-hidden="true">
          <ChatIcon size={40} />
        </span>
        <h2 id="empty-pane-title">Pick a conversation</h2>
        <p>
          {screen === 'requests'
            ? 'Choose a request on the left to read it, then accept, decline or block.'
            : 'Choose someone on the left to read and write messages.'}
        </p>
      </section>
    );
  }
  return (
    <section className="empty-pane" aria-labelledby="empty-pane-title">
      <span className="empty-pane__art" aria-hidden="true">
        <ChatIcon size={40} />
      </span>
      <h2 id="empty-pane-title">No conversations yet</h2>
      <p>
        Start one with someone’s Session ID: ask them for it, or for the QR code in their profile. Your
        messages travel end-to-end encrypted over onion routing.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={() => showScreen('newConversation')}>
          <ComposeIcon size={16} />
          New conversation
        </button>
        {requests > 0 && (
          <button type="button" className="button button--secondary" onClick={() => showScreen('requests')}>
            {requests === 1 ? 'Read 1 message request' : `Read ${requests} message requests`}
          </button>
        )}
      </div>
    </section>
  );
}

function OpenConversation({ conversationId }: { conversationId: string }) {
  const conversation = useAppStore((state) => state.conversations[conversationId]);
  const ownSessionId = useAppStore((state) => state.account?.sessionId ?? null);
  const listHandle = useRef<VirtualListHandle>(null);
  /** Files are being dragged over the conversation (a counter: entering a child leaves the parent). */
  const [dragDepth, setDragDepth] = useState(0);
  useMarkRead(conversationId);

  // Replying to a request accepts it: the conversation moves to the chats, and the sidebar with it.
  const state = conversation?.state;
  const previousState = useRef(state);
  useEffect(() => {
    if (previousState.current === 'request' && state === 'accepted' && getState().screen === 'requests') {
      showScreen('chats');
    }
    previousState.current = state;
  }, [state]);

  if (!conversation) return <EmptyPane />;
  const name = conversationTitle(conversation, ownSessionId);
  const community = conversation.community;
  const writable =
    conversation.state !== 'blocked' &&
    (community ? community.canWrite : true) &&
    (!conversation.group ||
      (conversation.state === 'accepted' && endedGroupText(conversation.group.status) === null));
  // A room takes files only from those its moderators let share them (§6.5 `upload`).
  const sharesFiles = writable && (community ? community.canUpload : true);
  const carriesFiles = (event: DragEvent): boolean =>
    sharesFiles && event.dataTransfer.types.includes('Files');
  return (
    <section
      className="conversation"
      aria-label={
        conversation.group ? `Group ${name}` : community ? `Community ${name}` : `Conversation with ${name}`
      }
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragDepth((depth) => depth + 1);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (carriesFiles(event)) setDragDepth((depth) => Math.max(0, depth - 1));
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragDepth(0);
        const files = [...event.dataTransfer.files];
        if (files.length > 0) void stageFiles(conversationId, files);
      }}
    >
      {dragDepth > 0 && (
        <div className="drop-zone" aria-hidden="true">
          <p>{community ? `Drop files to share in ${name}` : `Drop files to send to ${name}`}</p>
        </div>
      )}
      <ConversationImageViewer conversationId={conversationId} />
      <ConversationHeader conversation={conversation} />
      {conversation.state === 'request' && conversation.group && (
        <GroupInviteBar conversationId={conversation.id} name={name} />
      )}
      {conversation.state === 'request' && !conversation.group && (
        <RequestBar
          conversationId={conversation.id}
          name={name}
          messagesNotKept={conversation.messagesNotKept ?? 0}
        />
      )}
      {community && community.pinnedMessageIds.length > 0 && (
        <PinnedBanner
          conversationId={conversationId}
          pinnedServerIds={community.pinnedMessageIds}
          listHandle={listHandle}
        />
      )}
      <MessageTimeline key={conversationId} conversationId={conversationId} listHandle={listHandle} />
      <Composer
        conversationId={conversationId}
        blocked={conversation.state === 'blocked'}
        closed={
          conversation.group
            ? (endedGroupText(conversation.group.status) ??
              (conversation.state === 'request' ? 'Accept the invitation to write in this group.' : null))
            : community && !community.canWrite
              ? 'This room is read only for you: its moderators decide who may write.'
              : null
        }
        files={community ? community.canUpload : true}
        peerName={name}
        onSend={() => listHandle.current?.scrollToBottom()}
      />
    </section>
  );
}

export function ConversationPane() {
  const selected = useAppStore((state) => state.selectedConversationId);
  return selected ? <OpenConversation key={selected} conversationId={selected} /> : <EmptyPane />;
}
