// ClientApi: every call the UI makes to the engine (design.md "The contract"). Each method takes at
// most one plain object, validated by its zod schema at every transport, and resolves to a plain
// object. The schemas are the single source of truth: the request types derive from them.
import { z } from 'zod';
import { messageLengthProblem } from './messageLength';
import { checkSessionId } from '../protocol/identity/sessionId';
import {
  checkCommunityId,
  checkConversationId,
  checkGroupId,
  isBlindedId,
} from '../protocol/identity/conversationId';
import { parseCommunityFullUrl, parseCommunityServerUrl } from '../protocol/config/types/communityUrl';
import type {
  AccountView,
  AttachmentFileView,
  ProfilePictureFileView,
  AttachmentView,
  StagedFileView,
  CommunityReactorsView,
  CommunityRoomView,
  ConversationView,
  DisappearingSetting,
  EmojiPreferencesView,
  GroupView,
  MessagePage,
  MessageView,
  NetworkView,
  NotificationMode,
  PhraseCheckView,
  SearchPage,
  SettingsView,
  SkinTone,
  StartupView,
  UpdateView,
} from './views';

/** A Session ID as typed or pasted: canonicalised, or refused with the validator's own words. */
const sessionId = z.string().transform((input, context) => {
  const checked = checkSessionId(input);
  if (!checked.ok) {
    context.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.sessionId;
});

/**
 * A person: their Session ID, or the 15… ID a community member wrote to us with (a blinded DM,
 * protocol-messages.md §6.6), which requests and blocking name as they do a Session ID.
 */
const personId = z.string().transform((input, context) => {
  const text = input.replace(/\s+/gu, '').toLowerCase();
  if (isBlindedId(text)) return text;
  const checked = checkSessionId(input);
  if (!checked.ok) {
    context.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.sessionId;
});

/** A conversation: a person's Session ID or a closed group's 03… ID (design.md "Conversation kinds"). */
const conversationId = z.string().transform((input, context) => {
  const checked = checkConversationId(input);
  if (!checked.ok) {
    context.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.sessionId;
});

/** A community room we are in, by its conversation ID (or its join link). */
const communityId = z.string().transform((input, context) => {
  const checked = checkCommunityId(input);
  if (!checked.ok) {
    context.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.conversationId;
});

/** A link as a person pastes it, checked by `parse` (which throws in words); the text trimmed. */
const checkedLink = (parse: (url: string) => unknown) =>
  z
    .string()
    .max(2_000, 'This link is too long.')
    .transform((input, context) => {
      try {
        parse(input);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
      return input.trim();
    });

const groupId = z.string().transform((input, context) => {
  const checked = checkGroupId(input);
  if (!checked.ok) {
    context.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.groupId;
});

/** The product's closed groups hold at most 10 people (issue 14), you included. */
export const maximumGroupMembers = 10;
const groupTooLarge = `A group holds at most ${maximumGroupMembers} people: you and ${maximumGroupMembers - 1} others.`;

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** protocol-config-groups.md §6.3: a name of at most 100 bytes, a description of at most 2000. */
const groupName = z
  .string()
  .trim()
  .min(1, 'A group needs a name.')
  .refine((name) => utf8Bytes(name) <= 100, 'A group name holds at most 100 bytes (about 100 letters).')
  .refine((name) => !name.includes('\0'), 'A group name cannot contain a NUL character.');
const groupDescription = z
  .string()
  .trim()
  .refine((text) => utf8Bytes(text) <= 2000, 'A group description holds at most 2000 bytes.');

const groupMembers = z
  .array(sessionId)
  .min(1, 'Choose at least one person.')
  .max(maximumGroupMembers - 1, groupTooLarge);

const messageId = z.number().int().positive();
const messageCursor = z.object({ sentAt: z.number().int(), id: messageId });

/** A search is a few words; a limit keeps a pasted page from becoming a query of hundreds. */
export const maximumSearchLength = 200;
export const maximumSearchResults = 50;

/**
 * The most conversations one bulk call names (issue 12): a "select all" over a flood of requests,
 * about 670 KB of Session IDs; more goes in several calls, or in declineAllRequests.
 */
export const maximumBulkConversations = 10_000;

const conversationIds = z
  .array(personId)
  .min(1, 'Choose at least one message request.')
  .max(
    maximumBulkConversations,
    `At most ${maximumBulkConversations.toLocaleString('en')} requests can be handled at once.`,
  );

/** Desktop's choices, 5 minutes to 2 weeks (product.md), plus 30 s for testing and demos. */
export const disappearingSeconds = [30, 300, 3_600, 43_200, 86_400, 604_800, 1_209_600] as const;

const disappearing = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('off') }),
  z.object({
    mode: z.enum(['afterSend', 'afterRead']),
    seconds: z.number().int().min(1).max(1_209_600),
  }),
]);

/** Every notification mode, the first being the default (as the reference client: name and message). */
export const notificationModes = [
  'nameAndMessage',
  'nameOnly',
  'countOnly',
  'off',
] as const satisfies readonly NotificationMode[];

/** Every skin tone, the first being the default (no tone), then lightest to darkest. */
export const skinTones = [
  'none',
  'light',
  'mediumLight',
  'medium',
  'mediumDark',
  'dark',
] as const satisfies readonly SkinTone[];

/**
 * An emoji as a reaction or a pick carries it. Only its length is bounded: others' clients may react
 * with emoji newer than ours, or with any text, and those must still show.
 */
const emoji = z
  .string()
  .min(1, 'Choose an emoji.')
  .max(32, 'An emoji is at most 32 characters long (a few code points in sequence).');

/**
 * What the picker itself picked: unlike a reaction from another client, it must be an emoji (a
 * pictograph, a flag's regional indicators or a keycap), with no spaces, control or format
 * characters beside the joiner and selectors inside emoji, or "Recent" would show words and
 * invisible text.
 */
const pickedEmojiWords = 'Choose an emoji from the picker: this is not one.';
const pickedEmoji = emoji
  .regex(/\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u20E3/u, pickedEmojiWords)
  .regex(/^(?:[^\s\p{Cc}\p{Cf}]|\u200D|[\u{E0020}-\u{E007F}])+$/u, pickedEmojiWords);

/**
 * When a mute ends: a time in ms, 'forever' (until the person unmutes), or null to unmute now. A
 * time in the past is refused by the engine, which alone knows what "now" is for it.
 */
const muteUntilWords = 'Choose when the mute ends: a time in milliseconds, "forever", or null to unmute.';
const muteUntil = z.union(
  [z.number().int(muteUntilWords).positive(muteUntilWords), z.literal('forever'), z.null()],
  muteUntilWords,
);

const displayName = z
  .string()
  .trim()
  .min(1, 'Enter a display name.')
  .max(100, 'A display name has at most 100 characters.');
const nickname = z
  .string()
  .trim()
  .min(1, 'Enter a nickname, or clear it.')
  .max(100, 'A nickname has at most 100 characters.')
  .nullable();
/** 13 words fit easily; a limit keeps a pasted novel out. */
const recoveryPhrase = z.string().max(1_000, 'A recovery phrase is 13 words.');
/** The shortest passphrase accepted when choosing one (the KDF cannot make a short one strong). */
export const minimumPassphraseLength = 8;
/** A file of 10,000,000 bytes in base64, with room to spare for line breaks. */
const maximumFileBase64Length = 13_500_000;
/** More files than this are better sent as several messages (desktop lets 32 through). */
export const maximumAttachmentsPerMessage = 10;
const stagedId = z.string().regex(/^[0-9a-f]{32}$/u, 'Not a staged file.');
const attachmentId = z.number().int().positive();
/** Images of QR codes, base64: a photo of a screen fits in a few MB. */
const maximumImageBase64Length = 16 * 1024 * 1024;

/** A member of a community room, as the room knows them: their 15… blinded ID or 05… Session ID. */
const communityMember = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(05|15)[0-9a-f]{64}$/u, 'Name the member by their 15… community ID or their 05… Session ID.');
/** pysogs refuses delays this long, taking them for a timestamp given by mistake (§6.7). */
const communityDuration = z
  .number()
  .int('A duration is a whole number of seconds.')
  .positive('A duration is a whole number of seconds above 0.')
  .max(999_999_999, 'A duration this long is forever: leave it out instead.');
const postText = z
  .string()
  .refine((text) => text.trim().length > 0, 'A message needs some text.')
  .superRefine((text, context) => {
    const problem = messageLengthProblem(text);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });

export const clientRequests = {
  getStartup: z.object({}),
  createAccount: z.object({ displayName: displayName.optional() }),
  restoreAccount: z.object({ recoveryPhrase, displayName: displayName.optional() }),
  checkRecoveryPhrase: z.object({ recoveryPhrase }),
  /** A secret flowing UI → core only: never echoed back, never logged. */
  unlock: z.object({
    passphrase: z
      .string()
      .min(1, 'Enter your passphrase.')
      .max(1_024, 'A passphrase has at most 1,024 characters.'),
  }),
  /**
   * Protects keys stored unprotected (StartupView `keysUnprotected`) with a passphrase chosen now:
   * a secret flowing UI → core only, as `unlock`'s.
   */
  protectKeys: z.object({
    passphrase: z
      .string()
      .min(minimumPassphraseLength, `Choose a passphrase of at least ${minimumPassphraseLength} characters.`)
      .max(1_024, 'A passphrase has at most 1,024 characters.'),
  }),
  /** The one time a secret crosses the contract: the person asked to see their phrase. */
  revealRecoveryPhrase: z.object({ confirmed: z.literal(true) }),
  getSessionIdQr: z.object({}),
  readQrImage: z.object({
    imageBase64: z.string().max(maximumImageBase64Length, 'This image is too large to scan (at most 12 MB).'),
  }),
  getNetworkStatus: z.object({}),
  getAccount: z.object({}),
  updateProfile: z.object({ displayName }),
  /**
   * Chooses the account's picture: the square `crop` (in the upright image's pixels; the centred
   * square when absent) is scaled to 600 px, uploaded, and shown to everyone we write to.
   */
  setProfilePicture: z.object({
    dataBase64: z.string().max(maximumFileBase64Length, 'A picture can be at most 10 MB.'),
    crop: z
      .object({
        left: z.number().int().min(0).max(1_000_000),
        top: z.number().int().min(0).max(1_000_000),
        side: z.number().int().min(1).max(1_000_000),
      })
      .optional(),
  }),
  removeProfilePicture: z.object({}),
  /** Someone's picture (or the account's own) as this device keeps it. */
  getProfilePicture: z.object({ sessionId }),
  getSettings: z.object({}),
  updateSettings: z.object({
    readReceipts: z.boolean().optional(),
    typingIndicators: z.boolean().optional(),
    notifications: z
      .enum(notificationModes, 'Choose nameAndMessage, nameOnly, countOnly or off for notifications.')
      .optional(),
    communityMessageRequests: z.boolean().optional(),
  }),
  /** The emoji picker's recent emoji and skin tone, kept with the account's settings. */
  getEmojiPreferences: z.object({}),
  /** `used`: an emoji just picked (it moves up the recent ones); `skinTone`: the tone to apply. */
  updateEmojiPreferences: z.object({
    used: pickedEmoji.optional(),
    skinTone: z
      .enum(skinTones, 'Choose none, light, mediumLight, medium, mediumDark or dark for the skin tone.')
      .optional(),
  }),
  listConversations: z.object({ list: z.enum(['chats', 'requests', 'blocked']) }),
  getConversation: z.object({ conversationId }),
  /**
   * A page of a conversation's history, newest first: the newest messages, those `before` a cursor,
   * those `after` one (oldest of them first in time, still returned newest first), or those
   * `around` a message (half older, half newer: a search result opened far back in history).
   */
  listMessages: z
    .object({
      conversationId,
      limit: z.number().int().min(1).max(200).default(50),
      before: messageCursor.optional(),
      after: messageCursor.optional(),
      around: messageId.optional(),
    })
    .refine(
      (request) => [request.before, request.after, request.around].filter((given) => given).length <= 1,
      'Ask for messages before a cursor, after one or around a message: one of them at most.',
    ),
  /**
   * Messages whose text holds every word of the query (the last one as typed so far), in every
   * conversation or in one, newest first, a page at a time.
   */
  searchMessages: z.object({
    query: z
      .string()
      .max(maximumSearchLength, `A search holds at most ${maximumSearchLength} characters.`)
      .refine((query) => query.trim().length > 0, 'Type a word to search for.'),
    conversationId: conversationId.optional(),
    limit: z
      .number()
      .int('Ask for a whole number of results.')
      .min(1, 'Ask for at least 1 result.')
      .max(maximumSearchResults, `Ask for at most ${maximumSearchResults} results at a time.`)
      .default(20),
    before: messageCursor.optional(),
  }),
  sendMessage: z
    .object({
      conversationId,
      text: z
        .string()
        .superRefine((text, context) => {
          const problem = messageLengthProblem(text);
          if (problem !== null) context.addIssue({ code: 'custom', message: problem });
        })
        .default(''),
      quoteMessageId: messageId.optional(),
      /** Files staged with stageAttachment, in the order to show them. */
      attachments: z
        .array(stagedId)
        .max(maximumAttachmentsPerMessage, `A message holds at most ${maximumAttachmentsPerMessage} files.`)
        .optional(),
      /**
       * A community whisper (a room's moderators only): seen by one member (`to`), by the room's
       * moderators, or both — and by us.
       */
      whisper: z
        .object({ to: communityMember.optional(), moderators: z.boolean().default(false) })
        .refine(
          (whisper) => whisper.to !== undefined || whisper.moderators,
          'Whisper to a member, to the moderators, or both.',
        )
        .optional(),
    })
    .refine(
      (message) => message.text.trim().length > 0 || (message.attachments?.length ?? 0) > 0,
      'A message needs some text or a file.',
    ),
  /**
   * A file for a message to come, checked (10 MB at most) and kept encrypted until it is sent.
   * One file per call, so that every frame stays small.
   */
  stageAttachment: z.object({
    fileName: z.string().max(1_000).optional(),
    contentType: z.string().max(255).optional(),
    dataBase64: z.string().max(maximumFileBase64Length, 'Files can be at most 10 MB.'),
    voice: z.boolean().optional(),
  }),
  /** A staged file removed from the composer before sending. */
  discardAttachment: z.object({ stagedId }),
  /** Fetches a received file that was not downloaded by itself (or failed). */
  downloadAttachment: z.object({ attachmentId }),
  /** Stops an upload (the message fails, and can be retried) or a download. */
  cancelAttachment: z.object({ attachmentId }),
  /** A file that is here, to show, play or save; or an image's thumbnail. */
  getAttachment: z.object({ attachmentId, thumbnail: z.boolean().optional() }),
  /** A voice note's waveform and length, measured once by the UI from its decoded audio. */
  setVoiceDetails: z.object({
    attachmentId,
    waveform: z.array(z.number().int().min(0).max(255)).min(1).max(256),
    durationMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600 * 1000),
  }),
  retryMessage: z.object({ messageId }),
  react: z.object({
    messageId,
    emoji,
    remove: z.boolean().default(false),
  }),
  deleteMessage: z.object({ messageId, forEveryone: z.boolean().default(false) }),
  markRead: z.object({ conversationId }),
  setTyping: z.object({ conversationId: sessionId, typing: z.boolean() }),
  /**
   * What the person is doing, so the engine polls faster in an open conversation, slower when hidden.
   * With the open conversation named, only the swarm or server that carries it polls faster.
   */
  setActivity: z.object({
    activity: z.enum(['activeConversation', 'foreground', 'background']),
    conversationId: conversationId.optional(),
  }),
  setDisappearing: z.object({ conversationId, setting: disappearing }),
  /** Silences a conversation's notifications on this device until a time, for good, or (null) no more. */
  setMuted: z.object({ conversationId, until: muteUntil }),
  acceptRequest: z.object({ conversationId }),
  declineRequest: z.object({ conversationId }),
  block: z.object({ conversationId: personId }),
  /** Declines these requests in one go; conversations that are no longer requests are skipped. */
  declineRequests: z.object({ conversationIds }),
  /** Blocks the senders of these requests in one go; conversations that are no longer requests are skipped. */
  blockRequests: z.object({ conversationIds }),
  /** Declines every message request there is. */
  declineAllRequests: z.object({}),
  unblock: z.object({ conversationId: personId }),
  /** The account's own name for a person, shown instead of theirs on every device; null clears it. */
  setNickname: z.object({ conversationId: personId, nickname }),
  /** Pins a conversation to the top of the list, or unpins it (on every device of the account). */
  setPinned: z.object({ conversationId, pinned: z.boolean() }),
  /** Creates a closed group with us as its admin and invites the people named (at most 9). */
  createGroup: z.object({
    name: groupName,
    description: groupDescription.optional(),
    members: z
      .array(sessionId)
      .max(maximumGroupMembers - 1, groupTooLarge)
      .default([]),
  }),
  getGroup: z.object({ groupId }),
  /** An admin adds people; the group may not pass 10 members. */
  addGroupMembers: z.object({ groupId, members: groupMembers }),
  /** An admin removes people: they can read nothing sent after it; with removeMessages, theirs go too. */
  removeGroupMembers: z.object({
    groupId,
    members: groupMembers,
    removeMessages: z.boolean().default(false),
  }),
  /** An admin renames the group or changes its description. */
  updateGroup: z.object({ groupId, name: groupName.optional(), description: groupDescription.optional() }),
  /** We leave the group: its admins are told and rekey it. */
  leaveGroup: z.object({ groupId }),
  /** An admin makes members admins too: they get the group's key. */
  promoteGroupMembers: z.object({ groupId, members: groupMembers }),
  /** An admin deletes the group for everyone: every member's copy ends (its history stays readable). */
  deleteGroup: z.object({ groupId }),
  /** The rooms a community server offers: its link (`https://host?public_key=…`) or a room's. */
  listCommunityRooms: z.object({ server: checkedLink(parseCommunityServerUrl) }),
  /** Joins a room by its link (`http(s)://host[:port]/<room>?public_key=<64 hex>`), on every device. */
  joinCommunity: z.object({ url: checkedLink(parseCommunityFullUrl) }),
  /** Leaves a room: its history on this device goes with it (on every device of the account). */
  leaveCommunity: z.object({ conversationId: communityId }),
  /** Edits our own community post: the room shows the new text, marked edited. */
  editMessage: z.object({ messageId, text: postText }),
  /** Everyone who reacted to a community message with `emoji` (a poll names only the first few). */
  listReactors: z.object({ messageId, emoji }),
  /** A room's admin pins or unpins a message for everyone in it. */
  pinCommunityMessage: z.object({ messageId, pinned: z.boolean() }),
  /**
   * A room's moderator bans a member from it, for `durationSeconds` or (absent or null) until
   * unbanned; with deleteMessages, every post of theirs in the room goes too.
   */
  banCommunityMember: z.object({
    conversationId: communityId,
    member: communityMember,
    durationSeconds: communityDuration.nullable().optional(),
    deleteMessages: z.boolean().default(false),
  }),
  unbanCommunityMember: z.object({ conversationId: communityId, member: communityMember }),
  /**
   * A room's moderator sets what a member may do there (write false mutes them); with
   * durationSeconds, what was changed goes back after that long.
   */
  setCommunityPermissions: z
    .object({
      conversationId: communityId,
      member: communityMember,
      read: z.boolean().optional(),
      write: z.boolean().optional(),
      upload: z.boolean().optional(),
      durationSeconds: communityDuration.optional(),
    })
    .refine(
      (change) => change.read !== undefined || change.write !== undefined || change.upload !== undefined,
      'Choose what to change: read, write or upload.',
    ),
  /** A room's admin makes a member a moderator or an admin of it (visible or hidden), or neither. */
  /** A room's admin renames it or changes its description (at least one of them). */
  updateCommunityRoom: z
    .object({
      conversationId: communityId,
      name: z
        .string()
        .trim()
        .min(1, 'A room needs a name.')
        .max(64, 'A room’s name is at most 64 characters.')
        .optional(),
      description: z
        .string()
        .trim()
        .max(1_000, 'A room’s description is at most 1,000 characters.')
        .optional(),
    })
    .refine(
      (change) => change.name !== undefined || change.description !== undefined,
      'Give the room a new name or description.',
    ),
  setCommunityModerator: z.object({
    conversationId: communityId,
    member: communityMember,
    role: z.enum(['moderator', 'admin', 'none'], 'Choose moderator, admin or none as the role.'),
    visible: z.boolean().default(true),
  }),
  /** The page of a room's history before the oldest message here, fetched from its server. */
  loadOlderCommunityMessages: z.object({ conversationId: communityId }),
  /**
   * Opens a conversation with a room's member by their 15… ID (a blinded DM through the room's
   * server, §6.6); refused when their posts say they take no such messages.
   */
  messageCommunityMember: z.object({
    conversationId: communityId,
    member: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^15[0-9a-f]{64}$/u, 'Name the member by their 15… community ID.'),
  }),
  getUpdateStatus: z.object({}),
  /** Reads the update feed now, as the host also does at start and periodically. */
  checkForUpdates: z.object({}),
  /** The person agreed to download the release offered; progress arrives as 'update.changed'. */
  downloadUpdate: z.object({}),
  /** The person agreed to restart into the downloaded release. */
  installUpdate: z.object({}),
} as const;

export type ClientMethod = keyof typeof clientRequests;
export type ClientRequest<Method extends ClientMethod> = z.input<(typeof clientRequests)[Method]>;
/** A request after validation: defaults filled in, Session IDs canonical. */
export type ValidClientRequest<Method extends ClientMethod> = z.output<(typeof clientRequests)[Method]>;

/** What a bulk action on message requests did. */
export interface BulkRequestResult {
  /** The requests declined or blocked. */
  readonly done: number;
  /** Named, but no longer a request (accepted, blocked or declined meanwhile): left as they are. */
  readonly skipped: number;
}

interface ClientResults {
  getStartup: StartupView;
  createAccount: { readonly account: AccountView; readonly recoveryPhrase: string };
  restoreAccount: AccountView;
  checkRecoveryPhrase: PhraseCheckView;
  unlock: StartupView;
  protectKeys: StartupView;
  revealRecoveryPhrase: { readonly recoveryPhrase: string };
  getSessionIdQr: { readonly svg: string; readonly pngBase64: string };
  readQrImage: { readonly sessionId: string };
  getNetworkStatus: NetworkView;
  getAccount: AccountView;
  updateProfile: AccountView;
  setProfilePicture: AccountView;
  removeProfilePicture: AccountView;
  getProfilePicture: ProfilePictureFileView;
  getSettings: SettingsView;
  updateSettings: SettingsView;
  getEmojiPreferences: EmojiPreferencesView;
  updateEmojiPreferences: EmojiPreferencesView;
  listConversations: { readonly conversations: readonly ConversationView[] };
  getConversation: ConversationView;
  listMessages: MessagePage;
  searchMessages: SearchPage;
  sendMessage: MessageView;
  stageAttachment: StagedFileView;
  discardAttachment: { readonly discarded: true };
  downloadAttachment: AttachmentView;
  cancelAttachment: AttachmentView;
  getAttachment: AttachmentFileView;
  setVoiceDetails: AttachmentView;
  retryMessage: MessageView;
  react: MessageView;
  deleteMessage: { readonly deleted: true };
  markRead: ConversationView;
  setTyping: { readonly sent: boolean };
  setActivity: { readonly activity: 'activeConversation' | 'foreground' | 'background' };
  setDisappearing: ConversationView;
  setMuted: ConversationView;
  acceptRequest: ConversationView;
  declineRequest: { readonly declined: true };
  block: ConversationView;
  declineRequests: BulkRequestResult;
  blockRequests: BulkRequestResult;
  declineAllRequests: BulkRequestResult;
  unblock: ConversationView;
  setNickname: { readonly conversationId: string; readonly nickname: string | null };
  setPinned: ConversationView;
  createGroup: GroupView;
  getGroup: GroupView;
  addGroupMembers: GroupView;
  removeGroupMembers: GroupView;
  updateGroup: GroupView;
  leaveGroup: { readonly left: true };
  promoteGroupMembers: GroupView;
  deleteGroup: { readonly deleted: true };
  listCommunityRooms: { readonly rooms: readonly CommunityRoomView[] };
  joinCommunity: {
    readonly conversation: ConversationView;
    readonly room: { readonly token: string; readonly name: string };
  };
  leaveCommunity: { readonly left: true };
  editMessage: MessageView;
  listReactors: CommunityReactorsView;
  pinCommunityMessage: ConversationView;
  /** `until`: when the ban ends (ms), null when it does not. */
  banCommunityMember: { readonly banned: true; readonly until: number | null };
  unbanCommunityMember: { readonly unbanned: true };
  /** `restoresAt`: when what was changed goes back (ms), null when it stays. */
  setCommunityPermissions: { readonly updated: true; readonly restoresAt: number | null };
  updateCommunityRoom: ConversationView;
  setCommunityModerator: { readonly member: string; readonly role: 'moderator' | 'admin' | 'none' };
  /** `added`: messages new here; `complete`: the room's history is here from its first message. */
  loadOlderCommunityMessages: { readonly added: number; readonly complete: boolean };
  messageCommunityMember: ConversationView;
  getUpdateStatus: UpdateView;
  checkForUpdates: UpdateView;
  downloadUpdate: UpdateView;
  installUpdate: { readonly restarting: true };
}

export type ClientResult<Method extends ClientMethod> = ClientResults[Method];

/**
 * The methods the host answers itself, before the profile holds an account as well as after:
 * onboarding and updates. The others are the engine's.
 */
export const startupMethods = [
  'getStartup',
  'createAccount',
  'restoreAccount',
  'checkRecoveryPhrase',
  'readQrImage',
  'unlock',
  'protectKeys',
  'getUpdateStatus',
  'checkForUpdates',
  'downloadUpdate',
  'installUpdate',
] as const satisfies readonly ClientMethod[];
export type EngineMethod = Exclude<ClientMethod, (typeof startupMethods)[number]>;

/** The engine's methods answered by core/community alone (communityOperations.ts). */
export const communityMethods = [
  'listCommunityRooms',
  'joinCommunity',
  'leaveCommunity',
  'editMessage',
  'listReactors',
  'pinCommunityMessage',
  'banCommunityMember',
  'unbanCommunityMember',
  'setCommunityPermissions',
  'setCommunityModerator',
  'updateCommunityRoom',
  'loadOlderCommunityMessages',
  'messageCommunityMember',
] as const satisfies readonly EngineMethod[];
export type CommunityMethod = (typeof communityMethods)[number];

/** The engine's part of ClientApi. */
export type EngineApi = Pick<ClientApi, EngineMethod>;

/** The engine as the UI sees it. */
export type ClientApi = {
  [Method in ClientMethod]: (request: ClientRequest<Method>) => Promise<ClientResult<Method>>;
};

/** What a transport answers: the value, or an error with a stable code and words for people. */
export type ClientReply<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export type { DisappearingSetting, NotificationMode, SkinTone };
