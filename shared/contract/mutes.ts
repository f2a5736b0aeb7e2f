// Whether a conversation's mute holds at a given time: the UI and the desktop notifier both ask, at
// the time they show something, since a timed mute may end between two updates of the view.
import type { MuteView } from './views';

export function isMuteActive(muted: MuteView | null, now: number): boolean {
  return muted !== null && (muted.until === null || muted.until > now);
}
