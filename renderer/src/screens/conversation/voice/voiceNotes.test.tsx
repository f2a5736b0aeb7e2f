// @vitest-environment happy-dom
// Voice notes wired into the app (issue #16): the composer's microphone records (the real encoder,
// a faked microphone), stages the MP3 as a voice message and sends it at once, then stores its
// details on the sent attachment; a note that cannot go waits with the reason; a bubble plays a
// note through the voice player and measures an unmeasured one once. The engine is faked at the
// edge (apiForScreens); the store and the actions are the real ones.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromBase64 } from '../../../../../shared/contract/pureHelpers';
import type { AttachmentView, MessageView } from '../../../../../shared/contract/views';

vi.mock('./mp3Wasm', async () => {
  const { default: dataUrl } = await import('wasm-media-encoders/wasm/mp3?url&inline');
  const { realMp3Wasm } = await import('./fakeAudioInput');
  const compiled = realMp3Wasm(dataUrl);
  return { mp3EncoderModule: () => compiled };
});

const api = {
  stageAttachment: vi.fn(),
  discardAttachment: vi.fn(async () => ({ discarded: true })),
  sendMessage: vi.fn(),
  setVoiceDetails: vi.fn(),
  getAttachment: vi.fn(),
  downloadAttachment: vi.fn(async () => ({})),
  cancelAttachment: vi.fn(async () => ({})),
};

vi.mock('../../../store/actions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../store/actions')>()),
  apiForScreens: () => api,
  reportTyping: vi.fn(),
}));

import { ApiError } from '../../../api/connection';
import { emptyMessageList } from '../../../store/messageList';
import { setState, useAppStore } from '../../../store/store';
import { useAttachmentStore } from '../../../store/attachmentActions';
import { useVoiceStore } from '../../../store/voiceActions';
import { MessageAttachments } from '../attachments/MessageAttachments';
import { Composer } from '../Composer';
import { useComposerStore } from '../composerStore';
import { installFakeAudioInput, removeFakeAudioInput, speak } from './fakeAudioInput';

const bob = `05${'b0'.repeat(32)}`;
const stagedId = 'c'.repeat(32);
const storedWaveform = Array.from({ length: 64 }, (_, index) => (index * 4) % 256);

const record = () => screen.getByRole('button', { name: 'Record a voice message' });
const sendVoice = () => screen.getByRole('button', { name: 'Send voice message' });

/** Lets the recorder's and the player's promises settle. */
async function settle(): Promise<void> {
  for (let round = 0; round < 6; round += 1)
    await act(async () => new Promise((done) => setTimeout(done, 0)));
}

function voiceAttachment(overrides: Partial<AttachmentView> = {}): AttachmentView {
  return {
    id: 31,
    contentType: 'audio/mp3',
    fileName: 'session-audio-message',
    size: 40_000,
    width: null,
    height: null,
    voice: true,
    caption: null,
    state: 'ready',
    failure: null,
    thumbnail: false,
    waveform: null,
    durationMs: null,
    ...overrides,
  };
}

function voiceMessage(attachment: AttachmentView, direction: MessageView['direction']): MessageView {
  return {
    id: 5,
    conversationId: bob,
    author: bob,
    direction,
    body: '',
    sentAt: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    state: direction === 'outgoing' ? 'sending' : null,
    failure: null,
    quote: null,
    reactions: [],
    attachments: [attachment],
    expiresAt: null,
    unsent: false,
    read: true,
  };
}

/** Bob's conversation, loaded, holding these messages. */
function loadConversation(messages: MessageView[] = []): void {
  const list = { ...emptyMessageList(), loaded: true, complete: true };
  for (const message of messages) {
    list.byId.set(message.id, message);
    (list.ids as number[]).push(message.id);
  }
  setState({ connection: 'open', messages: { [bob]: list } });
}

const storedMessage = () => useAppStore.getState().messages[bob]?.byId.get(5);

function isMp3(data: Uint8Array): boolean {
  const id3 = data[0] === 0x49 && data[1] === 0x44 && data[2] === 0x33;
  return id3 || (data[0] === 0xff && (data[1]! & 0xe0) === 0xe0);
}

/**
 * Each sent note gets a new attachment ID, as the engine gives them (and as the once-per-attachment
 * guard of stored details expects).
 */
let lastAttachmentId = 100;

function resetApi(): void {
  for (const call of Object.values(api)) call.mockReset();
  api.discardAttachment.mockResolvedValue({ discarded: true });
  api.stageAttachment.mockImplementation(async (request: { contentType?: string }) => ({
    stagedId,
    fileName: 'session-audio-message',
    contentType: request.contentType ?? 'application/octet-stream',
    size: 40_000,
  }));
  api.sendMessage.mockImplementation(async () =>
    voiceMessage(voiceAttachment({ id: ++lastAttachmentId, state: 'uploading' }), 'outgoing'),
  );
  api.setVoiceDetails.mockImplementation(
    async (request: { attachmentId: number; waveform: number[]; durationMs: number }) =>
      voiceAttachment({
        id: request.attachmentId,
        state: 'uploading',
        waveform: request.waveform,
        durationMs: request.durationMs,
      }),
  );
}

describe('the composer’s microphone', () => {
  beforeEach(() => {
    installFakeAudioInput();
    useComposerStore.setState({ drafts: {}, focusRequest: 0, activeMessages: {} });
    useAttachmentStore.setState({ trays: {}, progress: {}, viewing: null });
    useVoiceStore.setState({ unsent: {} });
    loadConversation();
    resetApi();
  });
  afterEach(() => {
    cleanup();
    removeFakeAudioInput();
    vi.restoreAllMocks();
  });

  /** Records `milliseconds` of a tone and sends it with the recorder's Send button. */
  async function recordAndSend(milliseconds: number): Promise<void> {
    fireEvent.click(record());
    await settle();
    act(() => speak(milliseconds));
    fireEvent.click(sendVoice());
    await settle();
  }

  it('sends a recorded note at once as a voice message of its own, then stores its waveform and length', async () => {
    const onSend = vi.fn();
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" onSend={onSend} />);
    await recordAndSend(2000);

    expect(api.stageAttachment).toHaveBeenCalledTimes(1);
    const staged = api.stageAttachment.mock.calls[0]![0] as Record<string, unknown>;
    // Desktop's type and flag (protocol-messages.md §5.1); the engine names it session-audio-message.
    expect(staged).toEqual({ contentType: 'audio/mp3', voice: true, dataBase64: expect.any(String) });
    const mp3 = fromBase64(staged.dataBase64 as string);
    expect(isMp3(mp3)).toBe(true);
    expect(mp3.length).toBeGreaterThan(30_000);

    expect(api.sendMessage).toHaveBeenCalledWith({ conversationId: bob, text: '', attachments: [stagedId] });
    expect(onSend).toHaveBeenCalledTimes(1);

    // The sent message's attachment (the staged file's new name) gets the recorder's details.
    expect(api.setVoiceDetails).toHaveBeenCalledTimes(1);
    const details = api.setVoiceDetails.mock.calls[0]![0] as {
      attachmentId: number;
      waveform: number[];
      durationMs: number;
    };
    expect(details.attachmentId).toBe(lastAttachmentId);
    expect(details.durationMs).toBe(2000);
    expect(details.waveform).toHaveLength(64);
    expect(Math.max(...details.waveform)).toBe(255);
    expect(details.waveform.every((bar) => Number.isInteger(bar) && bar >= 0 && bar <= 255)).toBe(true);

    // The bubble draws from the stored details, without decoding.
    expect(storedMessage()?.attachments[0]?.waveform).toEqual(details.waveform);
    expect(storedMessage()?.attachments[0]?.durationMs).toBe(2000);
    expect(screen.queryByRole('list', { name: 'Voice messages not sent' })).toBeNull();
    expect(record()).toBeTruthy();
  });

  it('swaps with Send: typed words or files bring Send back, and empty brings the microphone back', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    expect(record()).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Message to Bob' }), { target: { value: 'hi' } });
    expect(screen.queryByRole('button', { name: 'Record a voice message' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Message to Bob' }), { target: { value: '' } });
    expect(record()).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
  });

  it('keeps recording when a file is pasted meanwhile, rather than cancelling the note', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    fireEvent.click(record());
    await settle();
    act(() => speak(1000));
    await act(async () =>
      fireEvent.paste(screen.getByRole('textbox', { name: 'Message to Bob' }), {
        clipboardData: { files: [new File(['hello'], 'notes.txt', { type: 'text/plain' })] },
      }),
    );
    expect(screen.getByRole('list', { name: '1 file to send' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel voice message' })).toBeTruthy();
    fireEvent.click(sendVoice());
    await settle();
    expect(api.sendMessage).toHaveBeenCalledWith({ conversationId: bob, text: '', attachments: [stagedId] });
    // The note went; now the file waits for Send.
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('keeps a note that could not be sent, says why, and sends it again', async () => {
    api.sendMessage.mockRejectedValueOnce(new ApiError('network', 'The network could not be reached.'));
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    await recordAndSend(1500);

    const unsent = screen.getByRole('list', { name: 'Voice messages not sent' });
    expect(unsent.textContent).toContain('Not sent: The network could not be reached.');
    // The engine's staged copy is let go; sending again stages the note afresh.
    expect(api.discardAttachment).toHaveBeenCalledWith({ stagedId });
    expect(api.setVoiceDetails).not.toHaveBeenCalled();
    const firstUpload = (api.stageAttachment.mock.calls[0]![0] as { dataBase64: string }).dataBase64;

    fireEvent.click(screen.getByRole('button', { name: 'Send again' }));
    await settle();
    expect(api.stageAttachment).toHaveBeenCalledTimes(2);
    expect((api.stageAttachment.mock.calls[1]![0] as { dataBase64: string }).dataBase64).toBe(firstUpload);
    expect(api.sendMessage).toHaveBeenCalledTimes(2);
    expect(api.setVoiceDetails).toHaveBeenCalledWith(
      expect.objectContaining({ attachmentId: lastAttachmentId, durationMs: 1500 }),
    );
    expect(screen.queryByRole('list', { name: 'Voice messages not sent' })).toBeNull();
  });

  it('keeps a note recorded while disconnected, without staging it, and it can be thrown away', async () => {
    render(<Composer conversationId={bob} blocked={false} peerName="Bob" />);
    fireEvent.click(record());
    await settle();
    act(() => speak(1000));
    act(() => setState({ connection: 'lost' }));
    fireEvent.click(sendVoice());
    await settle();
    expect(api.stageAttachment).not.toHaveBeenCalled();
    const unsent = screen.getByRole('list', { name: 'Voice messages not sent' });
    expect(unsent.textContent).toMatch(/Starling is disconnected/u);
    // It can be listened to before deciding.
    expect(unsent.querySelector('.voice-player')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Discard voice message' }));
    expect(screen.queryByRole('list', { name: 'Voice messages not sent' })).toBeNull();
  });
});

/** The last measurement of a note: 4.2 s of a rising tone. Counts the decodes. */
class FakeOfflineAudioContext {
  static decoded = 0;
  async decodeAudioData(): Promise<AudioBuffer> {
    FakeOfflineAudioContext.decoded += 1;
    const channel = Float32Array.from(
      { length: 16_000 * 4 },
      (_, index) => Math.sin(index / 10) * (index / 64_000),
    );
    return { duration: 4.2, numberOfChannels: 1, getChannelData: () => channel } as unknown as AudioBuffer;
  }
}

/** The message's bubble attachments, following the store as the real timeline does. */
function Bubble() {
  const message = useAppStore((state) => state.messages[bob]?.byId.get(5));
  return message ? <MessageAttachments message={message} onOpenImage={() => undefined} /> : null;
}

describe('a voice note in a bubble', () => {
  beforeEach(() => {
    resetApi();
    useAttachmentStore.setState({ trays: {}, progress: {}, viewing: null });
    api.getAttachment.mockResolvedValue({
      attachmentId: 31,
      contentType: 'audio/mp3',
      fileName: 'session-audio-message',
      dataBase64: '//uQxAAAAAAAAAAAAAAAAAAAAAAA',
    });
    let made = 0;
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:starling/${made++}`);
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      this.dispatchEvent(new Event('play'));
      return Promise.resolve();
    });
    vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
      this.dispatchEvent(new Event('pause'));
    });
    FakeOfflineAudioContext.decoded = 0;
    vi.stubGlobal('OfflineAudioContext', FakeOfflineAudioContext);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('measures a received note once, as it shows, stores the details, and draws from them after', async () => {
    loadConversation([voiceMessage(voiceAttachment({ id: 41 }), 'incoming')]);
    api.setVoiceDetails.mockImplementation(async (request: { waveform: number[]; durationMs: number }) =>
      voiceAttachment({ id: 41, waveform: request.waveform, durationMs: request.durationMs }),
    );
    const { unmount } = render(<Bubble />);
    await settle();
    expect(api.getAttachment).toHaveBeenCalledWith({ attachmentId: 41 });
    expect(api.setVoiceDetails).toHaveBeenCalledTimes(1);
    const details = api.setVoiceDetails.mock.calls[0]![0] as { attachmentId: number; durationMs: number };
    expect(details).toMatchObject({ attachmentId: 41, durationMs: 4200 });
    expect(storedMessage()?.attachments[0]?.durationMs).toBe(4200);
    expect(screen.getByText('0:04')).toBeTruthy();

    // Shown again (scrolled back to), it draws from the stored details: nothing is fetched or decoded.
    unmount();
    api.getAttachment.mockClear();
    render(<Bubble />);
    await settle();
    expect(api.getAttachment).not.toHaveBeenCalled();
    expect(api.setVoiceDetails).toHaveBeenCalledTimes(1);
    expect(FakeOfflineAudioContext.decoded).toBe(1);
    expect(screen.getByRole('button', { name: 'Play voice message' })).toBeTruthy();
  });

  it('plays a sent note from its bytes, with the stored bars and length, fetched only on play', async () => {
    loadConversation([
      voiceMessage(voiceAttachment({ waveform: storedWaveform, durationMs: 3_400 }), 'outgoing'),
    ]);
    render(<Bubble />);
    await settle();
    expect(api.getAttachment).not.toHaveBeenCalled();
    expect(document.querySelector('.voice-player--outgoing')).not.toBeNull();
    expect(screen.getByText('0:03')).toBeTruthy();
    const bars = [...document.querySelectorAll<HTMLElement>('.voice-player__bar')];
    expect(bars).toHaveLength(64);
    expect(bars[63]!.style.height).toBe(`${(252 / 255) * 100}%`);

    fireEvent.click(screen.getByRole('button', { name: 'Play voice message' }));
    await settle();
    expect(api.getAttachment).toHaveBeenCalledWith({ attachmentId: 31 });
    expect(document.querySelector('audio')!.getAttribute('src')).toMatch(/^blob:/u);
    expect(screen.getByRole('button', { name: 'Pause voice message' })).toBeTruthy();
    // Its details were known: nothing is measured or stored again.
    expect(api.setVoiceDetails).not.toHaveBeenCalled();
  });

  it('stays a file card to download while the note is not here', async () => {
    loadConversation([voiceMessage(voiceAttachment({ state: 'remote' }), 'incoming')]);
    render(<Bubble />);
    await settle();
    expect(screen.queryByRole('button', { name: 'Play voice message' })).toBeNull();
    expect(api.getAttachment).not.toHaveBeenCalled();
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Download session-audio-message' })),
    );
    expect(api.downloadAttachment).toHaveBeenCalledWith({ attachmentId: 31 });
  });
});
