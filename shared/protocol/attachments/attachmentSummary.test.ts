import { describe, expect, it } from 'vitest';
import { attachmentSummary } from './attachmentSummary';

const photo = { contentType: 'image/jpeg', fileName: 'a.jpg', voice: false };
const voice = { contentType: 'audio/mp3', fileName: 'session-audio-message', voice: true };
const file = { contentType: 'application/pdf', fileName: 'minutes.pdf', voice: false };

describe('attachmentSummary', () => {
  it('names one file by what it is', () => {
    expect(attachmentSummary([photo])).toBe('Photo');
    expect(attachmentSummary([voice])).toBe('Voice message');
    expect(attachmentSummary([file])).toBe('minutes.pdf');
    expect(attachmentSummary([{ ...file, fileName: null }])).toBe('File');
  });

  it('counts several', () => {
    expect(attachmentSummary([photo, photo])).toBe('2 photos');
    expect(attachmentSummary([photo, file, voice])).toBe('3 files');
    expect(attachmentSummary([])).toBe('');
  });
});
