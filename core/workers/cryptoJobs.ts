// The work a crypto worker does (cryptoWorker.ts), as plain functions over plain data, so that the
// engine can run the very same code itself when no worker can start. Each item of a job succeeds or
// fails on its own: a message that does not open is an answer (its error code and words), not a
// failed job.
import { isMessageError } from '../../shared/protocol/messages/messageErrors';
import { decryptForRecipient, type RecipientKeys } from '../../shared/protocol/messages/sessionProtocol';

/** Opens one-to-one messages sealed to `recipient` (§2.1): the Content bytes and the verified sender. */
export interface OpenOneToOneJob {
  readonly kind: 'openOneToOne';
  readonly recipient: RecipientKeys;
  /** Each envelope's `content`: a sealed box holding the message, the sender's key and signature. */
  readonly ciphertexts: readonly Uint8Array[];
}

export type CryptoJob = OpenOneToOneJob;

export type OpenedMessage =
  | {
      readonly message: Uint8Array;
      readonly senderEd25519PublicKey: Uint8Array;
      readonly senderSessionId: string;
    }
  | { readonly error: { readonly code: string; readonly message: string } };

export type CryptoJobResult = readonly OpenedMessage[];

export async function runCryptoJob(job: CryptoJob): Promise<CryptoJobResult> {
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
