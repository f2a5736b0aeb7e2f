// The authentication fields of a `retrieve` by a `05` account (protocol-network.md §4.2, §4.6):
// its Ed25519 key (which the node converts and compares with the Session ID) and a signature over
// "retrieve" ‖ namespace ‖ timestamp, made at network time.
import { toHex } from '../bytes';
import { signRequest } from './requestSignature';
import { retrieveSignatureMessage } from './signatureMessages';

export interface RetrieveAccount {
  readonly sessionId: string;
  readonly ed25519PublicKey: Uint8Array;
  readonly ed25519SecretKey: Uint8Array;
}

export async function retrieveAuthentication(
  account: RetrieveAccount,
  namespace: number,
  timestamp: number,
): Promise<{
  pubkey: string;
  pubkey_ed25519: string;
  namespace: number;
  timestamp: number;
  signature: string;
}> {
  return {
    pubkey: account.sessionId,
    pubkey_ed25519: toHex(account.ed25519PublicKey),
    namespace,
    timestamp,
    signature: await signRequest(
      retrieveSignatureMessage({ namespace, timestamp }),
      account.ed25519SecretKey,
    ),
  };
}
