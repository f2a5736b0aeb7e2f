// Opening a parsed Keys message (protocol-config-groups.md §6.2 "Loading a key message", Decryption):
// admins open `K` with seed_hash("SessionGroupKeyAdminKey"); members compute their one member key
// BLAKE2b-256(key "SessionGroupKeyMemberKey", X25519(x, gX) ‖ gX ‖ X) and try every entry. A
// supplement opens to the list {g, k, t}; admins take nothing from supplements (they hold every key).
import { BtReader, isBtDict, isBtList, type BtValue } from '../config/bencode';
import { loadSodium } from '../sodium';
import { GroupKeysError } from './groupKeysError';
import { adminKeyHashKey, groupKeyBytes, memberKeyDomain, seedHash } from './keyDerivation';
import type { GroupKey, ParsedKeyMessage } from './keyMessage';
import { decryptForMultiple, x25519PublicKeyFromEd25519 } from './multiEncrypt';

export type KeyMessageOpener =
  | { readonly role: 'admin'; readonly groupSeed: Uint8Array }
  | { readonly role: 'member'; readonly x25519SecretKey: Uint8Array; readonly x25519PublicKey: Uint8Array };

function malformed(detail: string): GroupKeysError {
  return new GroupKeysError('malformed', `This group keys message is not valid: ${detail}.`);
}

function safeInteger(value: BtValue | undefined, what: string): number {
  if (typeof value !== 'bigint') throw malformed(`a supplemental key has no integer ${what}`);
  if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw malformed(`a supplemental key's ${what} is out of range`);
  }
  return Number(value);
}

/** Decodes the opened supplement: `l d 1:g i…e 1:k 32:… 1:t i…e e … e` (extra keys are ignored, as LS). */
export function decodeSupplementKeys(plaintext: Uint8Array): GroupKey[] {
  let list: BtValue;
  try {
    const reader = new BtReader(plaintext, { maxDepth: 4 });
    list = reader.readValue();
    if (!reader.atEnd) throw malformed('bytes follow the supplemental key list');
  } catch (error) {
    if (error instanceof GroupKeysError) throw error;
    throw malformed(error instanceof Error ? error.message : 'unreadable supplemental key list');
  }
  if (!isBtList(list)) throw malformed('the supplemental key list is not a list');
  return list.map((item) => {
    if (!isBtDict(item)) throw malformed('a supplemental key is not a dict');
    const key = item.get('k');
    if (!(key instanceof Uint8Array) || key.length !== groupKeyBytes) {
      throw malformed('a supplemental key is not 32 bytes');
    }
    return {
      generation: safeInteger(item.get('g'), 'generation'),
      key,
      timestampMs: safeInteger(item.get('t'), 'timestamp'),
    };
  });
}

/**
 * The keys this message gives us (empty when it holds nothing for us). `timestampMs` is the swarm
 * timestamp of the message: a full message's key takes it, a supplement's keys keep their own `t`.
 * An admin whose seed does not open `K` gets a GroupKeysError ('undecryptable'), as in LS.
 */
export async function openKeyMessage(
  parsed: ParsedKeyMessage,
  opener: KeyMessageOpener,
  groupEd25519PublicKey: Uint8Array,
  timestampMs: number,
): Promise<GroupKey[]> {
  if (opener.role === 'admin') {
    if (parsed.kind === 'supplement') return [];
    const sodium = await loadSodium();
    try {
      const key = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        null,
        parsed.adminKey,
        null,
        parsed.nonce,
        seedHash(opener.groupSeed, adminKeyHashKey),
      );
      return [{ generation: parsed.generation, key, timestampMs }];
    } catch {
      throw new GroupKeysError(
        'undecryptable',
        'The group seed does not open the admin key of this keys message.',
      );
    }
  }
  const groupX25519 = await x25519PublicKeyFromEd25519(groupEd25519PublicKey);
  if (groupX25519 === undefined) {
    throw new GroupKeysError('invalidInput', 'The group public key is not a valid Ed25519 key.');
  }
  const plaintext = await decryptForMultiple({
    ciphertexts: parsed.kind === 'full' ? parsed.memberKeys : parsed.entries,
    nonce: parsed.nonce,
    recipientX25519SecretKey: opener.x25519SecretKey,
    recipientX25519PublicKey: opener.x25519PublicKey,
    senderX25519PublicKey: groupX25519,
    domain: memberKeyDomain,
  });
  if (plaintext === undefined) return [];
  if (parsed.kind === 'supplement') return decodeSupplementKeys(plaintext);
  if (plaintext.length !== groupKeyBytes) throw malformed('a member key does not hold 32 bytes');
  return [{ generation: parsed.generation, key: plaintext, timestampMs }];
}
