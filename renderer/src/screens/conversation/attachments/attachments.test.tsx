// @vitest-environment happy-dom
// Files in the composer and in bubbles (issue #16), with the engine's API faked at the edge.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttachmentView, MessageView } from '../../../../../shared/contract/views';

const api = {
  stageAttachment: vi.fn(),
  discardAttachment: vi.fn(async () => ({ discarded: true })),
  downloadAttachment: vi.fn(async () => ({})),
  cancelAttachment: vi.fn(async () => ({})),
  getAttachment: vi.fn(),
};

vi.mock('../../../store/actions', () => ({
  sendMessage: vi.fn(async () => true),
  reportTyping: vi.fn(),
  unblockContact: vi.fn(async () => undefined),
  copyToClipboard: vi.fn(),
  deleteMessage: vi.fn(),
  react: vi.fn(),
  retryMessage: vi.fn(),
  notify: vi.fn(),
  apiForScreens: () => api,
  attempt: async <Value,>(work: () => Promise<Value>) => {
    try {
      return await work();
    } catch {
      return undefined;
    }
  },
}));

import { notify, sendMessage } from '../../../store/actions';
import { applyProgress, useAttachmentStore } from '../../../store/attachmentActions';
import { setState } from '../../../store/store';
import { Composer } from '../Composer';
import { useComposerStore } from '../composerStore';
import { MessageAttachments } from './MessageAttachments';

const bob = `05${'b0'.repeat(32)}`;
const stagedId = 'a'.repeat(32);

function paste(files: File[]): void {
  fireEvent.paste(screen.getByRole('textbox', { name: 'Message to Bob' }), { clipboardData: { files } });
}

function attachment(overrides: Partial<AttachmentView> = {}): AttachmentView {
  return {
    id: 7,
    contentType: 'application/pdf',
    fileName: 'minutes.pdf',
    size: 48_000,
    width: null,
    height: null,
    voice: false,
    caption: null,
    state: 'remote',
    failure: null,
    thumbnail: false,
    waveform: null,
    durationMs: null,
    ...overrides,
  };
}

function messageWith(files: AttachmentView[], direction: MessageView['direction'] = 'incoming'): MessageView {
  return {
    id: 1,
    conversationId: bob,
    author: bob,
    direction,
    body: '',
    sentAt: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    state: null,
    failure: null,
    quote: null,
    reactions: [],
    attachments: files,
    expiresAt: null,
    unsent: false,
    read: true,
  };
}

describe('files in the composer', () => {
  beforeEach(() => {
    useComposerStore.setState({ drafts: {}, focusRequest: 0, activeMessages: {} });
    useAttachmentStore.setState({ trays: {}, progress: {}, viewing: null });
    setState({ connection: 'open' });
    vi.mocked(sendMessage).mockClear().mockResolvedValue(true);
    vi.mocked(notify).mockClear();
    for (const call of Object.values(api)) call.mockClear();
    api.stageAttachment.mockImplementation(async (request: { fileName: string; contentType?: string }) => ({
      stagedId,
      fileName: request.fileName,
      contentType: request.contentType ?? 'application/octet-stream',
      size: 5,
    }));
  });
  afterEach(() => cleanup());

  it('stages a pasted file, shows it in the tray, and sends it without text', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    // Nothing to send yet: the microphone stands where Send will be.
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Record a voice message' })).toBeTruthy();
    await act(async () => paste([new File(['hello'], 'notes.txt', { type: 'text/plain' })]));
    const send = screen.getByRole('button', { name: 'Send' });
    expect(screen.queryByRole('button', { name: 'Record a voice message' })).toBeNull();
    expect(api.stageAttachment).toHaveBeenCalledWith({
      fileName: 'notes.txt',
      dataBase64: 'aGVsbG8=',
      contentType: 'text/plain',
    });
    const tray = screen.getByRole('list', { name: '1 file to send' });
    expect(tray.textContent).toContain('notes.txt');
    expect(tray.textContent).toContain('5 B');
    expect(send).toHaveProperty('disabled', false);
    await act(async () => fireEvent.click(send));
    expect(sendMessage).toHaveBeenCalledWith(bob, '', undefined, [stagedId]);
    expect(screen.queryByRole('list', { name: /to send/u })).toBeNull();
  });

  it('holds sending back while a file is being prepared', async () => {
    let finish: (value: unknown) => void = () => undefined;
    api.stageAttachment.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    await act(async () => paste([new File(['x'], 'a.bin')]));
    expect(screen.getByRole('list', { name: '1 file to send' }).textContent).toContain('Preparing');
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    await act(async () =>
      finish({ stagedId, fileName: 'a.bin', contentType: 'application/octet-stream', size: 1 }),
    );
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false);
  });

  it('refuses a file over 10 MB in words, before anything is staged', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    const huge = new File([new Uint8Array(10_000_001)], 'film.mov', { type: 'video/quicktime' });
    await act(async () => paste([huge]));
    expect(notify).toHaveBeenCalledWith('“film.mov” is 10.0 MB: files can be at most 10 MB.');
    expect(api.stageAttachment).not.toHaveBeenCalled();
    expect(screen.queryByRole('list', { name: /to send/u })).toBeNull();
  });

  it('takes a file out of the tray, and the engine lets it go', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    await act(async () => paste([new File(['hello'], 'notes.txt')]));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove notes.txt' })));
    expect(api.discardAttachment).toHaveBeenCalledWith({ stagedId });
    expect(screen.queryByRole('list', { name: /to send/u })).toBeNull();
  });

  it('puts the files back when the message could not be sent', async () => {
    vi.mocked(sendMessage).mockResolvedValue(false);
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    await act(async () => paste([new File(['hello'], 'notes.txt')]));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    expect(screen.getByRole('list', { name: '1 file to send' })).toBeTruthy();
  });
});

describe('files in a bubble', () => {
  beforeEach(() => {
    useAttachmentStore.setState({ trays: {}, progress: {}, viewing: null });
    for (const call of Object.values(api)) call.mockClear();
  });
  afterEach(() => cleanup());

  it('offers a file that waits on the server for download', async () => {
    render(<MessageAttachments message={messageWith([attachment()])} onOpenImage={() => undefined} />);
    expect(screen.getByText('minutes.pdf')).toBeTruthy();
    expect(screen.getByText('48 KB')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Download minutes.pdf' })));
    expect(api.downloadAttachment).toHaveBeenCalledWith({ attachmentId: 7 });
  });

  it('shows a transfer’s percent, and cancels it', async () => {
    render(
      <MessageAttachments
        message={messageWith([attachment({ state: 'uploading' })], 'outgoing')}
        onOpenImage={() => undefined}
      />,
    );
    act(() => applyProgress(7, 45));
    const bar = screen.getByRole('progressbar', { name: 'Uploading minutes.pdf' });
    expect(bar.getAttribute('value')).toBe('45');
    expect(screen.getByText('Uploading 45%')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel uploading' })));
    expect(api.cancelAttachment).toHaveBeenCalledWith({ attachmentId: 7 });
  });

  it('says why a file failed, and lets it be tried again', async () => {
    render(
      <MessageAttachments
        message={messageWith([
          attachment({ state: 'failed', failure: 'The file is no longer on the server.' }),
        ])}
        onOpenImage={() => undefined}
      />,
    );
    expect(screen.getByText('The file is no longer on the server.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download minutes.pdf' })).toBeTruthy();
  });

  it('says a file its server let go is no longer available, with nothing to try again', () => {
    render(
      <MessageAttachments
        message={messageWith([
          attachment({ state: 'gone', failure: 'No longer available: its server has let this file go.' }),
          attachment({ id: 10, contentType: 'image/png', fileName: 'old.png', state: 'gone' }),
        ])}
        onOpenImage={() => undefined}
      />,
    );
    expect(screen.getAllByText('No longer available')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /Download/u })).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows an image that is here from its thumbnail, and opens it', async () => {
    api.getAttachment.mockResolvedValue({
      attachmentId: 8,
      contentType: 'image/webp',
      fileName: 'cat.png',
      dataBase64: 'AAAA',
    });
    const opened = vi.fn();
    const image = attachment({
      id: 8,
      contentType: 'image/png',
      fileName: 'cat.png',
      state: 'ready',
      thumbnail: true,
      width: 640,
      height: 480,
    });
    render(<MessageAttachments message={messageWith([image])} onOpenImage={opened} />);
    await waitFor(() => expect(screen.getByRole('img', { name: 'cat.png' })).toBeTruthy());
    expect(api.getAttachment).toHaveBeenCalledWith({ attachmentId: 8, thumbnail: true });
    expect(screen.getByRole('img', { name: 'cat.png' }).getAttribute('src')).toMatch(/^blob:/u);
    fireEvent.click(screen.getByRole('button', { name: 'Open image cat.png' }));
    expect(opened).toHaveBeenCalledWith(8);
  });

  it('never renders a file as an image when its type is not one the engine trusts', () => {
    const svg = attachment({ id: 9, contentType: 'image/svg+xml', fileName: 'logo.svg', state: 'ready' });
    render(<MessageAttachments message={messageWith([svg])} onOpenImage={() => undefined} />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save logo.svg' })).toBeTruthy();
  });
});
