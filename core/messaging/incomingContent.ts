// What a decrypted one-to-one message asks of us (protocol-messages.md §3 "Behaviour notes"), decided
// without touching the database: a visible message, a reaction, a disappearing-messages change, a
// read receipt, typing, an unsend request or a request acceptance. Anyone can write to our
// namespace 0, so every field is checked; what does not make sense is ignored, with a reason.
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';
import { profileKeyLength, profileUrlMaxLength } from '../../shared/protocol/config/types/sharedFields';
import type { DisappearingSetting } from '../../shared/contract/views';
import { maximumMessageLength } from '../../shared/contract/messageLength';
import { isSessionId } from '../../shared/protocol/identity/sessionId';
import { type Content, SessionProtos } from '../../shared/protocol/messages/codec';
import type { IncomingOneToOneMessage } from '../../shared/protocol/messages/sessionProtocol';
import {
  type AttachmentDescription,
  readAttachmentPointer,
} from '../../shared/protocol/attachments/attachmentPointer';
import type { RoomAddress } from '../../shared/protocol/attachments/roomFileUrl';
import type { ExpirationMode } from '../store/messageRepository';

interface MessageReference {
  readonly author: string;
  readonly sentAt: number;
}

export type IncomingAction =
  | {
      readonly kind: 'visible';
      readonly conversationId: string;
      readonly direction: 'incoming' | 'outgoing';
      readonly body: string;
      /** Its files, as their pointers describe them (refused pointers left out). */
      readonly attachments: readonly AttachmentDescription[];
      readonly quote: MessageReference | undefined;
      readonly expiration: { readonly mode: ExpirationMode; readonly seconds: number } | undefined;
    }
  | {
      readonly kind: 'reaction';
      readonly conversationId: string;
      readonly target: MessageReference;
      readonly emoji: string;
      readonly remove: boolean;
    }
  | {
      readonly kind: 'disappearingChanged';
      readonly conversationId: string;
      readonly setting: DisappearingSetting;
    }
  | { readonly kind: 'readReceipt'; readonly conversationId: string; readonly sentAts: readonly number[] }
  | { readonly kind: 'typing'; readonly conversationId: string; readonly typing: boolean }
  | { readonly kind: 'unsend'; readonly target: MessageReference }
  | { readonly kind: 'requestAccepted'; readonly conversationId: string }
  /**
   * A groups v2 control message (protocol-config-groups.md §6.8): an invite or promotion sent to us
   * one to one, or a change in a group's swarm. core/groups checks its signature and applies it.
   */
  | { readonly kind: 'groupUpdate'; readonly conversationId: string; readonly update: GroupUpdate };

export type GroupUpdate = NonNullable<NonNullable<Content['dataMessage']>['groupUpdateMessage']>;

export interface InterpretedMessage {
  readonly author: string;
  readonly sentAt: number;
  readonly actions: readonly IncomingAction[];
  /** The sender's display name, when the message carried one. */
  readonly displayName: string | undefined;
  /** The sender's picture when the message carried a profile: null when it named none. */
  readonly picture: ProfilePicture | null | undefined;
  /** Why nothing came of the message, when nothing did. */
  readonly ignored: string | undefined;
}

/** Bounds on hostile input: longer names, emoji and receipt lists are refused, not truncated. */
const maximumDisplayNameLength = 100;
const maximumEmojiLength = 32;
const maximumReceiptTimestamps = 1_000;
/** Desktop sends at most 32 files in one message; more is a flood, not a message. */
const maximumAttachments = 32;
/** Disappearing timers above a year are nonsense from a sender; the official clients offer 2 weeks. */
const maximumExpirationSeconds = 365 * 24 * 3600;

function expirationOf(content: Content): { mode: ExpirationMode; seconds: number } | undefined {
  const seconds = content.expirationTimer ?? 0;
  if (seconds <= 0 || seconds > maximumExpirationSeconds) return undefined;
  if (content.expirationType === SessionProtos.Content.ExpirationType.DELETE_AFTER_SEND) {
    return { mode: 'afterSend', seconds };
  }
  if (content.expirationType === SessionProtos.Content.ExpirationType.DELETE_AFTER_READ) {
    return { mode: 'afterRead', seconds };
  }
  return undefined;
}

function reference(
  author: unknown,
  sentAt: unknown,
  isAuthor: (author: string) => boolean = isSessionId,
): MessageReference | undefined {
  if (typeof author !== 'string' || !isAuthor(author)) return undefined;
  if (typeof sentAt !== 'number' || !Number.isSafeInteger(sentAt) || sentAt <= 0) return undefined;
  return { author, sentAt };
}

export function displayNameOf(content: Content): string | undefined {
  const name =
    content.dataMessage?.profile?.displayName ?? content.messageRequestResponse?.profile?.displayName;
  const trimmed = name?.trim();
  return trimmed && trimmed.length <= maximumDisplayNameLength ? trimmed : undefined;
}

/**
 * The picture a profile names: its URL with the 32-byte key beside it (a message request's response
 * carries its own key field). A profile with a name and no picture says there is none; a picture
 * without a usable key, or at an address too long for any config to hold, is no picture at all.
 */
export function pictureOf(content: Content): ProfilePicture | null | undefined {
  const carrier = content.dataMessage?.profile ? content.dataMessage : content.messageRequestResponse;
  const profile = carrier?.profile;
  if (!carrier || !profile || displayNameOf(content) === undefined) return undefined;
  const url = profile.profilePicture;
  const key = carrier.profileKey;
  if (!url) return null;
  if (url.length > profileUrlMaxLength || key?.length !== profileKeyLength) return undefined;
  return { url, key: new Uint8Array(key) };
}

export interface VisibleParts {
  readonly body: string;
  readonly attachments: readonly AttachmentDescription[];
  readonly quote: MessageReference | undefined;
}

/**
 * What a message shows, when it shows something (text or files): checked and bounded; a string
 * says why a message that meant to show something is refused. `isAuthor` tells which authors a
 * quote may name (Session IDs, or in a community, blinded IDs too).
 */
export function visiblePartsOf(
  data: NonNullable<Content['dataMessage']>,
  isAuthor: (author: string) => boolean,
  /** A community post's room: its files are that room's (§5.3), never another host's. */
  room?: RoomAddress,
): VisibleParts | string | undefined {
  if (!((typeof data.body === 'string' && data.body.trim().length > 0) || data.attachments?.length)) {
    return undefined;
  }
  const body = data.body ?? '';
  if (body.length > maximumMessageLength) return 'an oversized body';
  if ((data.attachments?.length ?? 0) > maximumAttachments) return 'too many attachments';
  const attachments = (data.attachments ?? []).flatMap((pointer) => {
    const read = readAttachmentPointer(pointer, room);
    return 'attachment' in read ? [read.attachment] : [];
  });
  if (body.trim().length === 0 && attachments.length === 0) return 'attachments that cannot be fetched';
  const quote = data.quote ? reference(data.quote.author, data.quote.id, isAuthor) : undefined;
  return { body, attachments, quote };
}

/**
 * The actions of one message. `ownSessionId` tells our other devices' copies (sender = us, with
 * `syncTarget` naming the real conversation) from other people's messages. A message of a group's
 * swarm (`groupId`) belongs to that group whoever wrote it, and receipts, typing and request
 * responses mean nothing there (desktop sends none to groups).
 */
export function interpretMessage(
  message: IncomingOneToOneMessage,
  ownSessionId: string,
  groupId?: string,
): InterpretedMessage {
  const author = message.senderSessionId;
  const fromSelf = author === ownSessionId;
  const direct = groupId === undefined;
  const { content } = message;
  const actions: IncomingAction[] = [];
  const ignore = (reason: string): InterpretedMessage => ({
    author,
    sentAt: message.timestampMs,
    actions: [],
    displayName: undefined,
    picture: undefined,
    ignored: reason,
  });

  const data = content.dataMessage;
  let conversationId = groupId ?? author;
  if (fromSelf && direct) {
    // Our own messages arrive here only as copies for our other devices, or as unsend requests.
    const target = data?.syncTarget;
    if (target !== undefined && !isSessionId(target)) return ignore('a copy for an invalid recipient');
    conversationId = target ?? ownSessionId;
  }

  if (data?.groupUpdateMessage) {
    return {
      author,
      sentAt: message.timestampMs,
      actions: [{ kind: 'groupUpdate', conversationId, update: data.groupUpdateMessage }],
      displayName: fromSelf ? undefined : displayNameOf(content),
      picture: fromSelf ? undefined : pictureOf(content),
      ignored: undefined,
    };
  }
  if (data) {
    if (data.reaction) {
      const target = reference(data.reaction.author, data.reaction.id);
      const emoji = data.reaction.emoji ?? '';
      if (!target || emoji.length === 0 || emoji.length > maximumEmojiLength)
        return ignore('a malformed reaction');
      actions.push({
        kind: 'reaction',
        conversationId,
        target,
        emoji,
        remove: data.reaction.action === SessionProtos.DataMessage.Reaction.Action.REMOVE,
      });
    } else if (((data.flags ?? 0) & SessionProtos.DataMessage.Flags.EXPIRATION_TIMER_UPDATE) !== 0) {
      const expiration = expirationOf(content);
      actions.push({
        kind: 'disappearingChanged',
        conversationId,
        setting: expiration ? expiration : { mode: 'off', seconds: 0 },
      });
    } else {
      const visible = visiblePartsOf(data, isSessionId);
      if (typeof visible === 'string') return ignore(visible);
      if (visible) {
        actions.push({
          kind: 'visible',
          conversationId,
          direction: fromSelf ? 'outgoing' : 'incoming',
          ...visible,
          expiration: expirationOf(content),
        });
      }
    }
  }
  if (direct && !fromSelf && content.receiptMessage?.type === SessionProtos.ReceiptMessage.Type.READ) {
    const sentAts = (content.receiptMessage.timestamp ?? []).filter(Number.isSafeInteger);
    if (sentAts.length > maximumReceiptTimestamps) return ignore('an oversized read receipt');
    if (sentAts.length > 0) actions.push({ kind: 'readReceipt', conversationId, sentAts });
  }
  if (direct && !fromSelf && content.typingMessage) {
    actions.push({
      kind: 'typing',
      conversationId,
      typing: content.typingMessage.action === SessionProtos.TypingMessage.Action.STARTED,
    });
  }
  if (content.unsendRequest) {
    const target = reference(content.unsendRequest.author, content.unsendRequest.timestamp);
    // Only the author may unsend a message: a request naming someone else's message is hostile.
    if (!target || target.author !== author) return ignore('an unsend request for another author’s message');
    actions.push({ kind: 'unsend', target });
  }
  if (direct && !fromSelf && content.messageRequestResponse?.isApproved === true) {
    actions.push({ kind: 'requestAccepted', conversationId });
  }
  return {
    author,
    sentAt: message.timestampMs,
    actions,
    displayName: fromSelf ? undefined : displayNameOf(content),
    picture: fromSelf ? undefined : pictureOf(content),
    ignored: actions.length === 0 ? 'nothing this client shows' : undefined,
  };
}
