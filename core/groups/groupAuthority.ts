// Who we are in a group's swarm (protocol-config-groups.md §6.6): an admin signs with the group's
// key; a member signs as the subaccount its invite granted, which the swarm accepts until an admin
// revokes it (and, in namespace −11, even after, so the removed still read their notice).
import { signAsSubaccount } from '../../shared/protocol/groups/subaccount';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { groupAdminAuthority, type SwarmAuthority } from '../network/swarmAuthority';

export function groupMemberAuthority(
  groupId: string,
  authData: Uint8Array,
  keys: IdentityKeys,
): SwarmAuthority {
  return {
    pubkey: groupId,
    authenticate: async (signed) => ({
      ...(await signAsSubaccount({
        message: signed,
        authData,
        memberEd25519SecretKey: keys.ed25519SecretKey,
      })),
    }),
  };
}

/** Our authority in a group: the admin's when we hold its secret key, else the member's. */
export function groupAuthority(
  groupId: string,
  group: { readonly adminSecretKey: Uint8Array | undefined; readonly authData: Uint8Array | null },
  keys: IdentityKeys,
): SwarmAuthority | undefined {
  if (group.adminSecretKey) return groupAdminAuthority(groupId, group.adminSecretKey);
  return group.authData ? groupMemberAuthority(groupId, group.authData, keys) : undefined;
}
