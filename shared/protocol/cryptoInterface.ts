// The one crypto interface of the engine and devnet: exactly the operations that Starling uses
// (grep `sodium.` to see every call), in libsodium's names and libsodium-wrappers' calling
// convention (fresh outputs, errors thrown), so that a call site reads the same over either
// implementation. Two implementations: wasm (libsodium-wrappers-sumo, shared/protocol/wasmCrypto.ts),
// which runs anywhere, and native (sodium-native and node:crypto, core/crypto/nativeCrypto.ts), which
// runs in Node and Electron's main process. shared/protocol/sodium.ts hands out the one a process chose.
import type { AesGcm } from './onion/hopCipher';

export type KeyPair = { publicKey: Uint8Array; privateKey: Uint8Array };

export type Crypto = {
  /** Which implementation this is, for benchmarks and logs. */
  readonly name: 'wasm' | 'native';

  readonly crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number;
  readonly crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
  readonly crypto_box_NONCEBYTES: number;
  readonly crypto_pwhash_SALTBYTES: number;
  readonly crypto_pwhash_ALG_ARGON2ID13: number;

  randombytes_buf(length: number): Uint8Array;
  /** ChaCha20 keystream from a 32-byte seed: the same bytes on every platform (group key junk). */
  randombytes_buf_deterministic(length: number, seed: Uint8Array): Uint8Array;

  /** BLAKE2b with an output of `length` bytes, keyed when `key` is given. */
  crypto_generichash(length: number, message: Uint8Array, key: Uint8Array | null): Uint8Array;
  crypto_hash_sha512(message: Uint8Array): Uint8Array;
  crypto_auth_hmacsha256(message: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_pwhash(
    keyLength: number,
    password: Uint8Array,
    salt: Uint8Array,
    opsLimit: number,
    memLimit: number,
    algorithm: number,
  ): Uint8Array;

  crypto_sign_keypair(): KeyPair;
  crypto_sign_seed_keypair(seed: Uint8Array): KeyPair;
  crypto_sign_detached(message: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  crypto_sign_ed25519_pk_to_curve25519(ed25519PublicKey: Uint8Array): Uint8Array;
  crypto_sign_ed25519_sk_to_curve25519(ed25519PrivateKey: Uint8Array): Uint8Array;

  crypto_box_keypair(): KeyPair;
  crypto_box_seed_keypair(seed: Uint8Array): KeyPair;
  crypto_box_easy(
    message: Uint8Array,
    nonce: Uint8Array,
    publicKey: Uint8Array,
    privateKey: Uint8Array,
  ): Uint8Array;
  crypto_box_seal(message: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** Throws when the box was not sealed for this key pair or was altered. */
  crypto_box_seal_open(ciphertext: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array;

  crypto_scalarmult(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  crypto_scalarmult_base(privateKey: Uint8Array): Uint8Array;

  /** XChaCha20-Poly1305; the secret nonce is always null (libsodium's API keeps a slot for it). */
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    message: Uint8Array,
    additionalData: Uint8Array | null,
    secretNonce: null,
    publicNonce: Uint8Array,
    key: Uint8Array,
  ): Uint8Array;
  /** Throws when the tag does not match. */
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    secretNonce: null,
    ciphertext: Uint8Array,
    additionalData: Uint8Array | null,
    publicNonce: Uint8Array,
    key: Uint8Array,
  ): Uint8Array;
  crypto_stream_chacha20_ietf_xor(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;

  // The Ed25519 scalar and point operations of blinding and subaccounts (protocol-messages.md).
  crypto_core_ed25519_scalar_reduce(sample: Uint8Array): Uint8Array;
  crypto_core_ed25519_scalar_add(x: Uint8Array, y: Uint8Array): Uint8Array;
  crypto_core_ed25519_scalar_mul(x: Uint8Array, y: Uint8Array): Uint8Array;
  crypto_core_ed25519_scalar_negate(scalar: Uint8Array): Uint8Array;
  /** Throws when the result is the identity point (libsodium refuses it). */
  crypto_scalarmult_ed25519_noclamp(scalar: Uint8Array, point: Uint8Array): Uint8Array;
  crypto_scalarmult_ed25519_base_noclamp(scalar: Uint8Array): Uint8Array;

  /** AES-256-GCM of the onion layers (protocol-network.md §5.3), which libsodium lacks in wasm. */
  readonly aesGcm: AesGcm;
};
