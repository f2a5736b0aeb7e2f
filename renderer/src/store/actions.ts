// What the UI does, as functions over the connection and the store: each calls the engine, puts
// the answer in the store, and turns a failure into a notice in words (never a stack trace).
import type { ClientRequest } from '../../../shared/contract/clientApi';
import type {
  AccountView,
  ConversationView,
  DisappearingSetting,
  MessageView,
} from '../../../shared/contract/views';
import { ApiError, type Connection } from '../api/connection';
import { conversationKindOf } from '../../../shared/contract/pureHelpers';
import { applyConversationChanges } from './conversationChanges';
import { loadGroup } from './groupActions';
import { loadOlderFromServer } from './communityActions';
import { appendPage, emptyMessageList, prependPage, upsertMessages } from './messageList';
import { getState, type Notice, type Screen, setState } from './store';

const pageSize = 50;
let connection: Connection | undefined;
let noticeCounter = 0;

function api(): Connection['api'] {
  if (!connection) throw new Error('the UI is not connected');
  return connection.api;
}

export function useConnection(value: Connection): void {
  connection = value;
}

/**
 * Shows a notice for a few seconds (errors longer) and returns its id. With `durationMs: null` it
 * stays until dismissed: one with an action is taken away by whoever owns the action.
 */
export function notify(
  text: string,
  kind: 'error' | 'info' = 'error',
  options: { readonly durationMs?: number | null } & Pick<Notice, 'action' | 'onClose'> = {},
): number {
  noticeCounter += 1;
  const { durationMs = kind === 'error' ? 8_000 : 4_000, action, onClose } = options;
  const notice: Notice = {
    id: noticeCounter,
    kind,
    text,
    ...(action && { action }),
    ...(onClose && { onClose }),
  };
  setState({ notices: [...getState().notices, notice] });
  if (durationMs !== null) setTimeout(() => dismissNotice(notice.id), durationMs);
  return notice.id;
}

export function dismissNotice(id: number): void {
  setState({ notices: getState().notices.filter((notice) => notice.id !== id) });
}

/** Runs a call, reporting its failure as a notice; resolves to undefined when it failed. */
/** Runs a call, and tells the person in words when it fails. */
export async function attempt<Value>(work: () => Promise<Value>): Promise<Value | undefined> {
  try {
    return await work();
  } catch (error) {
    notify(error instanceof ApiError ? error.message : 'Something went wrong. Try again.');
    return undefined;
  }
}

function putConversations(conversations: readonly ConversationView[]): void {
  applyConversationChanges(conversations, []);
}

/** The first thing the UI does: onboarding or the conversations. */
export async function loadStartup(): Promise<void> {
  const startup = await api().getStartup({});
  setState({ startup, account: startup.account });
  if (startup.state === 'ready') await loadAccountData();
}

export async function loadAccountData(): Promise<void> {
  const [account, settings, chats, requests, blocked, network] = await Promise.all([
    api().getAccount({}),
    api().getSettings({}),
    api().listConversations({ list: 'chats' }),
    api().listConversations({ list: 'requests' }),
    api().listConversations({ list: 'blocked' }),
    api().getNetworkStatus({}),
  ]);
  setState({ account, settings, network });
  putConversations([...chats.conversations, ...requests.conversations, ...blocked.conversations]);
}

export async function createAccount(displayName: string | undefined): Promise<string | undefined> {
  const created = await attempt(() => api().createAccount(displayName ? { displayName } : {}));
  return created?.recoveryPhrase;
}

/** Restores from a phrase; the error's words are returned for the form to show inline. */
export async function restoreAccount(
  recoveryPhrase: string,
): Promise<
  { readonly ok: true; readonly account: AccountView } | { readonly ok: false; readonly message: string }
> {
  try {
    return { ok: true, account: await api().restoreAccount({ recoveryPhrase }) };
  } catch (error) {
    return {
      ok: false,
      message: error instanceof ApiError ? error.message : 'The account could not be restored.',
    };
  }
}

/** Called once the account exists (created, restored, or found at start). */
export async function enterApp(): Promise<void> {
  const startup = await api().getStartup({});
  setState({ startup, account: startup.account });
  await loadAccountData();
}

export function showScreen(screen: Screen): void {
  setState({ screen });
}

export async function openConversation(conversationId: string): Promise<void> {
  setState({
    selectedConversationId: conversationId,
    screen: getState().screen === 'requests' ? 'requests' : 'chats',
  });
  const lists = getState().messages;
  // A group's members name the authors of its messages: fetched beside its first page.
  const group = conversationKindOf(conversationId) === 'group' ? loadGroup(conversationId) : undefined;
  if (!lists[conversationId]?.loaded) await loadOlderMessages(conversationId);
  await group;
  await markRead(conversationId);
}

/** The next older page of a conversation; the first call loads the newest page. */
export async function loadOlderMessages(conversationId: string, limit = pageSize): Promise<void> {
  const list = getState().messages[conversationId] ?? emptyMessageList();
  if (list.loading) return;
  if (list.complete) {
    // All this device holds is loaded: a room's server may hold older history still.
    if (conversationKindOf(conversationId) === 'community') await loadOlderFromServer(conversationId);
    return;
  }
  setState({ messages: { ...getState().messages, [conversationId]: { ...list, loading: true } } });
  const page = await attempt(() =>
    api().listMessages({ conversationId, limit, ...(list.before ? { before: list.before } : {}) }),
  );
  const current = getState().messages[conversationId] ?? list;
  setState({
    messages: {
      ...getState().messages,
      [conversationId]: page
        ? prependPage(current, page.messages, page.before)
        : { ...current, loading: false },
    },
  });
}

/** The next newer page of a window of older history (opened at a search result). */
export async function loadNewerMessages(conversationId: string, limit = pageSize): Promise<void> {
  const list = getState().messages[conversationId];
  if (!list || list.loading || list.after === null) return;
  const after = list.after;
  setState({ messages: { ...getState().messages, [conversationId]: { ...list, loading: true } } });
  const page = await attempt(() => api().listMessages({ conversationId, limit, after }));
  const current = getState().messages[conversationId] ?? list;
  setState({
    messages: {
      ...getState().messages,
      [conversationId]: page
        ? appendPage(current, page.messages, page.after ?? null)
        : { ...current, loading: false },
    },
  });
}

/** Leaves a window of older history for the newest messages (the timeline's "jump to the newest"). */
export async function reloadNewestMessages(conversationId: string): Promise<void> {
  setState({ messages: { ...getState().messages, [conversationId]: emptyMessageList() } });
  await loadOlderMessages(conversationId);
}

export async function markRead(conversationId: string): Promise<void> {
  const conversation = getState().conversations[conversationId];
  if (!conversation || (conversation.unreadCount === 0 && !conversation.markedUnread)) return;
  const updated = await attempt(() => api().markRead({ conversationId }));
  if (updated) putConversations([updated]);
}

export async function sendMessage(
  conversationId: string,
  text: string,
  quoteMessageId?: number,
  attachments: readonly string[] = [],
): Promise<boolean> {
  const sent = await attempt(() =>
    api().sendMessage({
      conversationId,
      text,
      ...(quoteMessageId ? { quoteMessageId } : {}),
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    }),
  );
  if (!sent) return false;
  putSentMessage(sent);
  return true;
}

/**
 * Our message just sent, in its conversation's list: in a window of older history (a search
 * result), the newest messages are loaded instead, with it among them, so that it is seen.
 */
export function putSentMessage(message: MessageView): void {
  const list = getState().messages[message.conversationId];
  if (list?.loaded && list.after !== null && !list.byId.has(message.id)) {
    void reloadNewestMessages(message.conversationId);
  } else {
    putMessage(message);
  }
}

/** Puts a message the engine answered with into its conversation's list, if that list is loaded. */
export function putMessage(message: MessageView): void {
  const lists = getState().messages;
  const list = lists[message.conversationId];
  if (list?.loaded) {
    setState({ messages: { ...lists, [message.conversationId]: upsertMessages(list, [message]) } });
  }
}

/** Starts a conversation with a Session ID: it appears in the list, empty, until the first message. */
export async function startConversation(sessionId: string): Promise<void> {
  const existing = getState().conversations[sessionId];
  if (!existing) {
    putConversations([
      {
        id: sessionId,
        state: 'accepted',
        displayName: null,
        unreadCount: 0,
        lastMessage: null,
        disappearing: { mode: 'off', seconds: 0 },
        approvedMe: false,
        muted: null,
      },
    ]);
  }
  setState({
    screen: 'chats',
    selectedConversationId: sessionId,
    messages: {
      ...getState().messages,
      [sessionId]: getState().messages[sessionId] ?? { ...emptyMessageList(), loaded: true, complete: true },
    },
  });
  if (existing) await openConversation(sessionId);
}

export const retryMessage = (messageId: number) => attempt(() => api().retryMessage({ messageId }));
export const react = (messageId: number, emoji: string, remove: boolean) =>
  attempt(() => api().react({ messageId, emoji, remove }));
export const deleteMessage = (messageId: number, forEveryone: boolean) =>
  attempt(() => api().deleteMessage({ messageId, forEveryone }));

export async function setDisappearing(conversationId: string, setting: DisappearingSetting): Promise<void> {
  const request: ClientRequest<'setDisappearing'> = {
    conversationId,
    setting: setting.mode === 'off' ? { mode: 'off' } : { mode: setting.mode, seconds: setting.seconds },
  };
  const updated = await attempt(() => api().setDisappearing(request));
  if (updated) putConversations([updated]);
}

/** Mutes a conversation's notifications until a time or until unmuted ('forever'); null unmutes. */
export async function setMuted(conversationId: string, until: number | 'forever' | null): Promise<void> {
  const updated = await attempt(() => api().setMuted({ conversationId, until }));
  if (updated) putConversations([updated]);
}

export async function acceptRequest(conversationId: string): Promise<void> {
  const updated = await attempt(() => api().acceptRequest({ conversationId }));
  if (updated) {
    putConversations([updated]);
    setState({ screen: 'chats' });
  }
}

export async function blockContact(conversationId: string): Promise<void> {
  const updated = await attempt(() => api().block({ conversationId }));
  if (updated) putConversations([updated]);
}

export async function unblockContact(conversationId: string): Promise<void> {
  const updated = await attempt(() => api().unblock({ conversationId }));
  if (updated) putConversations([updated]);
}

/** The account's own name for a person (null removes it); every device of the account shows it. */
export async function setNickname(conversationId: string, nickname: string | null): Promise<boolean> {
  const result = await attempt(() => api().setNickname({ conversationId, nickname }));
  const existing = getState().conversations[conversationId];
  if (result && existing) {
    const { nickname: _previous, ...rest } = existing;
    putConversations([result.nickname === null ? rest : { ...rest, nickname: result.nickname }]);
  }
  return result !== undefined;
}

export async function setPinned(conversationId: string, pinned: boolean): Promise<void> {
  const updated = await attempt(() => api().setPinned({ conversationId, pinned }));
  if (updated) putConversations([updated]);
}

export async function updateSettings(change: ClientRequest<'updateSettings'>): Promise<void> {
  const settings = await attempt(() => api().updateSettings(change));
  if (settings) setState({ settings });
}

export async function updateDisplayName(displayName: string): Promise<boolean> {
  const account = await attempt(() => api().updateProfile({ displayName }));
  if (account) setState({ account });
  return account !== undefined;
}

let typingSentAt = 0;
let typingConversation: string | null = null;

/** Typing indicators, at most one "started" every 5 s per conversation, and "stopped" once. */
export function reportTyping(conversationId: string, typing: boolean): void {
  const now = Date.now();
  if (typing && typingConversation === conversationId && now - typingSentAt < 5_000) return;
  if (!typing && typingConversation !== conversationId) return;
  typingSentAt = typing ? now : 0;
  typingConversation = typing ? conversationId : null;
  void api()
    .setTyping({ conversationId, typing })
    .catch(() => undefined);
}

export function apiForScreens(): Connection['api'] {
  return api();
}

/** The sidebar's search: conversations by display name or Session ID. */
export function setSearch(search: string): void {
  setState({ search });
}

/** Copies text to the clipboard and says so (the clipboard may refuse, e.g. without focus). */
export async function copyToClipboard(text: string, confirmation: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notify(confirmation, 'info');
  } catch {
    notify('Starling could not copy to the clipboard.');
  }
}
