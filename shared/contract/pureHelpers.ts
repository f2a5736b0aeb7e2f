// Pure helpers of shared/protocol that the UI may run itself (design.md: the renderer imports
// shared/contract "and pure helpers"): checking a Session ID as it is typed, and reading one from a
// camera frame, without a round trip to the engine per keystroke or per frame.
export { abbreviateSessionId, checkSessionId, type SessionIdCheck } from '../protocol/identity/sessionId';
export { readSessionIdFromPixels, type RgbaImage, SessionIdQrError } from '../protocol/identity/sessionIdQr';
export { conversationKindOf, isGroupId } from '../protocol/identity/conversationId';
export {
  mentionOf,
  mentions,
  showMentions,
  splitMentions,
  type TextPiece,
} from '../protocol/messages/mentions';
export { fromBase64, toBase64 } from '../protocol/base64';
export { maximumAttachmentBytes } from '../protocol/attachments/attachmentPadding';
export { isRenderedType } from '../protocol/attachments/contentSniffing';
export { attachmentSummary } from '../protocol/attachments/attachmentSummary';
export { checkCommunityLink, type CommunityLinkCheck } from '../protocol/community/communityLink';
export {
  linkConfirmation,
  type LinkConfirmation,
  type LinkPiece,
  splitLinks,
} from '../protocol/messages/links';
