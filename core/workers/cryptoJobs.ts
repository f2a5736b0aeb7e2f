// The work a crypto worker does (cryptoWorker.ts), as plain functions over plain data, so that the
// engine can run the very same code itself when no worker can start. Each item of a job succeeds or
// fails on its own: a message that does not open is an answer (its error code and words), not a
// failed job.
import { type CheckedPost, checkCommunityPost } from '../../shared/protocol/community/communityMessage';
import { isMessageError } from '../../shared/protocol/messages/messageErrors';
import { decryptForRecipient, type RecipientKeys } from '../../shared/protocol/messages/sessionProtocol';

/** Opens one-to-one messages sealed to `recipient` (§2.1): the Content bytes and the verified sender. */
export interface OpenOneToOneJob {
  readonly kind: 'openOneToOne';
  readonly recipient: RecipientKeys;
  /** Each envelope's `content`: a sealed box holding the message, the sender's key and signature. */
  readonly ciphertexts: readonly Uint8Array[];
}

/** Checks community posts' signatures (§6.4): blinded Ed25519, or XEd25519 for a 05 sender. */
export interface CheckCommunityPostsJob {
  readonly kind: 'checkCommunityPosts';
  readonly posts: readonly CommunityPostFields[];
}

/** A post's fields as the server gave them (base64 data and signature), not yet trusted. */
export interface CommunityPostFields {
  readonly session_id?: unknown;
  readonly data?: unknown;
  readonly signature?: unknown;
}

export type CryptoJob = OpenOneToOneJob | CheckCommunityPostsJob;

export type OpenedMessage =
  | {
      readonly message: Uint8Array;
      readonly senderEd25519PublicKey: Uint8Array;
      readonly senderSessionId: string;
    }
  | { readonly error: { readonly code: string; readonly message: string } };

export type CryptoJobResult = readonly OpenedMessage[] | readonly CheckedPost[];

export function runCryptoJob(job: CryptoJob): Promise<CryptoJobResult> {
  return job.kind === 'checkCommunityPosts' ? checkCommunityPosts(job) : openOneToOne(job);
}

export async function openOneToOne(job: OpenOneToOneJob): Promise<readonly OpenedMessage[]> {
  const opened: OpenedMessage[] = [];
  for (const ciphertext of job.ciphertexts) {
    try {
      opened.push(await decryptForRecipient(ciphertext, job.recipient));
    } catch (error) {
      if (!isMessageError(error)) throw error;
      opened.push({ error: { code: error.code, message: error.message } });
    }
  }
  return opened;
}

export async function checkCommunityPosts(job: CheckCommunityPostsJob): Promise<readonly CheckedPost[]> {
  const checked: CheckedPost[] = [];
  for (const post of job.posts) checked.push(await checkCommunityPost(post));
  return checked;
}
