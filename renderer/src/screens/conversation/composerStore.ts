// What is being written, per conversation: the draft text and the message it replies to. Kept
// beside the app's store (it is the conversation screen's own state), so a draft survives switching
// conversations, and a bubble's "Reply" can reach the composer.
import { create } from 'zustand';
import type { DraftMentions } from '../groups/mentionText';

export interface Draft {
  readonly text: string;
  /** The message the reply quotes, if any. */
  readonly quoteId: number | null;
  /** The mentions the picker inserted: what the field shows ("@Bob") → whose Session ID it stands for. */
  readonly mentions: DraftMentions;
}

interface ComposerState {
  readonly drafts: Readonly<Record<string, Draft>>;
  /** Bumped to ask the composer to take the focus (after "Reply"). */
  readonly focusRequest: number;
  /**
   * The message of each conversation that the Tab key reaches (roving tabindex: one stop for the
   * whole list, Up and Down move between messages); the newest when none was focused yet.
   */
  readonly activeMessages: Readonly<Record<string, number>>;
}

export const emptyDraft: Draft = { text: '', quoteId: null, mentions: {} };

export const useComposerStore = create<ComposerState>()(() => ({
  drafts: {},
  focusRequest: 0,
  activeMessages: {},
}));

function update(conversationId: string, change: Partial<Draft>): void {
  const { drafts } = useComposerStore.getState();
  const draft = { ...(drafts[conversationId] ?? emptyDraft), ...change };
  useComposerStore.setState({ drafts: { ...drafts, [conversationId]: draft } });
}

export function setDraftText(conversationId: string, text: string): void {
  update(conversationId, { text });
}

/** Remembers a mention the picker inserted, so that sending writes it as the Session ID. */
export function addDraftMention(conversationId: string, shown: string, sessionId: string): void {
  update(conversationId, { mentions: { ...draftFor(conversationId).mentions, [shown]: sessionId } });
}

/** A draft that was sent: its mentions are forgotten with its words. */
export function clearDraftMentions(conversationId: string): void {
  update(conversationId, { mentions: {} });
}

export function setReply(conversationId: string, quoteId: number | null): void {
  update(conversationId, { quoteId });
  if (quoteId !== null) focusComposer();
}

export function focusComposer(): void {
  useComposerStore.setState({ focusRequest: useComposerStore.getState().focusRequest + 1 });
}

export function draftFor(conversationId: string): Draft {
  return useComposerStore.getState().drafts[conversationId] ?? emptyDraft;
}

export function setActiveMessage(conversationId: string, messageId: number): void {
  const { activeMessages } = useComposerStore.getState();
  if (activeMessages[conversationId] === messageId) return;
  useComposerStore.setState({ activeMessages: { ...activeMessages, [conversationId]: messageId } });
}
