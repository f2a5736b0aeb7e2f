// Admin signatures of groups v2 control messages (protocol-config-groups.md §6.8): Ed25519 by the
// group's key over a UTF-8 string naming the action and the message's sent time, so that a member
// cannot forge an invite or a removal, and a signed message cannot be replayed at another time
// (receivers check the time against Envelope.timestamp).
import { StarlingError } from '../../errors';
import { utf8Encode } from '../bytes';
import { SessionProtos } from '../messages/codec';
import { loadSodium } from '../sodium';

export type InfoChangeType = SessionProtos.GroupUpdateInfoChangeMessage.Type;
export type MemberChangeType = SessionProtos.GroupUpdateMemberChangeMessage.Type;

/** What an admin signs; `sentAt` is the Envelope.timestamp in ms. */
export type AdminSignedAction =
  | { readonly kind: 'invite'; readonly inviteeSessionId: string; readonly sentAt: number }
  | { readonly kind: 'infoChange'; readonly type: InfoChangeType; readonly sentAt: number }
  | { readonly kind: 'memberChange'; readonly type: MemberChangeType; readonly sentAt: number }
  | {
      readonly kind: 'deleteContent';
      readonly sentAt: number;
      readonly memberSessionIds: readonly string[];
      readonly messageHashes: readonly string[];
    };

export type AdminSignatureErrorCode = 'invalidAdminAction';

const signatureLength = 64;

function checkSentAt(sentAt: number): string {
  if (!Number.isSafeInteger(sentAt) || sentAt < 0) {
    throw new StarlingError<AdminSignatureErrorCode>(
      'invalidAdminAction',
      'An admin signature covers the message’s sent time, a whole number of milliseconds.',
    );
  }
  // §6.8: decimal ms.
  return String(sentAt);
}

/** §6.8's signed strings; the enum types as their decimal numbers (e.g. "MEMBER_CHANGE1…"). */
export function adminSignatureText(action: AdminSignedAction): string {
  const sentAt = checkSentAt(action.sentAt);
  switch (action.kind) {
    case 'invite':
      return `INVITE${action.inviteeSessionId}${sentAt}`;
    case 'infoChange':
      return `INFO_CHANGE${action.type}${sentAt}`;
    case 'memberChange':
      return `MEMBER_CHANGE${action.type}${sentAt}`;
    case 'deleteContent':
      return `DELETE_CONTENT${sentAt}${action.memberSessionIds.join('')}${action.messageHashes.join('')}`;
  }
}

/** Signs with the group's 64-byte Ed25519 secret key (admins hold it, §6.1). */
export async function signAdminAction(
  action: AdminSignedAction,
  groupEd25519SecretKey: Uint8Array,
): Promise<Uint8Array> {
  if (groupEd25519SecretKey.length !== 64) {
    throw new StarlingError<AdminSignatureErrorCode>(
      'invalidAdminAction',
      `The group's Ed25519 secret key must be 64 bytes, not ${groupEd25519SecretKey.length}.`,
    );
  }
  const sodium = await loadSodium();
  return sodium.crypto_sign_detached(utf8Encode(adminSignatureText(action)), groupEd25519SecretKey);
}

/** Whether the group's key signed this action; false for malformed signatures and keys too. */
export async function verifyAdminSignature(
  action: AdminSignedAction,
  signature: Uint8Array,
  groupEd25519PublicKey: Uint8Array,
): Promise<boolean> {
  if (signature.length !== signatureLength || groupEd25519PublicKey.length !== 32) return false;
  if (!Number.isSafeInteger(action.sentAt) || action.sentAt < 0) return false;
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_verify_detached(
      signature,
      utf8Encode(adminSignatureText(action)),
      groupEd25519PublicKey,
    );
  } catch {
    // libsodium throws rather than answering false for some invalid keys.
    return false;
  }
}
