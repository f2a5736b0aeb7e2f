// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('./mp3Wasm', async () => {
  const { default: dataUrl } = await import('wasm-media-encoders/wasm/mp3?url&inline');
  const { realMp3Wasm } = await import('./fakeAudioInput');
  const compiled = realMp3Wasm(dataUrl);
  return { mp3EncoderModule: () => compiled };
});

import { FakeAudioContext, installFakeAudioInput, removeFakeAudioInput, speak } from './fakeAudioInput';
import { VoiceRecorder, type RecordedVoiceNote } from './VoiceRecorder';

const record = () => screen.getByRole('button', { name: 'Record a voice message' });
const sendButton = () => screen.getByRole('button', { name: 'Send voice message' });
const timer = () => screen.getByRole('timer', { name: 'Recorded time' });

/** Lets the recorder's promises (permission, worklet, encoder) settle. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1)
    await act(async () => new Promise((done) => setTimeout(done, 0)));
}

function isMp3(data: Uint8Array): boolean {
  const id3 = data[0] === 0x49 && data[1] === 0x44 && data[2] === 0x33;
  return id3 || (data[0] === 0xff && (data[1]! & 0xe0) === 0xe0);
}

describe('VoiceRecorder', () => {
  let fakes: ReturnType<typeof installFakeAudioInput>;
  let onRecorded: ReturnType<typeof vi.fn<(recording: RecordedVoiceNote) => void>>;

  beforeEach(() => {
    fakes = installFakeAudioInput();
    onRecorded = vi.fn<(recording: RecordedVoiceNote) => void>();
  });
  afterEach(() => {
    cleanup();
    removeFakeAudioInput();
    vi.restoreAllMocks();
  });

  it('asks for the microphone only when recording starts, with voice processing off', async () => {
    render(<VoiceRecorder onRecorded={onRecorded} />);
    expect(fakes.getUserMedia).not.toHaveBeenCalled();
    fireEvent.click(record());
    await settle();
    expect(fakes.getUserMedia).toHaveBeenCalledTimes(1);
    expect(fakes.getUserMedia.mock.calls[0]![0]).toEqual({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      video: false,
    });
    expect(FakeAudioContext.last?.sampleRate).toBe(44_100);
    expect(FakeAudioContext.last?.modules).toHaveLength(1);
  });

  it('records on click: red dot, timer, Cancel and Send, then sends an MP3 on Enter', async () => {
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    expect(timer().textContent).toBe('0:00');
    expect(screen.getByRole('button', { name: 'Cancel voice message' })).toBeTruthy();
    expect(document.querySelector('.voice-recorder__dot--live')).not.toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(/Recording a voice message/);

    act(() => speak(2500));
    expect(timer().textContent).toBe('0:02');
    const level = document.querySelector<HTMLElement>('.voice-recorder__level-fill')!;
    expect(level.style.transform).toMatch(/scaleX\(0\.7/);

    const notPrevented = fireEvent.keyDown(sendButton(), { key: 'Enter' });
    expect(notPrevented).toBe(false);
    await settle();
    expect(onRecorded).toHaveBeenCalledTimes(1);
    const recording = onRecorded.mock.calls[0]![0];
    expect(recording.durationMs).toBe(2500);
    expect(isMp3(recording.data)).toBe(true);
    // 128 kbit/s: 16 000 bytes a second.
    expect(recording.data.length).toBeGreaterThan(38_000);
    expect(recording.waveform).toHaveLength(64);
    expect(Math.max(...recording.waveform)).toBe(255);
    // The microphone is let go of, and the control is back to its start.
    expect(fakes.streams[0]!.tracks[0]!.stopped).toBe(true);
    expect(FakeAudioContext.last?.state).toBe('closed');
    expect(record()).toBeTruthy();
  });

  it('sends with the Send button and gives focus back to the microphone button', async () => {
    render(<VoiceRecorder onRecorded={onRecorded} />);
    record().focus();
    fireEvent.click(record());
    await settle();
    act(() => speak(1000));
    sendButton().focus();
    fireEvent.click(sendButton());
    await settle();
    expect(onRecorded).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(record());
  });

  it('cancels on Escape or Cancel without sending, and releases the microphone', async () => {
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    act(() => speak(1000));
    fireEvent.keyDown(sendButton(), { key: 'Escape' });
    await settle();
    expect(onRecorded).not.toHaveBeenCalled();
    expect(fakes.streams[0]!.tracks[0]!.stopped).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Voice message cancelled.');

    fireEvent.click(record());
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel voice message' }));
    await settle();
    expect(onRecorded).not.toHaveBeenCalled();
    expect(fakes.streams[1]!.tracks[0]!.stopped).toBe(true);
    expect(record()).toBeTruthy();
  });

  it('sends when a hold of 300 ms or more is let go', async () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.pointerDown(record(), { button: 0, pointerId: 1 });
    await settle();
    act(() => speak(1200));
    now += 1200;
    fireEvent.pointerUp(sendButton(), { button: 0, pointerId: 1 });
    fireEvent.click(sendButton());
    await settle();
    expect(onRecorded).toHaveBeenCalledTimes(1);
    expect(onRecorded.mock.calls[0]![0].durationMs).toBe(1200);
  });

  it('keeps recording after a short press (a click), and sends on the next click', async () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.pointerDown(record(), { button: 0, pointerId: 1 });
    await settle();
    now += 120;
    fireEvent.pointerUp(sendButton(), { button: 0, pointerId: 1 });
    fireEvent.click(sendButton());
    await settle();
    expect(onRecorded).not.toHaveBeenCalled();
    expect(timer()).toBeTruthy();

    act(() => speak(800));
    fireEvent.pointerDown(sendButton(), { button: 0, pointerId: 1 });
    now += 50;
    fireEvent.pointerUp(sendButton(), { button: 0, pointerId: 1 });
    fireEvent.click(sendButton());
    await settle();
    expect(onRecorded).toHaveBeenCalledTimes(1);
  });

  it('does not send a recording shorter than half a second', async () => {
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    act(() => speak(200));
    fireEvent.click(sendButton());
    await settle();
    expect(onRecorded).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/too short/);
  });

  it('stops by itself at 5 minutes, says so, and sends exactly 5:00', async () => {
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    act(() => speak(301_000, 0.2));
    await settle();
    expect(timer().textContent).toBe('5:00');
    const notice = document.querySelector('.voice-recorder__notice');
    expect(notice?.textContent).toMatch(/Recording stopped at 5:00, the longest a voice message can be/);
    expect(screen.getByRole('status').textContent).toBe(notice?.textContent);
    expect(fakes.streams[0]!.tracks[0]!.stopped).toBe(true);
    expect(document.querySelector('.voice-recorder__dot--live')).toBeNull();
    fireEvent.click(sendButton());
    await settle();
    expect(onRecorded).toHaveBeenCalledTimes(1);
    expect(onRecorded.mock.calls[0]![0].durationMs).toBe(300_000);
  });

  it('keeps what was recorded when the microphone goes away, and offers to send it', async () => {
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    act(() => speak(1500));
    act(() => void fakes.streams[0]!.tracks[0]!.dispatchEvent(new Event('ended')));
    await settle();
    expect(document.querySelector('.voice-recorder__notice')?.textContent).toBe(
      'The microphone was disconnected. Send what was recorded, or cancel.',
    );
    expect(FakeAudioContext.last?.state).toBe('closed');
    fireEvent.click(sendButton());
    await settle();
    expect(onRecorded.mock.calls[0]![0].durationMs).toBe(1500);
  });

  it.each([
    [
      'NotAllowedError',
      "Starling may not use the microphone. Allow it in your system's privacy settings, then try again.",
    ],
    [
      'SecurityError',
      "Starling may not use the microphone. Allow it in your system's privacy settings, then try again.",
    ],
    ['NotFoundError', 'No microphone was found. Connect one and try again.'],
    ['OverconstrainedError', 'No microphone was found. Connect one and try again.'],
    [
      'NotReadableError',
      'The microphone is in use by another program or could not be started. Close that program and try again.',
    ],
  ])('says in words why recording failed (%s)', async (name, words) => {
    fakes.getUserMedia.mockRejectedValueOnce(new DOMException('denied', name));
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(words);
    expect(record()).toBeTruthy();
    expect(FakeAudioContext.last).toBeNull();
  });

  it('says when this window cannot record at all', async () => {
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/cannot be recorded here/);
  });

  it('releases the microphone when the worklet cannot be loaded', async () => {
    vi.spyOn(FakeAudioContext.prototype, 'createMediaStreamSource').mockImplementation(() => {
      throw new DOMException('broken', 'InvalidStateError');
    });
    render(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('The recording could not be made. Try again.');
    expect(fakes.streams[0]!.tracks[0]!.stopped).toBe(true);
    expect(FakeAudioContext.last?.state).toBe('closed');
  });

  it('is disabled when told, and lets go of the microphone when it goes away mid-recording', async () => {
    const { rerender, unmount } = render(<VoiceRecorder onRecorded={onRecorded} disabled />);
    expect((record() as HTMLButtonElement).disabled).toBe(true);
    rerender(<VoiceRecorder onRecorded={onRecorded} />);
    fireEvent.click(record());
    await settle();
    unmount();
    expect(fakes.streams[0]!.tracks[0]!.stopped).toBe(true);
    expect(onRecorded).not.toHaveBeenCalled();
  });
});
