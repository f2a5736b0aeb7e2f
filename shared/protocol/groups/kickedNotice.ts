// The kicked notice an admin stores to the group's ns −11 (protocol-config-groups.md §6.7): for each
// removed member, `X ‖ ascii(decimal generation)` encrypted to that member alone with the simple
// multi-recipient container, sender = the group key converted to X25519, domain
// "SessionGroupKickedMessage". −11 stays retrievable with a revoked subaccount, so the removed member
// can still read it.
import { bytesEqual, concatBytes, fromHex, utf8Encode } from '../bytes';
import { isSessionId } from '../identity/sessionId';
import { GroupKeysError } from './groupKeysError';
import { decryptForMultipleSimpleEd25519, encryptForMultipleSimpleEd25519 } from './multiEncryptSimple';

export const kickedNoticeDomain = 'SessionGroupKickedMessage';
/** §6.7 step 3: desktop stores the notice with the config TTL. */
export const kickedNoticeTtlMs = 30 * 24 * 60 * 60 * 1000;

const x25519Bytes = 32;
/** A generation as decimal text: more digits than a safe integer has are not a generation. */
const maxGenerationDigits = 15;

export interface KickedNoticeInput {
  readonly groupEd25519SecretKey: Uint8Array;
  readonly removedSessionIds: readonly string[];
  /** The group's current generation (§6.7 step 1). */
  readonly generation: number;
  /** Random when left out; fixed only for tests. */
  readonly nonce?: Uint8Array;
}

export type KickedNoticeResult =
  { readonly kicked: true; readonly generation: number } | { readonly kicked: false };

export interface KickedNoticeReader {
  readonly groupEd25519PublicKey: Uint8Array;
  readonly ownEd25519SecretKey: Uint8Array;
  readonly ownSessionId: string;
  readonly currentGeneration: number;
}

function x25519FromSessionId(sessionId: string): Uint8Array {
  if (!isSessionId(sessionId)) {
    throw new GroupKeysError(
      'invalidInput',
      'A removed member must be a 05 Session ID of 66 lowercase hex digits.',
    );
  }
  return fromHex(sessionId.slice(2));
}

function checkGeneration(generation: number): void {
  if (!Number.isSafeInteger(generation) || generation < 0) {
    throw new GroupKeysError('invalidInput', `A key generation is a whole number ≥ 0, not ${generation}.`);
  }
}

export async function buildKickedNotice(input: KickedNoticeInput): Promise<Uint8Array> {
  checkGeneration(input.generation);
  if (input.removedSessionIds.length === 0) {
    throw new GroupKeysError('invalidInput', 'A kicked notice names at least one removed member.');
  }
  const recipients = input.removedSessionIds.map(x25519FromSessionId);
  const generationText = utf8Encode(String(input.generation));
  return encryptForMultipleSimpleEd25519({
    messages: recipients.map((recipient) => concatBytes(recipient, generationText)),
    recipients,
    senderEd25519SecretKey: input.groupEd25519SecretKey,
    domain: kickedNoticeDomain,
    nonce: input.nonce,
  });
}

function parseGeneration(digits: Uint8Array): number | undefined {
  if (digits.length === 0 || digits.length > maxGenerationDigits) return undefined;
  let generation = 0;
  for (const byte of digits) {
    if (byte < 0x30 || byte > 0x39) return undefined;
    generation = generation * 10 + (byte - 0x30);
  }
  return generation;
}

/**
 * Whether a −11 message tells us we were removed. Anything that does not open for us, names someone
 * else, or carries an older generation than ours (a notice from before we were re-added) is
 * `{ kicked: false }`: the swarm keeps old notices for 30 days.
 */
export async function readKickedNotice(
  data: Uint8Array,
  reader: KickedNoticeReader,
): Promise<KickedNoticeResult> {
  if (!isSessionId(reader.ownSessionId)) {
    throw new GroupKeysError('invalidInput', 'Our own Session ID is not a 05 Session ID.');
  }
  const plaintext = await decryptForMultipleSimpleEd25519({
    encoded: data,
    recipientEd25519SecretKey: reader.ownEd25519SecretKey,
    senderEd25519PublicKey: reader.groupEd25519PublicKey,
    domain: kickedNoticeDomain,
  });
  if (plaintext === undefined || plaintext.length <= x25519Bytes) return { kicked: false };
  // §6.7 member side: the first 32 bytes must be our own X25519 key.
  if (!bytesEqual(plaintext.subarray(0, x25519Bytes), fromHex(reader.ownSessionId.slice(2)))) {
    return { kicked: false };
  }
  const generation = parseGeneration(plaintext.subarray(x25519Bytes));
  if (generation === undefined || generation < reader.currentGeneration) return { kicked: false };
  return { kicked: true, generation };
}
