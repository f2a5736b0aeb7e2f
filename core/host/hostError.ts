// The host's own refusals, in words: a call that the profile's state does not allow yet (or any more).
import { StarlingError } from '../../shared/errors';

export type HostErrorCode = 'noAccount' | 'accountExists' | 'closed' | 'locked' | 'notLocked';

export class HostError extends StarlingError<HostErrorCode> {}
