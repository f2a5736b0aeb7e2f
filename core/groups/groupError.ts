// The errors of the group calls of ClientApi, each with a stable code (the command line exits 8 for
// them) and words for people.
import { StarlingError } from '../../shared/errors';

export type GroupErrorCode =
  'notInGroup' | 'notGroupAdmin' | 'groupTooLarge' | 'notAMember' | 'notAnInvite' | 'unsupportedInGroups';

export class GroupError extends StarlingError<GroupErrorCode> {}
