// The hash that names a stored message (protocol-network.md §4.5). Clients and servers compute it
// independently: it is the `last_hash` of polling, the key of delete and expire, and what
// de-duplicates a message fetched from two nodes, so every byte of the recipe matters.
import { toBase64Unpadded } from '../base64';
import { concatBytes, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { namespaceText } from './namespaces';
import { pubkeyBytes } from './pubkey';

/** Always 43 characters: 32 bytes in unpadded base64. */
export const messageHashLength = 43;

export interface MessageHashInput {
  /** The storage pubkey, prefix included (§4.2). */
  readonly pubkey: string | Uint8Array;
  readonly namespace: number;
  /** The raw message bytes (what `data` carries in base64). */
  readonly data: Uint8Array;
}

/**
 * base64-nopad(BLAKE2b-256(prefix ‖ key32 ‖ ns ‖ data)), with ns "" for 0, else decimal (§4.5).
 * Since HF19.3 neither timestamp nor expiry is hashed, so re-storing the same data gives the same hash.
 */
export async function messageHash(input: MessageHashInput): Promise<string> {
  const sodium = await loadSodium();
  const hashed = concatBytes(
    pubkeyBytes(input.pubkey),
    utf8Encode(namespaceText(input.namespace)),
    input.data,
  );
  return toBase64Unpadded(sodium.crypto_generichash(32, hashed, null));
}
