// The Content of what the engine sends (protocol-messages.md §3), one builder per kind. Every
// visible message carries the sender's profile and the conversation's disappearing setting, as the
// official clients expect; sigTimestamp is added when the message is wrapped.
import type { DisappearingSetting } from '../../shared/contract/views';
import {
  type AttachmentPointer,
  type Content,
  type DataMessage,
  SessionProtos,
} from '../../shared/protocol/messages/codec';
import { ttlBounds } from '../../shared/protocol/storage/limits';
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';

export interface Profile {
  readonly displayName: string | null;
  /** Our picture once uploaded: its URL in the profile, its key beside it (§3 DataMessage 6, 101). */
  readonly picture?: ProfilePicture | null | undefined;
}

/** §2.3 default TTLs. */
export const messageTtlMs = 14 * 24 * 3600 * 1000;
export const typingTtlMs = 20 * 1000;

function expirationFields(setting: DisappearingSetting): Pick<Content, 'expirationType' | 'expirationTimer'> {
  if (setting.mode === 'off')
    return { expirationType: SessionProtos.Content.ExpirationType.UNKNOWN, expirationTimer: 0 };
  return {
    expirationType:
      setting.mode === 'afterSend'
        ? SessionProtos.Content.ExpirationType.DELETE_AFTER_SEND
        : SessionProtos.Content.ExpirationType.DELETE_AFTER_READ,
    expirationTimer: setting.seconds,
  };
}

/** The profile as messages carry it; the official clients send no profile without a name. */
function profileFields(profile: Profile): Pick<DataMessage, 'profile' | 'profileKey'> {
  if (profile.displayName === null) return {};
  const picture = profile.picture ?? null;
  return {
    profile: {
      displayName: profile.displayName,
      ...(picture ? { profilePicture: picture.url } : {}),
    },
    ...(picture ? { profileKey: picture.key } : {}),
  };
}

/**
 * The TTL of a visible message on the swarm: a message that disappears after send need not outlive
 * its timer, though never below the swarm's minimum (protocol-network.md §4.4: 10 s), which refuses a
 * shorter TTL and so would fail the message; one that disappears after read is shortened by the
 * reader (`expire`) once read.
 */
export function visibleMessageTtl(setting: DisappearingSetting): number {
  if (setting.mode !== 'afterSend') return messageTtlMs;
  return Math.min(Math.max(setting.seconds * 1000, ttlBounds(0).minimumMs), messageTtlMs);
}

export function textContent(message: {
  readonly text: string;
  readonly profile: Profile;
  readonly disappearing: DisappearingSetting;
  readonly quote?:
    { readonly author: string; readonly sentAt: number; readonly text: string | null } | undefined;
  /** Set on the copy for our own swarm: the real recipient (§3 syncTarget). */
  readonly syncTarget?: string | undefined;
  /** The files, once uploaded (§5); a message of files alone has no body. */
  readonly attachments?: readonly AttachmentPointer[] | undefined;
}): Content {
  return {
    dataMessage: {
      ...(message.text === '' ? {} : { body: message.text }),
      ...(message.attachments && message.attachments.length > 0
        ? { attachments: [...message.attachments] }
        : {}),
      ...profileFields(message.profile),
      ...(message.quote
        ? {
            quote: {
              id: message.quote.sentAt,
              author: message.quote.author,
              ...(message.quote.text === null ? {} : { text: message.quote.text }),
            },
          }
        : {}),
      ...(message.syncTarget ? { syncTarget: message.syncTarget } : {}),
    },
    ...expirationFields(message.disappearing),
  };
}

export function reactionContent(reaction: {
  readonly target: { readonly author: string; readonly sentAt: number };
  readonly emoji: string;
  readonly remove: boolean;
  readonly profile: Profile;
  readonly syncTarget?: string | undefined;
}): Content {
  return {
    dataMessage: {
      reaction: {
        id: reaction.target.sentAt,
        author: reaction.target.author,
        emoji: reaction.emoji,
        action: reaction.remove
          ? SessionProtos.DataMessage.Reaction.Action.REMOVE
          : SessionProtos.DataMessage.Reaction.Action.REACT,
      },
      ...profileFields(reaction.profile),
      ...(reaction.syncTarget ? { syncTarget: reaction.syncTarget } : {}),
    },
  };
}

/** A disappearing-messages change (v2: flag 2 with the new setting in Content fields 12–13). */
export function disappearingUpdateContent(
  setting: DisappearingSetting,
  profile: Profile,
  syncTarget?: string,
): Content {
  return {
    dataMessage: {
      flags: SessionProtos.DataMessage.Flags.EXPIRATION_TIMER_UPDATE,
      ...profileFields(profile),
      ...(syncTarget ? { syncTarget } : {}),
    },
    ...expirationFields(setting),
  };
}

export function readReceiptContent(sentAts: readonly number[]): Content {
  return { receiptMessage: { type: SessionProtos.ReceiptMessage.Type.READ, timestamp: [...sentAts] } };
}

export function typingContent(typing: boolean, timestampMs: number): Content {
  return {
    typingMessage: {
      timestamp: timestampMs,
      action: typing
        ? SessionProtos.TypingMessage.Action.STARTED
        : SessionProtos.TypingMessage.Action.STOPPED,
    },
  };
}

export function unsendContent(target: { readonly author: string; readonly sentAt: number }): Content {
  return { unsendRequest: { timestamp: target.sentAt, author: target.author } };
}

export function requestResponseContent(profile: Profile): Content {
  return {
    messageRequestResponse: {
      isApproved: true,
      ...profileFields(profile),
    },
  };
}
