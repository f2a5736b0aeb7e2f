// Who may do what to an account (protocol-network.md §4.2): an Ed25519 signature by the account key
// (for a 05 Session ID, the `pubkey_ed25519` that converts to it) or by a groups v2 subaccount whose
// token the account key signed. Malformed credentials are 400s when parsed; a signature that does not
// verify is a 401 when run.
import { bytesEqual, fromHex, isHex } from '../../shared/protocol/bytes';
import { loadSodium } from '../../shared/protocol/sodium';
import {
  decodeRequestSignature,
  verifyRequestSignature,
} from '../../shared/protocol/storage/requestSignature';
import { invalidRequest, RpcError } from './rpcReplies';
import { field, type Owner, type Params, parseSubaccountToken, readString } from './rpcParams';
import type { NodeContext } from './rpcTypes';

/** §4.2: the flags byte of a subaccount token. */
export const subaccountFlags = { read: 1, write: 2, delete: 4, anyPrefix: 8 } as const;

const sessionIdPrefix = 0x05;

export interface SubaccountCredentials {
  /** `[prefix][flags][0][0][Ed25519 key]`, 36 bytes. */
  readonly token: Uint8Array;
  /** The account key's signature of the token (base64, checked for form). */
  readonly signature: string;
}

export interface Credentials {
  /** The request signature (base64, checked for form); undefined when not sent. */
  readonly signature: string | undefined;
  readonly ed25519PublicKey: Uint8Array | undefined;
  readonly subaccount: SubaccountCredentials | undefined;
}

/** The fields of authentication, signed timestamp included: retrieve enforces auth when any is sent (§4.6). */
const authenticationFields = ['signature', 'pubkey_ed25519', 'subaccount', 'subaccount_sig', 'timestamp'];

function readSignature(params: Params, name: string, what: string): string | undefined {
  const signature = readString(params, name);
  if (signature === undefined) return undefined;
  try {
    decodeRequestSignature(signature);
  } catch {
    // §4.2: base64 of 86 or 88 characters only; a hex signature is refused.
    throw invalidRequest(`invalid ${what}: expected base64 encoded Ed25519 signature`);
  }
  return signature;
}

function readEd25519PublicKey(params: Params, owner: Owner): Uint8Array | undefined {
  const text = readString(params, 'pubkey_ed25519');
  if (text === undefined) return undefined;
  // §4.2: only a Session ID (X25519) needs it; a group key is its own Ed25519 key.
  if (owner.prefix !== sessionIdPrefix) {
    throw invalidRequest('pubkey_ed25519 is only permitted for 05[...] pubkeys');
  }
  if (text.length !== 64 || !isHex(text)) {
    throw invalidRequest('Invalid pubkey_ed25519: expected 64 hex characters');
  }
  return fromHex(text);
}

function readSubaccount(params: Params): SubaccountCredentials | undefined {
  const token = readString(params, 'subaccount');
  if (token === undefined || token === '') return undefined;
  const signature = readSignature(params, 'subaccount_sig', 'subaccount signature');
  if (signature === undefined) {
    throw invalidRequest('invalid subaccount: subaccount_sig is required when using subaccount');
  }
  return { token: parseSubaccountToken(token, 'subaccount'), signature };
}

/**
 * The authentication fields of a request, checked for form. `subaccounts: false` for the methods that
 * only the account key may use ((un)revoke_subaccount), which ignore the subaccount fields.
 */
export function readCredentials(params: Params, owner: Owner, subaccounts = true): Credentials {
  return {
    signature: readSignature(params, 'signature', 'signature'),
    ed25519PublicKey: readEd25519PublicKey(params, owner),
    subaccount: subaccounts ? readSubaccount(params) : undefined,
  };
}

/** Whether a request sent any authentication field at all. */
export function hasAuthenticationFields(params: Params): boolean {
  return authenticationFields.some((name) => field(params, name) !== undefined);
}

export interface AuthRequirement {
  /** The subaccount flags the action needs (§4.2), e.g. write | delete. */
  readonly flags: number;
  /** False in the "unrevocable" namespaces, where a revoked subaccount may still read (§4.2). */
  readonly checkRevocation: boolean;
}

export interface Authenticated {
  /** The flags of the subaccount that signed, or undefined when the account key signed. */
  readonly subaccountFlags: number | undefined;
}

/** The key that speaks for the account: `pubkey_ed25519` once it is shown to match a 05 ID. */
async function accountKey(owner: Owner, credentials: Credentials): Promise<Uint8Array | string> {
  if (credentials.ed25519PublicKey === undefined) return owner.key;
  const sodium = await loadSodium();
  let converted: Uint8Array;
  try {
    converted = sodium.crypto_sign_ed25519_pk_to_curve25519(credentials.ed25519PublicKey);
  } catch {
    return 'pubkey_ed25519 is not a valid Ed25519 key';
  }
  return bytesEqual(converted, owner.key)
    ? credentials.ed25519PublicKey
    : 'pubkey_ed25519 does not belong to this pubkey';
}

async function subaccountKey(
  context: NodeContext,
  owner: Owner,
  account: Uint8Array,
  subaccount: SubaccountCredentials,
  requirement: AuthRequirement,
): Promise<Uint8Array | string> {
  const { token } = subaccount;
  const flags = token[1]!;
  if (token[0] !== owner.prefix && (flags & subaccountFlags.anyPrefix) === 0) {
    return 'the subaccount token is for another kind of account';
  }
  if ((flags & requirement.flags) !== requirement.flags) {
    return 'the subaccount token does not grant this access';
  }
  if (!(await verifyRequestSignature(token, subaccount.signature, account))) {
    return 'subaccount_sig is not the account’s signature of the token';
  }
  if (requirement.checkRevocation && context.store.isSubaccountRevoked(owner.hex, token)) {
    return 'the subaccount token was revoked';
  }
  return token.subarray(4);
}

/**
 * Checks that `signature` signs `message` for the account, directly or through a subaccount with the
 * required flags (§4.2). Refuses with 401, naming the method and the reason.
 */
export async function authenticate(
  context: NodeContext,
  method: string,
  owner: Owner,
  credentials: Credentials,
  message: Uint8Array,
  requirement: AuthRequirement,
): Promise<Authenticated> {
  const refuse = (reason: string): RpcError =>
    new RpcError(401, `${method} signature verification failed: ${reason}`);
  if (credentials.signature === undefined) {
    throw new RpcError(401, `${method}: request signature required`);
  }
  const account = await accountKey(owner, credentials);
  if (typeof account === 'string') throw refuse(account);
  let signer = account;
  const { subaccount } = credentials;
  if (subaccount !== undefined) {
    const key = await subaccountKey(context, owner, account, subaccount, requirement);
    if (typeof key === 'string') throw refuse(key);
    signer = key;
  }
  if (!(await verifyRequestSignature(message, credentials.signature, signer))) {
    throw refuse(
      owner.prefix === sessionIdPrefix && credentials.ed25519PublicKey === undefined
        ? 'a 05 pubkey must send pubkey_ed25519'
        : 'the signature does not match',
    );
  }
  return { subaccountFlags: subaccount === undefined ? undefined : subaccount.token[1]! };
}
