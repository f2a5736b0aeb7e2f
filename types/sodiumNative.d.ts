// sodium-native 5 ships no typings (and @types/sodium-native describes its 2.x API), so this declares
// the operations core/crypto/nativeCrypto.ts calls, in the package's convention: outputs first,
// written in place; failures thrown, except verify and open, which answer a boolean.
declare module 'sodium-native' {
  type Bytes = Uint8Array;

  export const crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
  export const crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number;
  export const crypto_box_NONCEBYTES: number;
  export const crypto_pwhash_SALTBYTES: number;
  export const crypto_pwhash_ALG_ARGON2ID13: number;
  export const crypto_box_SEALBYTES: number;
  export const crypto_box_MACBYTES: number;
  export const crypto_box_PUBLICKEYBYTES: number;
  export const crypto_box_SECRETKEYBYTES: number;
  export const crypto_sign_BYTES: number;
  export const crypto_sign_PUBLICKEYBYTES: number;
  export const crypto_sign_SECRETKEYBYTES: number;
  export const crypto_hash_sha512_BYTES: number;
  export const crypto_scalarmult_BYTES: number;
  export const crypto_core_ed25519_SCALARBYTES: number;
  export const crypto_core_ed25519_BYTES: number;
  export const crypto_generichash_BYTES_MIN: number;
  export const crypto_generichash_KEYBYTES_MIN: number;

  export function randombytes_buf(output: Bytes): void;
  export function randombytes_buf_deterministic(output: Bytes, seed: Bytes): void;
  /** Refuses a key or an output shorter than 16 bytes (libsodium itself takes 1 to 64). */
  export function crypto_generichash(output: Bytes, input: Bytes, key?: Bytes): void;
  export function crypto_hash_sha512(output: Bytes, input: Bytes): void;
  export function crypto_pwhash(
    output: Bytes,
    password: Bytes,
    salt: Bytes,
    opsLimit: number,
    memLimit: number,
    algorithm: number,
  ): void;
  export function crypto_sign_keypair(publicKey: Bytes, secretKey: Bytes): void;
  export function crypto_sign_seed_keypair(publicKey: Bytes, secretKey: Bytes, seed: Bytes): void;
  export function crypto_sign_detached(signature: Bytes, message: Bytes, secretKey: Bytes): void;
  export function crypto_sign_verify_detached(signature: Bytes, message: Bytes, publicKey: Bytes): boolean;
  export function crypto_sign_ed25519_pk_to_curve25519(x25519PublicKey: Bytes, ed25519PublicKey: Bytes): void;
  export function crypto_sign_ed25519_sk_to_curve25519(x25519SecretKey: Bytes, ed25519SecretKey: Bytes): void;
  export function crypto_box_keypair(publicKey: Bytes, secretKey: Bytes): void;
  export function crypto_box_seed_keypair(publicKey: Bytes, secretKey: Bytes, seed: Bytes): void;
  export function crypto_box_easy(
    ciphertext: Bytes,
    message: Bytes,
    nonce: Bytes,
    publicKey: Bytes,
    secretKey: Bytes,
  ): void;
  export function crypto_box_seal(ciphertext: Bytes, message: Bytes, publicKey: Bytes): void;
  export function crypto_box_seal_open(
    message: Bytes,
    ciphertext: Bytes,
    publicKey: Bytes,
    secretKey: Bytes,
  ): boolean;
  export function crypto_scalarmult(output: Bytes, secretKey: Bytes, publicKey: Bytes): void;
  export function crypto_scalarmult_base(output: Bytes, secretKey: Bytes): void;
  /** Answers the ciphertext's length. */
  export function crypto_aead_xchacha20poly1305_ietf_encrypt(
    ciphertext: Bytes,
    message: Bytes,
    additionalData: Bytes | null,
    secretNonce: null,
    publicNonce: Bytes,
    key: Bytes,
  ): number;
  /** Answers the message's length; throws when the tag does not match. */
  export function crypto_aead_xchacha20poly1305_ietf_decrypt(
    message: Bytes,
    secretNonce: null,
    ciphertext: Bytes,
    additionalData: Bytes | null,
    publicNonce: Bytes,
    key: Bytes,
  ): number;
  export function crypto_stream_chacha20_ietf_xor(
    output: Bytes,
    message: Bytes,
    nonce: Bytes,
    key: Bytes,
  ): void;
  export function crypto_core_ed25519_scalar_reduce(output: Bytes, sample: Bytes): void;
  export function crypto_core_ed25519_scalar_add(output: Bytes, x: Bytes, y: Bytes): void;
  export function crypto_core_ed25519_scalar_negate(output: Bytes, scalar: Bytes): void;
  export function crypto_scalarmult_ed25519_noclamp(output: Bytes, scalar: Bytes, point: Bytes): void;
  export function crypto_scalarmult_ed25519_base_noclamp(output: Bytes, scalar: Bytes): void;
}
