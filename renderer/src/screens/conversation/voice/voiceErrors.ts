// Why a recording could not be made, in words a person can act on (design.md: typed errors with a
// code and a human message). getUserMedia reports its failures as DOMException names.

export type VoiceErrorCode =
  | 'microphone-refused'
  | 'no-microphone'
  | 'microphone-busy'
  | 'recording-unsupported'
  | 'too-short'
  | 'recording-failed';

const messages: Readonly<Record<VoiceErrorCode, string>> = {
  'microphone-refused':
    "Starling may not use the microphone. Allow it in your system's privacy settings, then try again.",
  'no-microphone': 'No microphone was found. Connect one and try again.',
  'microphone-busy':
    'The microphone is in use by another program or could not be started. Close that program and try again.',
  'recording-unsupported':
    'Voice messages cannot be recorded here: this window has no access to microphones.',
  'too-short': 'That recording was too short to send. Hold the button a little longer.',
  'recording-failed': 'The recording could not be made. Try again.',
};

export class VoiceRecordingError extends Error {
  readonly code: VoiceErrorCode;

  constructor(code: VoiceErrorCode, cause?: unknown) {
    super(messages[code], cause === undefined ? undefined : { cause });
    this.name = 'VoiceRecordingError';
    this.code = code;
  }
}

/** The code for an error thrown by getUserMedia or the audio graph. */
function codeOf(error: unknown): VoiceErrorCode {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError': // the name older Chromium builds used
      return 'microphone-refused';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'no-microphone';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'microphone-busy';
    default:
      return 'recording-failed';
  }
}

/** Any failure while starting or making a recording, as a VoiceRecordingError. */
export function voiceErrorOf(error: unknown): VoiceRecordingError {
  if (error instanceof VoiceRecordingError) return error;
  return new VoiceRecordingError(codeOf(error), error);
}
