// The UI's one zustand store, in slices: the session (startup, account, settings, connection),
// conversations, messages, the network, and the screen. Events from the engine are applied by
// eventBridge.ts and calls made by actions.ts, both outside React; components select narrowly.
import { create } from 'zustand';
import type {
  AccountView,
  ConversationView,
  NetworkView,
  SettingsView,
  StartupView,
} from '../../../shared/contract/views';
import type { ConnectionState } from '../api/connection';
import type { MessageList } from './messageList';

export interface SessionSlice {
  readonly startup: StartupView | null;
  readonly account: AccountView | null;
  readonly settings: SettingsView | null;
  readonly connection: ConnectionState;
}

export interface ConversationSlice {
  readonly conversations: Readonly<Record<string, ConversationView>>;
  readonly selectedConversationId: string | null;
  /** Who is typing, by conversation. */
  readonly typing: Readonly<Record<string, boolean>>;
}

export interface MessageSlice {
  readonly messages: Readonly<Record<string, MessageList>>;
}

export interface NetworkSlice {
  readonly network: NetworkView | null;
  /** The hardfork the network runs and this build does not know, once announced. */
  readonly hardforkRequired: string | null;
}

export type Screen = 'chats' | 'requests' | 'newConversation' | 'profile' | 'settings';
export type Theme = 'system' | 'light' | 'dark';
export type NotificationMode = 'nameAndMessage' | 'nameOnly' | 'countOnly' | 'off';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export interface UiSlice {
  readonly screen: Screen;
  readonly theme: Theme;
  readonly notifications: NotificationMode;
  readonly notices: readonly Notice[];
  readonly search: string;
}

export type AppState = SessionSlice & ConversationSlice & MessageSlice & NetworkSlice & UiSlice;

export const initialState: AppState = {
  startup: null,
  account: null,
  settings: null,
  connection: 'connecting',
  conversations: {},
  selectedConversationId: null,
  typing: {},
  messages: {},
  network: null,
  hardforkRequired: null,
  screen: 'chats',
  theme: 'system',
  notifications: 'nameAndMessage',
  notices: [],
  search: '',
};

export const useAppStore = create<AppState>()(() => initialState);

/** Shorthands for code outside React. */
export const getState = useAppStore.getState;
export const setState = useAppStore.setState;
