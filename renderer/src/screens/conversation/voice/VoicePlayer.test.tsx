// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VoicePlayer } from './VoicePlayer';

const stored = Array.from({ length: 64 }, (_, index) => (index * 4) % 256);
const playButton = () => screen.getByRole('button', { name: 'Play voice message' });
const pauseButton = () => screen.getByRole('button', { name: 'Pause voice message' });
const slider = () => screen.getByRole('slider', { name: 'Position in voice message' });
const audio = () => document.querySelector('audio')!;

async function settle(): Promise<void> {
  for (let round = 0; round < 4; round += 1)
    await act(async () => new Promise((done) => setTimeout(done, 0)));
}

/** The one part of playback happy-dom cannot do: decoding. Counts the contexts made. */
class FakeOfflineAudioContext {
  static made = 0;
  constructor() {
    FakeOfflineAudioContext.made += 1;
  }
  async decodeAudioData(): Promise<AudioBuffer> {
    const channel = Float32Array.from(
      { length: 16_000 * 4 },
      (_, index) => Math.sin(index / 10) * (index / 64_000),
    );
    return { duration: 4.2, numberOfChannels: 1, getChannelData: () => channel } as unknown as AudioBuffer;
  }
}

describe('VoicePlayer', () => {
  let load: ReturnType<typeof vi.fn<() => Promise<Blob | ArrayBuffer>>>;
  let created: string[];
  let revoked: string[];

  beforeEach(() => {
    load = vi.fn(async () => new Blob([new Uint8Array([0xff, 0xfb, 0x90, 0xc4])], { type: 'audio/mp3' }));
    created = [];
    revoked = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
      const url = `blob:starling/${created.length}`;
      created.push(url);
      return url;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
    // <audio> in happy-dom plays nothing; these fire the events Chromium would.
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      this.dispatchEvent(new Event('play'));
      return Promise.resolve();
    });
    vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
      this.dispatchEvent(new Event('pause'));
    });
    FakeOfflineAudioContext.made = 0;
    vi.stubGlobal('OfflineAudioContext', FakeOfflineAudioContext);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('draws the stored waveform and length without loading the note', () => {
    render(<VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing={false} />);
    expect(document.querySelectorAll('.voice-player__bar')).toHaveLength(64);
    expect(document.querySelector('.voice-player__time')?.textContent).toBe('1:05');
    expect(slider().getAttribute('aria-valuemin')).toBe('0');
    expect(slider().getAttribute('aria-valuemax')).toBe('65');
    expect(slider().getAttribute('aria-valuenow')).toBe('0');
    expect(slider().getAttribute('aria-valuetext')).toBe('0 seconds of 1 minute 5 seconds');
    expect(load).not.toHaveBeenCalled();
  });

  it('loads once on play, plays from a blob: URL, pauses, and revokes the URL when it goes away', async () => {
    const { unmount } = render(<VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing />);
    fireEvent.click(playButton());
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(audio().getAttribute('src')).toBe('blob:starling/0');
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);
    fireEvent.click(pauseButton());
    await settle();
    fireEvent.click(playButton());
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    // A stored waveform is not measured again.
    expect(FakeOfflineAudioContext.made).toBe(0);
    unmount();
    expect(revoked).toEqual(['blob:starling/0']);
  });

  it('shows elapsed and total time while playing', async () => {
    render(<VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing={false} />);
    fireEvent.click(playButton());
    await settle();
    audio().currentTime = 12.4;
    fireEvent(audio(), new Event('pause'));
    await settle();
    expect(document.querySelector('.voice-player__time')?.textContent).toBe('0:12 / 1:05');
    expect(slider().getAttribute('aria-valuenow')).toBe('12');
    // The bars up to the position are drawn as played: 12.4 / 65 of 64 bars.
    expect(document.querySelectorAll('.voice-player__bar--played')).toHaveLength(12);
  });

  it('seeks with the arrow keys, Home and End, and by clicking the waveform', async () => {
    render(<VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing={false} />);
    fireEvent.keyDown(slider(), { key: 'ArrowRight' });
    await settle();
    expect(slider().getAttribute('aria-valuenow')).toBe('5');
    expect(audio().currentTime).toBe(5);
    fireEvent.keyDown(slider(), { key: 'End' });
    await settle();
    expect(slider().getAttribute('aria-valuenow')).toBe('65');
    fireEvent.keyDown(slider(), { key: 'ArrowRight' });
    await settle();
    expect(slider().getAttribute('aria-valuenow')).toBe('65');
    fireEvent.keyDown(slider(), { key: 'Home' });
    await settle();
    fireEvent.keyDown(slider(), { key: 'ArrowLeft' });
    await settle();
    expect(slider().getAttribute('aria-valuenow')).toBe('0');

    vi.spyOn(slider(), 'getBoundingClientRect').mockReturnValue({
      left: 100,
      width: 200,
      top: 0,
      height: 32,
    } as DOMRect);
    fireEvent.click(slider(), { clientX: 150 });
    await settle();
    expect(audio().currentTime).toBeCloseTo(16.25);
    expect(slider().getAttribute('aria-valuetext')).toBe('16 seconds of 1 minute 5 seconds');
  });

  it('changes speed 1× → 1.5× → 2× → 1×', async () => {
    render(<VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing={false} />);
    const speed = () => screen.getByRole('button', { name: /Playback speed/ });
    expect(speed().textContent).toBe('1×');
    fireEvent.click(speed());
    expect(speed().getAttribute('aria-label')).toBe('Playback speed 1.5×');
    expect(audio().playbackRate).toBe(1.5);
    fireEvent.click(speed());
    expect(speed().textContent).toBe('2×');
    fireEvent.click(playButton());
    await settle();
    expect(audio().playbackRate).toBe(2);
    fireEvent.click(speed());
    expect(speed().textContent).toBe('1×');
    expect(audio().playbackRate).toBe(1);
  });

  it('measures a note without a waveform once, after loading, and reports it', async () => {
    const onMeasured = vi.fn();
    render(
      <VoicePlayer load={load} waveform={null} durationMs={null} onMeasured={onMeasured} outgoing={false} />,
    );
    expect(slider().getAttribute('aria-valuetext')).toBe('Length not known yet');
    expect(slider().getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(playButton());
    await settle();
    expect(onMeasured).toHaveBeenCalledTimes(1);
    const details = onMeasured.mock.calls[0]![0] as { waveform: number[]; durationMs: number };
    expect(details.durationMs).toBe(4200);
    expect(details.waveform).toHaveLength(64);
    expect(slider().getAttribute('aria-valuemax')).toBe('4');
    fireEvent.click(pauseButton());
    fireEvent.click(playButton());
    await settle();
    expect(FakeOfflineAudioContext.made).toBe(1);
  });

  it('measures at once when told the file is already here', async () => {
    const onMeasured = vi.fn();
    const bytes = new Uint8Array([0xff, 0xfb, 0x90, 0xc4]).buffer;
    render(
      <VoicePlayer
        load={async () => bytes}
        waveform={null}
        durationMs={null}
        onMeasured={onMeasured}
        outgoing
        contentType="audio/mp4"
        autoMeasure
      />,
    );
    await settle();
    expect(onMeasured).toHaveBeenCalledTimes(1);
    expect(document.querySelector('.voice-player__time')?.textContent).toBe('0:04');
  });

  it('says so when the note cannot be loaded, and tries again on the next press', async () => {
    load.mockRejectedValueOnce(new Error('offline'));
    render(<VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing={false} />);
    fireEvent.click(playButton());
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('This voice message could not be loaded.');
    fireEvent.click(playButton());
    await settle();
    expect(load).toHaveBeenCalledTimes(2);
    expect(pauseButton()).toBeTruthy();
  });

  it('says so when the browser cannot play the file', async () => {
    render(<VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing={false} />);
    fireEvent.click(playButton());
    await settle();
    fireEvent(audio(), new Event('error'));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('This voice message cannot be played.');
    expect(playButton()).toBeTruthy();
  });

  it('plays one note at a time', async () => {
    render(
      <>
        <VoicePlayer load={load} waveform={stored} durationMs={65_000} outgoing={false} />
        <VoicePlayer load={load} waveform={stored} durationMs={3_000} outgoing />
      </>,
    );
    const [first, second] = screen.getAllByRole('button', { name: 'Play voice message' });
    fireEvent.click(first!);
    await settle();
    fireEvent.click(second!);
    await settle();
    expect(screen.getAllByRole('button', { name: 'Pause voice message' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Play voice message' })).toHaveLength(1);
  });
});
