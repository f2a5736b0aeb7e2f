// What the new-conversation, profile and settings screens do beyond store/actions.ts: the theme
// (kept in localStorage, so the choice survives a restart), the notification mode, the network
// status, the Session ID's QR code, the recovery phrase on request, and QR images the browser could
// not decode. Each turns an engine failure into words.
import type { StartupView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { apiForScreens, loadAccountData, notify } from './actions';
import { type NotificationMode, setState, type Theme } from './store';

const themeKey = 'starling.theme';
const themes: readonly Theme[] = ['system', 'light', 'dark'];

function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (themes as readonly string[]).includes(value);
}

/** Puts the theme chosen last time in the store; call it once at start, before the first render. */
export function loadStoredTheme(): void {
  try {
    const stored = window.localStorage.getItem(themeKey);
    if (isTheme(stored)) setState({ theme: stored });
  } catch {
    // Storage can be off (private windows, a locked-down profile): the system's theme then.
  }
}

export function chooseTheme(theme: Theme): void {
  setState({ theme });
  try {
    window.localStorage.setItem(themeKey, theme);
  } catch {
    // Not remembered across restarts, but applied now.
  }
}

/** Saved by the engine, which the desktop notifier follows too; 'settings.changed' tells every window. */
export async function chooseNotificationMode(mode: NotificationMode): Promise<void> {
  try {
    setState({ settings: await apiForScreens().updateSettings({ notifications: mode }) });
  } catch (error) {
    notify(wordsOf(error, 'The notification setting could not be saved. Try again.'));
  }
}

function wordsOf(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/**
 * Gives the passphrase to the engine (chosen, or entered to open the profile): the next screen
 * follows from the startup it answers. Resolves to the error's words for the form, or null.
 */
export async function unlock(passphrase: string): Promise<string | null> {
  let startup: StartupView;
  try {
    startup = await apiForScreens().unlock({ passphrase });
  } catch (error) {
    return wordsOf(error, 'Starling could not be unlocked. Try again.');
  }
  setState({ startup, account: startup.account });
  if (startup.state === 'ready') {
    await loadAccountData().catch(() => notify('Your conversations could not be loaded.'));
  }
  return null;
}

/**
 * Protects keys stored unprotected with the passphrase the person chose: the startup it answers no
 * longer says `keysUnprotected`. Resolves to the error's words for the form, or null.
 */
export async function protectKeys(passphrase: string): Promise<string | null> {
  try {
    setState({ startup: await apiForScreens().protectKeys({ passphrase }) });
    return null;
  } catch (error) {
    return wordsOf(error, 'Your keys could not be protected. Try again.');
  }
}

/** Asks the engine for the onion paths now; 'path.changed' keeps them current afterwards. */
export async function refreshNetworkStatus(): Promise<void> {
  try {
    setState({ network: await apiForScreens().getNetworkStatus({}) });
  } catch (error) {
    notify(wordsOf(error, 'The network status could not be loaded.'));
  }
}

export interface SessionIdQr {
  readonly svg: string;
  readonly pngBase64: string;
}

export async function loadSessionIdQr(): Promise<SessionIdQr | undefined> {
  try {
    return await apiForScreens().getSessionIdQr({});
  } catch (error) {
    notify(wordsOf(error, 'The QR code of your Session ID could not be made.'));
    return undefined;
  }
}

/** The one time a secret crosses the contract: the person confirmed they want to see it. */
export async function revealRecoveryPhrase(): Promise<string | undefined> {
  try {
    const { recoveryPhrase } = await apiForScreens().revealRecoveryPhrase({ confirmed: true });
    return recoveryPhrase;
  } catch (error) {
    notify(wordsOf(error, 'The recovery phrase could not be shown.'));
    return undefined;
  }
}

export type QrReading =
  { readonly ok: true; readonly sessionId: string } | { readonly ok: false; readonly message: string };

/** Reads a QR image in the engine (for formats the browser cannot draw); the error's words for the form. */
export async function readQrImageInEngine(imageBase64: string): Promise<QrReading> {
  try {
    const { sessionId } = await apiForScreens().readQrImage({ imageBase64 });
    return { ok: true, sessionId };
  } catch (error) {
    return { ok: false, message: wordsOf(error, 'This image could not be read.') };
  }
}
