// The errors of messaging's ClientApi calls, each with a stable code and words for people.
import { StarlingError } from '../../shared/errors';

export type MessengerErrorCode =
  | 'conversationMissing'
  | 'messageMissing'
  | 'blocked'
  | 'notAuthor'
  | 'notARequest'
  | 'nothingToRetry'
  | 'messageTooLong'
  | 'muteInPast'
  | 'notInGroup'
  | 'groupNotReady'
  | 'notGroupAdmin'
  | 'groupTooLarge'
  | 'fileTooLarge'
  | 'fileMissing'
  | 'pictureRefused'
  | 'pictureNotUploaded'
  | 'communityRequestsRefused';

export class MessengerError extends StarlingError<MessengerErrorCode> {}
