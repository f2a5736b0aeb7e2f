// The sidebar: the own account with the onion-path health, the way to the other screens (chats,
// message requests, new conversation, profile, settings), a search, and the conversation list.
import { type ReactNode, useId } from 'react';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import { setSearch, showScreen } from '../../store/actions';
import { type Screen, useAppStore } from '../../store/store';
import { Avatar } from '../conversation/Avatar';
import { ChatIcon, CloseIcon, ComposeIcon, InboxIcon, SearchIcon, SettingsIcon } from '../conversation/icons';
import { showNetwork } from '../settings/showNetwork';
import { searchMessagesSoon } from '../../store/searchActions';
import { ConversationList } from './ConversationList';
import { MessageResults } from './MessageResults';
import { requestCount } from './conversationFilter';
import './sidebar.css';

function PathHealth() {
  const network = useAppStore((state) => state.network);
  // The last path state heard is stale once the engine itself is out of reach: never green then.
  const reachable = useAppStore((state) => state.connection === 'open');
  const connected = reachable && (network?.connected ?? false);
  const label = !reachable
    ? 'Onion routing: unknown, Starling is disconnected'
    : connected
      ? 'Onion routing: connected'
      : network
        ? 'Onion routing: reconnecting'
        : 'Onion routing: connecting';
  // A button: the dot is where a newcomer looks when messages stall, so it opens the paths (#17.14).
  return (
    <button
      type="button"
      className="path-button"
      aria-label={`${label}. Show the network`}
      title={label}
      onClick={showNetwork}
    >
      <span className={`path-dot ${connected ? 'path-dot--ok' : 'path-dot--waiting'}`} aria-hidden="true" />
    </button>
  );
}

function AccountHeader() {
  const account = useAppStore((state) => state.account);
  const screen = useAppStore((state) => state.screen);
  if (!account) return null;
  const name = account.displayName?.trim() || abbreviateSessionId(account.sessionId);
  return (
    <div className="sidebar__account">
      <button
        type="button"
        className="account-button"
        aria-label={`Profile: ${name}`}
        aria-current={screen === 'profile' ? 'page' : undefined}
        onClick={() => showScreen('profile')}
      >
        <Avatar sessionId={account.sessionId} displayName={account.displayName} />
        <span className="account-button__text">
          <span className="account-button__name">{name}</span>
          <span className="account-button__id mono">{abbreviateSessionId(account.sessionId)}</span>
        </span>
      </button>
      <PathHealth />
      <button
        type="button"
        className="icon-button"
        aria-label="New conversation"
        title="New conversation"
        aria-current={screen === 'newConversation' ? 'page' : undefined}
        onClick={() => showScreen('newConversation')}
      >
        <ComposeIcon size={20} />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Settings"
        title="Settings"
        aria-current={screen === 'settings' ? 'page' : undefined}
        onClick={() => showScreen('settings')}
      >
        <SettingsIcon size={20} />
      </button>
    </div>
  );
}

function Tab({
  screen,
  label,
  fullLabel,
  icon,
  count,
  countLabel,
}: {
  screen: Screen;
  label: string;
  /** The accessible name when the visible label is a short form of it. */
  fullLabel: string;
  icon: ReactNode;
  count: number;
  countLabel: string;
}) {
  const current = useAppStore((state) => state.screen);
  // The chats tab stays current while a screen of the pane (profile, settings…) is open over it.
  const active = current === screen || (screen === 'chats' && current !== 'requests');
  return (
    <button
      type="button"
      className={`sidebar-tab ${active ? 'sidebar-tab--active' : ''}`}
      aria-pressed={active}
      aria-label={count > 0 ? `${fullLabel}, ${countLabel}` : fullLabel}
      title={fullLabel}
      onClick={() => showScreen(screen)}
    >
      {icon}
      <span>{label}</span>
      {count > 0 && (
        <span className="badge" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </button>
  );
}

/** The search looks through names (conversationFilter.ts) and, in the engine, the messages' text. */
function changeSearch(search: string): void {
  setSearch(search);
  searchMessagesSoon(search);
}

export function Sidebar() {
  const search = useAppStore((state) => state.search);
  const waitingRequests = useAppStore((state) => requestCount(state.conversations));
  const unreadChats = useAppStore((state) =>
    Object.values(state.conversations).reduce(
      (sum, conversation) => sum + (conversation.state === 'accepted' ? conversation.unreadCount : 0),
      0,
    ),
  );
  const searchId = useId();

  return (
    <nav className="sidebar" aria-label="Conversations">
      <AccountHeader />
      <div className="sidebar__tabs">
        <Tab
          screen="chats"
          label="Chats"
          fullLabel="Chats"
          icon={<ChatIcon size={16} />}
          count={unreadChats}
          countLabel={`${unreadChats} unread`}
        />
        <Tab
          screen="requests"
          label="Requests"
          fullLabel="Message requests"
          icon={<InboxIcon size={16} />}
          count={waitingRequests}
          countLabel={`${waitingRequests} waiting`}
        />
      </div>
      <div className="sidebar__search" role="search">
        <SearchIcon />
        <label htmlFor={searchId} className="visually-hidden">
          Search conversations and messages
        </label>
        <input
          id={searchId}
          type="search"
          className="sidebar__search-input"
          placeholder="Search chats and messages"
          value={search}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => changeSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && search !== '') {
              event.preventDefault();
              changeSearch('');
            } else if (event.key === 'ArrowDown' && search.trim() !== '') {
              // Into the results: the first matching conversation, or else the first message.
              const first = document.querySelector<HTMLElement>(
                '.sidebar .conversation-row[tabindex="0"], .message-results button[tabindex="0"]',
              );
              if (first) {
                event.preventDefault();
                first.focus();
              }
            }
          }}
        />
        {search !== '' && (
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Clear search"
            title="Clear search"
            onClick={() => changeSearch('')}
          >
            <CloseIcon size={14} />
          </button>
        )}
      </div>
      {search.trim() === '' ? (
        <ConversationList />
      ) : (
        <div className="sidebar__search-results">
          <ConversationList />
          <MessageResults />
        </div>
      )}
    </nav>
  );
}
