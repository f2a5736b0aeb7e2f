// Who signs the requests to a swarm (protocol-network.md §4.2). A `05` account signs with its own
// Ed25519 key and names it in `pubkey_ed25519`; a `03` group's admin signs with the group's key,
// which is the swarm's own pubkey, so nothing more is sent; a group member signs as a subaccount
// the admin granted (protocol-config-groups.md §6.6). Requests are built the same way for all three:
// the signed string of §4.6, then these fields.
import { toHex } from '../../shared/protocol/bytes';
import { signRequest } from '../../shared/protocol/storage/requestSignature';

export interface SwarmAuthority {
  /** The swarm's owner: a `05…` Session ID or a `03…` group ID. */
  readonly pubkey: string;
  /** The authentication fields of a request whose signed string (§4.6) is `signed`. */
  authenticate(signed: Uint8Array): Promise<Readonly<Record<string, string>>>;
}

export interface AccountSigningKeys {
  readonly sessionId: string;
  readonly ed25519PublicKey: Uint8Array;
  readonly ed25519SecretKey: Uint8Array;
}

/** The account itself, for its own swarm. */
export function accountAuthority(keys: AccountSigningKeys): SwarmAuthority {
  const ed25519PublicKey = toHex(keys.ed25519PublicKey);
  return {
    pubkey: keys.sessionId,
    authenticate: async (signed) => ({
      pubkey_ed25519: ed25519PublicKey,
      signature: await signRequest(signed, keys.ed25519SecretKey),
    }),
  };
}

/** A group's admin: the group's 64-byte Ed25519 secret key signs, and §4.2 forbids `pubkey_ed25519`. */
export function groupAdminAuthority(groupId: string, groupEd25519SecretKey: Uint8Array): SwarmAuthority {
  return {
    pubkey: groupId,
    authenticate: async (signed) => ({ signature: await signRequest(signed, groupEd25519SecretKey) }),
  };
}

/** A request's params with the authority's pubkey and authentication. */
export async function authenticatedParams(
  authority: SwarmAuthority,
  params: Readonly<Record<string, unknown>>,
  signed: Uint8Array,
): Promise<Record<string, unknown>> {
  return { pubkey: authority.pubkey, ...params, ...(await authority.authenticate(signed)) };
}
