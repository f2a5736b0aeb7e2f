// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../../../../shared/contract/views';

vi.mock('../../store/actions', () => ({
  react: vi.fn(async () => undefined),
  retryMessage: vi.fn(async () => undefined),
  deleteMessage: vi.fn(async () => undefined),
  copyToClipboard: vi.fn(async () => undefined),
  // The emoji picker's preferences: no engine answers here, and the picker works without them.
  apiForScreens: vi.fn(() => {
    throw new Error('not connected');
  }),
  notify: vi.fn(),
}));

import { react, retryMessage } from '../../store/actions';
import { emptyMessageList, upsertMessages } from '../../store/messageList';
import { initialState, setState } from '../../store/store';
import { MessageBubble } from './MessageBubble';

const me = `05${'a0'.repeat(32)}`;
const bob = `05${'b0'.repeat(32)}`;

function message(change: Partial<MessageView>): MessageView {
  return {
    id: 7,
    conversationId: bob,
    author: me,
    direction: 'outgoing',
    body: 'Hello\nsecond line https://example.org',
    sentAt: new Date('2025-03-12T14:05:00').getTime(),
    receivedAt: new Date('2025-03-12T14:05:00').getTime(),
    state: 'sent',
    failure: null,
    quote: null,
    reactions: [],
    attachments: [],
    expiresAt: null,
    unsent: false,
    read: true,
    ...change,
  };
}

function show(change: Partial<MessageView>): void {
  act(() =>
    setState({
      ...initialState,
      account: { sessionId: me, displayName: 'Me' },
      conversations: {
        [bob]: {
          id: bob,
          state: 'accepted',
          displayName: 'Bob',
          unreadCount: 0,
          lastMessage: null,
          disappearing: { mode: 'off', seconds: 0 },
          approvedMe: true,
          muted: null,
        },
      },
      messages: { [bob]: upsertMessages({ ...emptyMessageList(), loaded: true }, [message(change)]) },
    }),
  );
}

describe('MessageBubble', () => {
  beforeEach(() => {
    vi.mocked(react).mockClear();
    vi.mocked(retryMessage).mockClear();
  });
  afterEach(cleanup);

  it('shows the body with its line breaks, a web address as a link', () => {
    show({});
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(container.querySelector('.message__body')?.textContent).toBe(
      'Hello\nsecond line https://example.org',
    );
    const link = screen.getByRole('link', { name: 'https://example.org' });
    expect(link.getAttribute('href')).toBe('https://example.org/');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.querySelector('.message--outgoing')).toBeTruthy();
  });

  describe('links (#17)', () => {
    let opened: ReturnType<typeof vi.fn>;
    beforeEach(() => {
      opened = vi.fn();
      vi.stubGlobal('open', opened);
    });
    afterEach(() => {
      vi.unstubAllGlobals();
      delete window.starling;
    });

    it('asks first, with the real host, and only then opens the link outside, without opener', () => {
      show({
        direction: 'incoming',
        author: bob,
        state: null,
        body: 'log in: https://\u0430pple.com/login now',
      });
      render(<MessageBubble conversationId={bob} messageId={7} />);
      // The lookalike host is shown as punycode in the message itself.
      const link = screen.getByRole('link', { name: 'https://xn--pple-43d.com/login' });
      const click = new MouseEvent('click', { bubbles: true, cancelable: true });
      fireEvent(link, click);
      expect(click.defaultPrevented).toBe(true);
      expect(opened).not.toHaveBeenCalled();
      const question = screen.getByRole('dialog', { name: 'Open this link in your browser?' });
      expect(question.textContent).toContain('It goes to xn--pple-43d.com');
      expect(question.textContent).toContain('punycode');
      // Cancel has the focus: a stray Enter does not open it.
      expect(document.activeElement?.textContent).toBe('Cancel');
      fireEvent.click(screen.getByRole('button', { name: 'Open in browser' }));
      expect(opened).toHaveBeenCalledWith('https://xn--pple-43d.com/login', '_blank', 'noopener,noreferrer');
    });

    it('opens nothing when the person cancels, and never by a middle click', () => {
      show({ body: 'https://example.com/a' });
      render(<MessageBubble conversationId={bob} messageId={7} />);
      const link = screen.getByRole('link');
      const middle = new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 });
      fireEvent(link, middle);
      expect(middle.defaultPrevented).toBe(true);
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(opened).not.toHaveBeenCalled();
    });

    it('makes no link of other schemes or bare names', () => {
      show({ body: 'javascript:alert(1) data:text/html,x file:///etc/passwd example.com' });
      const { container } = render(<MessageBubble conversationId={bob} messageId={7} />);
      expect(container.querySelector('a')).toBeNull();
    });

    it("leaves the question to the desktop app's main process, which asks in its own dialog", () => {
      window.starling = { call: vi.fn(), on: vi.fn() } as never;
      show({ body: 'https://example.com/a' });
      render(<MessageBubble conversationId={bob} messageId={7} />);
      fireEvent.click(screen.getByRole('link'));
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(opened).toHaveBeenCalledWith('https://example.com/a', '_blank', 'noopener,noreferrer');
    });
  });

  it.each([
    ['sending', 'Sending'],
    ['sent', 'Sent'],
    ['read', 'Read'],
  ] as const)('shows the delivery state %s', (state, label) => {
    show({ state });
    render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(screen.getByRole('img', { name: label })).toBeTruthy();
  });

  it('offers a retry for a failed message', () => {
    show({ state: 'failed', failure: 'The recipient’s swarm could not be reached.' });
    render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(screen.getByText('Failed to send')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retryMessage).toHaveBeenCalledWith(7);
  });

  it('shows no delivery state on incoming messages', () => {
    show({ direction: 'incoming', author: bob, state: null });
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(container.querySelector('.message--incoming')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('shows an unsent message as deleted', () => {
    show({ body: null, unsent: true });
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(screen.getByText('This message was deleted')).toBeTruthy();
    fireEvent.pointerEnter(container.querySelector('.message')!);
    expect(screen.getByRole('button', { name: 'More actions' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
  });

  it('shows quotes, or says the original is missing', () => {
    show({ quote: { author: bob, sentAt: 1, body: 'Lunch?' } });
    render(<MessageBubble conversationId={bob} messageId={7} />);
    // The quoted author's name is isolated: a right-to-left name cannot reorder what follows it.
    expect(screen.getByText('Bob').tagName).toBe('BDI');
    expect(screen.getByText('Lunch?')).toBeTruthy();
    cleanup();
    show({ quote: { author: me, sentAt: 1, body: null } });
    render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(screen.getByText('You')).toBeTruthy();
    expect(screen.getByText('Original message not found')).toBeTruthy();
  });

  it('shows reactions, mine highlighted, and toggles mine', () => {
    show({
      reactions: [
        { emoji: '👍', authors: [bob, me] },
        { emoji: '😂', authors: [bob] },
      ],
    });
    render(<MessageBubble conversationId={bob} messageId={7} />);
    const mine = screen.getByRole('button', { name: '👍 2, including you' });
    const theirs = screen.getByRole('button', { name: '😂 1' });
    expect(mine.getAttribute('aria-pressed')).toBe('true');
    expect(theirs.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(mine);
    expect(react).toHaveBeenCalledWith(7, '👍', true);
    fireEvent.click(theirs);
    expect(react).toHaveBeenCalledWith(7, '😂', false);
  });

  it('shows a reaction with any emoji another client sent, even one the picker does not know', () => {
    // A sequence newer than the emoji data, and a text no emoji list has: shown and counted all the same.
    show({
      reactions: [
        { emoji: '🫟🫟', authors: [bob] },
        { emoji: 'ok', authors: [bob, me] },
      ],
    });
    render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(screen.getByRole('button', { name: '🫟🫟 1' }).textContent).toContain('🫟🫟');
    fireEvent.click(screen.getByRole('button', { name: 'ok 2, including you' }));
    expect(react).toHaveBeenCalledWith(7, 'ok', true);
  });

  it('shows the time left of a disappearing message', () => {
    show({ expiresAt: Date.now() + 5 * 60_000 });
    render(<MessageBubble conversationId={bob} messageId={7} />);
    expect(screen.getByText('Disappears in 5m.')).toBeTruthy();
  });

  it('renders its action buttons from its first hover or focus on', () => {
    show({});
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} />);
    // Hidden until then, they are left out: a list scrolled fast mounts many rows a frame.
    expect(screen.queryByRole('button', { name: 'React' })).toBeNull();
    expect(container.querySelector('.message__actions')).toBeNull();
    fireEvent.pointerEnter(container.querySelector('.message')!);
    expect(screen.getByRole('button', { name: 'React' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reply' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'More actions' })).toBeTruthy();

    cleanup();
    const focused = render(<MessageBubble conversationId={bob} messageId={7} isLast />);
    expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
    fireEvent.focus(focused.container.querySelector('.message__bubble')!);
    expect(screen.getByRole('button', { name: 'Reply' })).toBeTruthy();
  });

  it('opens its menu from a right click before it was ever hovered', () => {
    show({});
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} />);
    fireEvent.contextMenu(container.querySelector('.message__bubble')!);
    const menu = screen.getByRole('menu', { name: 'More actions' });
    expect(menu.querySelectorAll('[role="menuitem"]').length).toBeGreaterThan(0);
    expect(screen.getByRole('menuitem', { name: 'Copy text' })).toBeTruthy();
  });

  it('opens its actions from the keyboard, with delete for everyone on own messages', () => {
    show({});
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} isLast />);
    const bubble = container.querySelector<HTMLElement>('.message__bubble')!;
    expect(bubble.tabIndex).toBe(0);
    fireEvent.keyDown(bubble, { key: 'Enter' });
    const menu = screen.getByRole('menu', { name: 'More actions' });
    const items = Array.from(menu.querySelectorAll('[role="menuitem"]')).map(
      (item) => item.getAttribute('aria-label') ?? item.textContent,
    );
    expect(items).toEqual([
      'React with thumbs up',
      'React with red heart',
      'React with face with tears of joy',
      'React with face with open mouth',
      'React with crying face',
      'React with folded hands',
      'More reactions',
      'Reply',
      'Copy text',
      'Delete for me',
      'Delete for everyone',
    ]);
  });

  it('reacts with any emoji from "More reactions", found by search, and gives the focus back', async () => {
    show({ direction: 'incoming', author: bob, state: null });
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} isLast />);
    const bubble = container.querySelector<HTMLElement>('.message__bubble')!;
    fireEvent.keyDown(bubble, { key: 'Enter' });
    fireEvent.click(screen.getByRole('menuitem', { name: 'More reactions' }));
    const search = await screen.findByRole('searchbox', { name: 'Search emoji' });
    expect(screen.getByRole('dialog', { name: 'More reactions' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(search));
    fireEvent.change(search, { target: { value: 'rocket' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(react).toHaveBeenCalledWith(7, '🚀', false);
    expect(screen.queryByRole('dialog', { name: 'More reactions' })).toBeNull();
    expect(document.activeElement).toBe(bubble);
  });

  it('offers no delete for everyone on their messages', () => {
    show({ direction: 'incoming', author: bob, state: null });
    const { container } = render(<MessageBubble conversationId={bob} messageId={7} />);
    fireEvent.keyDown(container.querySelector('.message__bubble')!, { key: 'Enter' });
    expect(screen.queryByRole('menuitem', { name: 'Delete for everyone' })).toBeNull();
    expect(screen.getByRole('menuitem', { name: 'Delete for me' })).toBeTruthy();
  });
});
