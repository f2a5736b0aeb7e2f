// The UI's one zustand store, in slices: the session (startup, account, settings, connection),
// conversations, messages, the network, and the screen. Events from the engine are applied by
// eventBridge.ts and calls made by actions.ts, both outside React; components select narrowly.
import { create } from 'zustand';
import type {
  AccountView,
  ConversationView,
  EmojiPreferencesView,
  GroupView,
  MessageCursor,
  NetworkView,
  SearchResultView,
  SettingsView,
  StartupView,
  UpdateView,
} from '../../../shared/contract/views';
import type { ConnectionState } from '../api/connection';
import type { MessageList } from './messageList';

export interface SessionSlice {
  readonly startup: StartupView | null;
  readonly account: AccountView | null;
  readonly settings: SettingsView | null;
  /** The emoji picker's recent emoji and skin tone: loaded when a picker first opens. */
  readonly emojiPreferences: EmojiPreferencesView | null;
  readonly connection: ConnectionState;
}

export interface ConversationSlice {
  readonly conversations: Readonly<Record<string, ConversationView>>;
  readonly selectedConversationId: string | null;
  /** Who is typing, by conversation. */
  readonly typing: Readonly<Record<string, boolean>>;
}

export interface PictureSlice {
  /**
   * Profile pictures told by 'picture.changed' since the views were loaded: the token by Session ID,
   * null for "no picture any more". Views (conversations, the account) hold the tokens before that.
   */
  readonly pictures: Readonly<Record<string, string | null>>;
}

export interface GroupSlice {
  /** Closed groups' members and settings, by group ID, once a group was opened or changed. */
  readonly groups: Readonly<Record<string, GroupView>>;
}

export interface MessageSlice {
  readonly messages: Readonly<Record<string, MessageList>>;
}

export interface NetworkSlice {
  readonly network: NetworkView | null;
  /** The hardfork the network runs and this build does not know, once announced. */
  readonly hardforkRequired: string | null;
}

export interface UpdateSlice {
  /** What the host says about updates; null until it answered. */
  readonly update: UpdateView | null;
  /** The offer the person put off with "Later" (updatePromptKey), until another one comes. */
  readonly updatePostponed: string | null;
}

export type Screen = 'chats' | 'requests' | 'newConversation' | 'profile' | 'settings';
export type Theme = 'system' | 'light' | 'dark';
/** The engine keeps it (SettingsView.notifications), so that the desktop notifier follows it too. */
export type { NotificationMode } from '../../../shared/contract/views';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly text: string;
  /** A button in the notice, e.g. Undo. */
  readonly action?: { readonly label: string; readonly run: () => void };
  /** What closing it (×) does instead of only hiding it, e.g. carry out what Undo would take back. */
  readonly onClose?: () => void;
}

/** The sidebar's search through the messages' text (searchActions.ts). */
export interface MessageSearchState {
  /** The query the results are for ('' when nothing is searched). */
  readonly query: string;
  readonly results: readonly SearchResultView[];
  /** Where the next page of results starts; null when there are no more. */
  readonly before: MessageCursor | null;
  readonly status: 'idle' | 'searching' | 'done' | 'failed';
  /** Why the search failed, in words. */
  readonly failure: string | null;
}

export interface UiSlice {
  readonly screen: Screen;
  readonly theme: Theme;
  readonly notices: readonly Notice[];
  readonly search: string;
  readonly messageSearch: MessageSearchState;
  /** A message to bring into view once its conversation's timeline shows it (a search result). */
  readonly scrollTarget: { readonly conversationId: string; readonly messageId: number } | null;
  /** The message briefly marked after a jump to it. */
  readonly highlightedMessageId: number | null;
}

export const idleMessageSearch: MessageSearchState = {
  query: '',
  results: [],
  before: null,
  status: 'idle',
  failure: null,
};

export type AppState = SessionSlice &
  ConversationSlice &
  PictureSlice &
  GroupSlice &
  MessageSlice &
  NetworkSlice &
  UpdateSlice &
  UiSlice;

export const initialState: AppState = {
  startup: null,
  account: null,
  settings: null,
  emojiPreferences: null,
  connection: 'connecting',
  conversations: {},
  selectedConversationId: null,
  typing: {},
  pictures: {},
  groups: {},
  messages: {},
  network: null,
  hardforkRequired: null,
  update: null,
  updatePostponed: null,
  screen: 'chats',
  theme: 'system',
  notices: [],
  search: '',
  messageSearch: idleMessageSearch,
  scrollTarget: null,
  highlightedMessageId: null,
};

export const useAppStore = create<AppState>()(() => initialState);

/** Shorthands for code outside React. */
export const getState = useAppStore.getState;
export const setState = useAppStore.setState;
