// The open group server's identity (protocol-messages.md §6.1): one 32-byte X25519 private key, whose
// public half is the `public_key` of join URLs, the key onion requests are encrypted for, and the
// server key of every request signature and of 15-blinding. pysogs also uses the same 32 bytes as an
// Ed25519 seed for what the server itself signs.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHex, isHex, toHex } from '../../shared/protocol/bytes';
import type { X25519KeyPair } from '../../shared/protocol/onion/hopKeys';
import { loadSodium } from '../../shared/protocol/sodium';

export interface CommunityServerKeys {
  /** 64 hex: the X25519 public key, as in `?public_key=`. */
  readonly publicKeyHex: string;
  readonly x25519: X25519KeyPair;
  /** The Ed25519 key pair of the same 32 bytes taken as a seed. */
  readonly ed25519: { readonly publicKey: Uint8Array; readonly secretKey: Uint8Array };
}

export async function communityServerKeys(secretKey: Uint8Array): Promise<CommunityServerKeys> {
  if (secretKey.length !== 32) throw new RangeError('The server key is 32 bytes.');
  const sodium = await loadSodium();
  const publicKey = sodium.crypto_scalarmult_base(secretKey);
  const signing = sodium.crypto_sign_seed_keypair(secretKey);
  return {
    publicKeyHex: toHex(publicKey),
    x25519: { publicKey, secretKey: Uint8Array.from(secretKey) },
    ed25519: { publicKey: signing.publicKey, secretKey: signing.privateKey },
  };
}

const keyFileName = 'key';

/** DIR/key (64 hex), made on first start and kept, so the server keeps its URL across restarts. */
export async function loadOrCreateServerKeys(directory: string): Promise<CommunityServerKeys> {
  const file = path.join(directory, keyFileName);
  let text: string | undefined;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    if (text.length !== 64 || !isHex(text)) throw new Error(`${file} does not hold a 32-byte hex key.`);
    return communityServerKeys(fromHex(text));
  }
  const secret = randomBytes(32);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await writeFile(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return communityServerKeys(new Uint8Array(secret));
}
