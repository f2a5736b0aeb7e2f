// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../store/actions', () => ({
  sendMessage: vi.fn(async () => true),
  reportTyping: vi.fn(),
  unblockContact: vi.fn(async () => undefined),
  // The emoji picker's preferences: no engine answers here, and the picker works without them.
  apiForScreens: vi.fn(() => {
    throw new Error('not connected');
  }),
  notify: vi.fn(),
}));

import { reportTyping, sendMessage, unblockContact } from '../../store/actions';
import { setState } from '../../store/store';
import { useAttachmentStore } from '../../store/attachmentActions';
import { Composer } from './Composer';
import { setReply, useComposerStore } from './composerStore';

const bob = `05${'b0'.repeat(32)}`;

function textarea(): HTMLTextAreaElement {
  return screen.getByRole('textbox', { name: 'Message to Bob' });
}

function type(value: string): void {
  fireEvent.change(textarea(), { target: { value } });
}

describe('Composer', () => {
  beforeEach(() => {
    useComposerStore.setState({ drafts: {}, focusRequest: 0, activeMessages: {} });
    useAttachmentStore.setState({ trays: {} });
    setState({ connection: 'open' });
    vi.mocked(sendMessage).mockClear().mockResolvedValue(true);
    vi.mocked(reportTyping).mockClear();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('sends on Enter and clears the field', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('  hello there \n');
    const notPrevented = fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(notPrevented).toBe(false);
    expect(sendMessage).toHaveBeenCalledWith(bob, 'hello there', undefined, []);
    await act(async () => undefined);
    expect(textarea().value).toBe('');
  });

  it('sends a message asked for while its file is still being prepared, once the file is ready', async () => {
    const file = {
      key: 1,
      fileName: 'crag.png',
      contentType: 'image/png',
      size: 5_000,
      stagedId: null,
      previewUrl: null,
      voice: false,
    };
    act(() => useAttachmentStore.setState({ trays: { [bob]: [file] } }));
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('The crag from the top');
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sendMessage).not.toHaveBeenCalled();
    expect(screen.getByText(/Sending as soon as the files are ready/u).getAttribute('role')).toBe('status');
    act(() => useAttachmentStore.setState({ trays: { [bob]: [{ ...file, stagedId: 'staged-1' }] } }));
    await waitFor(() =>
      expect(sendMessage).toHaveBeenCalledWith(bob, 'The crag from the top', undefined, ['staged-1']),
    );
    await waitFor(() => expect(textarea().value).toBe(''));
    expect(screen.queryByText(/Sending as soon as the files are ready/u)).toBeNull();
  });

  it('adds a line on Shift+Enter instead of sending', () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('first line');
    const notPrevented = fireEvent.keyDown(textarea(), { key: 'Enter', shiftKey: true });
    // The browser's own behaviour (a new line) is left alone.
    expect(notPrevented).toBe(true);
    expect(sendMessage).not.toHaveBeenCalled();
    expect(textarea().value).toBe('first line');
  });

  it('does not send while an input method is composing', () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('かな');
    fireEvent.keyDown(textarea(), { key: 'Enter', isComposing: true });
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('shows the microphone instead of Send while empty, and Enter is inert', () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    const microphone = () => screen.queryByRole('button', { name: 'Record a voice message' });
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(microphone()).toBeTruthy();
    type('   ');
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sendMessage).not.toHaveBeenCalled();
    // Spaces alone cannot be sent: the microphone stays.
    expect(microphone()).toBeTruthy();
    type('hi');
    expect(microphone()).toBeNull();
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', false);
    fireEvent.click(send);
    expect(sendMessage).toHaveBeenCalledWith(bob, 'hi', undefined, []);
  });

  it('sends the reply with its quote, and the reply can be cancelled', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    act(() => setReply(bob, 42));
    expect(screen.getByText('Original message not found')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel reply' }));
    expect(screen.queryByText('Original message not found')).toBeNull();
    act(() => setReply(bob, 42));
    type('agreed');
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sendMessage).toHaveBeenCalledWith(bob, 'agreed', 42, []);
    await act(async () => undefined);
    expect(screen.queryByText(/Replying to/u)).toBeNull();
  });

  it('gives the words back when the message could not be sent', async () => {
    vi.mocked(sendMessage).mockResolvedValue(false);
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('not lost');
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    await act(async () => undefined);
    expect(textarea().value).toBe('not lost');
  });

  it('keeps the words and says why while Starling is disconnected, and sends once it is back', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    act(() => setState({ connection: 'lost' }));
    type('typed while the host was away');
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    await act(async () => undefined);
    expect(sendMessage).not.toHaveBeenCalled();
    expect(textarea().value).toBe('typed while the host was away');
    expect(screen.getByRole('alert').textContent).toMatch(/Not sent: Starling is disconnected/u);

    act(() => setState({ connection: 'open' }));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sendMessage).toHaveBeenCalledWith(bob, 'typed while the host was away', undefined, []);
  });

  it('gives the words and the reply back when the connection drops during the send', async () => {
    vi.mocked(sendMessage).mockImplementation(async () => {
      setState({ connection: 'lost' });
      return false;
    });
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    act(() => setReply(bob, 42));
    type('in flight');
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    await act(async () => undefined);
    expect(textarea().value).toBe('in flight');
    expect(screen.getByText('Original message not found')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Not sent/u);
  });

  it('reports typing on input, and its end after sending or 8 s idle', async () => {
    vi.useFakeTimers();
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('h');
    expect(reportTyping).toHaveBeenLastCalledWith(bob, true);
    act(() => vi.advanceTimersByTime(7_000));
    expect(reportTyping).toHaveBeenLastCalledWith(bob, true);
    act(() => vi.advanceTimersByTime(1_000));
    expect(reportTyping).toHaveBeenLastCalledWith(bob, false);
    type('hello');
    expect(reportTyping).toHaveBeenLastCalledWith(bob, true);
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(reportTyping).toHaveBeenLastCalledWith(bob, false);
  });

  it('inserts an emoji found in the picker at the caret and gives the focus back to the field', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('Hello world');
    textarea().setSelectionRange(5, 5);
    const button = screen.getByRole('button', { name: 'Insert emoji' });
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    // The data arrives as a chunk of its own; the search field then has the focus.
    const search = await screen.findByRole('searchbox', { name: 'Search emoji' });
    await waitFor(() => expect(document.activeElement).toBe(search));
    fireEvent.change(search, { target: { value: 'party popper' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(screen.queryByRole('dialog', { name: 'Insert emoji' })).toBeNull();
    expect(textarea().value).toBe('Hello🎉 world');
    expect(document.activeElement).toBe(textarea());
    expect(textarea().selectionStart).toBe('Hello🎉'.length);
  });

  it('closes the picker on Escape without inserting, the focus back in the field', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type('Hi');
    fireEvent.click(screen.getByRole('button', { name: 'Insert emoji' }));
    const search = await screen.findByRole('searchbox', { name: 'Search emoji' });
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Insert emoji' })).toBeNull();
    expect(textarea().value).toBe('Hi');
    expect(document.activeElement).toBe(textarea());
  });

  it('explains a blocked conversation instead of offering to write', () => {
    const { container } = render(<Composer conversationId={bob} blocked peerName="Bob" />);
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(container.textContent).toContain('You blocked Bob. Unblock them');
    fireEvent.click(screen.getByRole('button', { name: 'Unblock' }));
    expect(unblockContact).toHaveBeenCalledWith(bob);
  });

  it('ends the sentence once after a name that ends in a full stop (#17 item 8)', () => {
    const { container } = render(<Composer conversationId={bob} blocked peerName="Alice W." />);
    expect(container.textContent).toContain('You blocked Alice W. Unblock them');
    expect(container.textContent).not.toContain('..');
  });

  it('tells of a paste too long for one message, sends nothing, and sends it as parts in order (#17 item 5)', async () => {
    const sentence = 'Every sentence here ends with a full stop. ';
    const pasted = `${sentence.repeat(Math.ceil(100_000 / sentence.length)).slice(0, 99_999)}!`;
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type(pasted);
    // Not cut: the field holds all of it, and says why it cannot go as it is.
    expect(textarea().value).toHaveLength(100_000);
    expect(screen.getByText(/at most 60,000 characters; this one has 100,000/u)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sendMessage).not.toHaveBeenCalled();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send as 2 messages' })));
    const sent = vi.mocked(sendMessage).mock.calls.map((call) => call[1]);
    expect(sent).toHaveLength(2);
    expect(sent.join(' ')).toBe(pasted);
    expect(sent[0]!.endsWith('full stop.')).toBe(true);
    expect(textarea().value).toBe('');
  });

  it('keeps what could not be sent of a long text in the field', async () => {
    vi.mocked(sendMessage).mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const pasted = 'word '.repeat(30_000).trim();
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    type(pasted);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send as 3 messages' })));
    expect(sendMessage).toHaveBeenCalledTimes(2);
    const first = vi.mocked(sendMessage).mock.calls[0]![1];
    expect(`${first} ${textarea().value.replace(/\n\n/gu, ' ')}`).toBe(pasted);
  });
});
