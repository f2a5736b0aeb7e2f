// The file server's keys (protocol-messages.md §5.2): an Ed25519 key, whose public half clients
// put in attachment URLs as `#p=<hex>`, and the X25519 key onion requests are encrypted for, which
// is its Ed→Curve25519 conversion, since desktop derives the X25519 key from `p`.
import { fromHex, toHex } from '../../shared/protocol/bytes';
import type { X25519KeyPair } from '../../shared/protocol/onion/hopKeys';
import { loadSodium } from '../../shared/protocol/sodium';

export interface FileServerKeys {
  readonly ed25519PublicKey: string;
  readonly x25519PublicKey: string;
  readonly x25519: X25519KeyPair;
}

export async function fileServerKeys(ed25519SeedHex: string): Promise<FileServerKeys> {
  const sodium = await loadSodium();
  const signing = sodium.crypto_sign_seed_keypair(fromHex(ed25519SeedHex));
  const x25519: X25519KeyPair = {
    publicKey: sodium.crypto_sign_ed25519_pk_to_curve25519(signing.publicKey),
    secretKey: sodium.crypto_sign_ed25519_sk_to_curve25519(signing.privateKey),
  };
  return {
    ed25519PublicKey: toHex(signing.publicKey),
    x25519PublicKey: toHex(x25519.publicKey),
    x25519,
  };
}
