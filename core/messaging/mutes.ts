// Mutes of conversations' notifications: the person's own, kept on this device only (the one-to-one
// protocol has no message for them; the reference client syncs them through a config store Starling
// does not write yet). Each mute's end is a timer that tells the UI when it lapses.
import type { MuteView } from '../../shared/contract/views';
import type { ConversationRepository } from '../store/conversationRepository';
import { MessengerError } from './messengerError';

/** setTimeout's ceiling; a later end is looked at again when this one fires. */
const longestTimerMs = 2 ** 31 - 1;

/**
 * Mutes never cross the network: they are kept in this device's time, as the UI that picks "for 1
 * hour" and the desktop notifier that reads them both count it, not in the network's.
 */
export const muteClock = (): number => Date.now();

/**
 * A stored mute as the UI sees it at `now`: an ended mute reads as none, even before the timer that
 * forgets it has fired.
 */
export function muteView(mutedUntil: number | 'forever' | null, now: number): MuteView | null {
  if (mutedUntil === 'forever') return { until: null };
  return mutedUntil !== null && mutedUntil > now ? { until: mutedUntil } : null;
}

export class Mutes {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly options: {
      readonly conversations: ConversationRepository;
      /** A conversation's mute ended: the UI hears of it. */
      readonly ended: (conversationId: string) => void;
    },
  ) {}

  start(): void {
    this.scheduleEnd();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** Mutes until a time, for good, or (null) no more; a time already past is refused in words. */
  set(conversationId: string, until: number | 'forever' | null): void {
    if (typeof until === 'number' && until <= muteClock()) {
      throw new MessengerError(
        'muteInPast',
        'This time has already passed: choose a later end for the mute, or mute until you unmute.',
      );
    }
    this.options.conversations.setMutedUntil(conversationId, until);
    this.scheduleEnd();
  }

  /** Forgets the mutes that ended, telling the UI, and sets a timer for the next end. */
  private scheduleEnd(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const now = muteClock();
    for (const id of this.options.conversations.endMutes(now)) this.options.ended(id);
    const next = this.options.conversations.nextMuteEnd();
    if (next === null) return;
    this.timer = setTimeout(() => this.scheduleEnd(), Math.min(Math.max(0, next - now), longestTimerMs));
    this.timer.unref();
  }
}
