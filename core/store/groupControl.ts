// Control messages as the messages table keeps them (migration 6, `control` column): what happened
// in a conversation and to whom, as JSON, read back strictly (a damaged value reads as no control
// message, so one bad row never hides a conversation). Groups have them all; a one-to-one
// conversation has the disappearing-messages changes and the acceptance of its request.
import type { DisappearingMode, GroupControlView } from '../../shared/contract/views';

export type StoredControl =
  | {
      readonly kind: 'membersAdded' | 'membersRemoved' | 'membersPromoted';
      readonly members: readonly string[];
    }
  | { readonly kind: 'memberLeft' | 'removedYou' | 'groupDeleted' }
  | { readonly kind: 'renamed'; readonly name: string }
  /** The author set the timer; `seconds` is 0 when `mode` is off. */
  | { readonly kind: 'disappearingChanged'; readonly mode: DisappearingMode; readonly seconds: number }
  /** The author accepted the other's message request (we did, or they did ours). */
  | { readonly kind: 'requestAccepted' };

const memberKinds = new Set(['membersAdded', 'membersRemoved', 'membersPromoted']);
const plainKinds = new Set(['memberLeft', 'removedYou', 'groupDeleted', 'requestAccepted']);
const disappearingModes = new Set(['off', 'afterSend', 'afterRead']);

export function encodeControl(control: StoredControl | undefined): string | null {
  return control ? JSON.stringify(control) : null;
}

export function decodeControl(text: string | null): StoredControl | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as {
      kind?: unknown;
      members?: unknown;
      name?: unknown;
      mode?: unknown;
      seconds?: unknown;
    };
    if (typeof value.kind !== 'string') return undefined;
    if (memberKinds.has(value.kind) && Array.isArray(value.members)) {
      const members = value.members.filter((member): member is string => typeof member === 'string');
      return { kind: value.kind as 'membersAdded', members };
    }
    if (plainKinds.has(value.kind)) return { kind: value.kind as 'memberLeft' };
    if (value.kind === 'renamed' && typeof value.name === 'string')
      return { kind: 'renamed', name: value.name };
    if (
      value.kind === 'disappearingChanged' &&
      typeof value.mode === 'string' &&
      disappearingModes.has(value.mode) &&
      Number.isSafeInteger(value.seconds) &&
      (value.seconds as number) >= 0
    ) {
      const off = value.mode === 'off';
      return {
        kind: 'disappearingChanged',
        mode: value.mode as DisappearingMode,
        seconds: off ? 0 : (value.seconds as number),
      };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The view of a stored control message, each member named as `nameOf` knows them. */
export function controlView(
  control: StoredControl,
  nameOf: (sessionId: string) => string | null,
): GroupControlView {
  if ('members' in control) {
    return {
      kind: control.kind,
      members: control.members.map((sessionId) => ({ sessionId, name: nameOf(sessionId) })),
    };
  }
  return control;
}
