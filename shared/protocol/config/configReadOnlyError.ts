// A config that can verify but not sign (a group member's Info or Members, protocol-config-groups.md
// §3 step 4, §9 "keeping the admin and member code paths separate") cannot be edited: an unsigned
// message would be refused by every other client, and only admins may push these configs.
import { StarlingError } from '../../errors';

export class ConfigReadOnlyError extends StarlingError<'configReadOnly'> {
  constructor(message = 'Only a group admin can change this group config.') {
    super('configReadOnly', message);
    this.name = 'ConfigReadOnlyError';
  }
}

export function isConfigReadOnlyError(value: unknown): value is ConfigReadOnlyError {
  return value instanceof ConfigReadOnlyError;
}
