// The native implementation of the crypto interface (shared/protocol/cryptoInterface.ts), for every
// process that runs Node: the engine (CLI, headless host, Electron's main process), devnet, tests
// and benchmarks. libsodium itself through sodium-native (N-API prebuilds inside the npm package),
// and node:crypto's OpenSSL where sodium-native has no such primitive (HMAC-SHA-256, AES-GCM) or is
// no faster (SHA-512). Two things stay on the wasm build, which the native one borrows:
// - crypto_core_ed25519_scalar_mul, which sodium-native 5.1.0 lacks: a product of two scalars (in
//   blinding, once per key and once per blinded signature), microseconds next to the signature's
//   point multiplications;
// - BLAKE2b with a key or an output of fewer than 16 bytes, which libsodium computes but
//   sodium-native refuses (it asserts crypto_generichash_KEYBYTES_MIN and _BYTES_MIN); no call site
//   asks for either today.
// The typings shim must come with this file into every program that compiles it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../types/sodiumNative.d.ts" />
import { createHash, createHmac } from 'node:crypto';
import sodium from 'sodium-native';
import type { Crypto, KeyPair } from '../../shared/protocol/cryptoInterface';
import { chooseCrypto } from '../../shared/protocol/sodium';
import { loadWasmCrypto } from '../../shared/protocol/wasmCrypto';
import { nativeAesGcm } from '../network/nativeAesGcm';
import { ownedBytes } from './ownedBytes';

let loading: Promise<Crypto> | undefined;

/** The native interface; waits for the wasm build, which lends it what sodium-native lacks. */
export function loadNativeCrypto(): Promise<Crypto> {
  loading ??= loadWasmCrypto().then(nativeCrypto);
  return loading;
}

/** sodium-native's shortest BLAKE2b key and output. */
const shortestHashKey = sodium.crypto_generichash_KEYBYTES_MIN;
const shortestHash = sodium.crypto_generichash_BYTES_MIN;

const sealedBoxOverhead = sodium.crypto_box_SEALBYTES;
const aeadTagBytes = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES;
const boxTagBytes = sodium.crypto_box_MACBYTES;
const scalarBytes = sodium.crypto_core_ed25519_SCALARBYTES;
const pointBytes = sodium.crypto_core_ed25519_BYTES;

/** Calls `write` with a fresh output of `length` bytes and answers it. */
function output(length: number, write: (into: Uint8Array) => void): Uint8Array {
  const into = new Uint8Array(length);
  write(into);
  return into;
}

function pair(
  publicLength: number,
  privateLength: number,
  write: (publicKey: Uint8Array, privateKey: Uint8Array) => void,
): KeyPair {
  const publicKey = new Uint8Array(publicLength);
  const privateKey = new Uint8Array(privateLength);
  write(publicKey, privateKey);
  return { publicKey, privateKey };
}

function nativeCrypto(wasm: Crypto): Crypto {
  return {
    name: 'native',
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
    crypto_aead_xchacha20poly1305_ietf_ABYTES: aeadTagBytes,
    crypto_box_NONCEBYTES: sodium.crypto_box_NONCEBYTES,
    crypto_pwhash_SALTBYTES: sodium.crypto_pwhash_SALTBYTES,
    crypto_pwhash_ALG_ARGON2ID13: sodium.crypto_pwhash_ALG_ARGON2ID13,

    randombytes_buf: (length) => output(length, (into) => sodium.randombytes_buf(into)),
    randombytes_buf_deterministic: (length, seed) =>
      output(length, (into) => sodium.randombytes_buf_deterministic(into, seed)),

    crypto_generichash: (length, message, key) => {
      // An empty key is no key, as in libsodium itself.
      if (key === null || key.length === 0) {
        if (length < shortestHash) return wasm.crypto_generichash(length, message, null);
        return output(length, (into) => sodium.crypto_generichash(into, message));
      }
      if (key.length < shortestHashKey || length < shortestHash) {
        return wasm.crypto_generichash(length, message, key);
      }
      return output(length, (into) => sodium.crypto_generichash(into, message, key));
    },
    crypto_hash_sha512: (message) => ownedBytes(createHash('sha512').update(message).digest()),
    crypto_auth_hmacsha256: (message, key) => ownedBytes(createHmac('sha256', key).update(message).digest()),
    crypto_pwhash: (keyLength, password, salt, opsLimit, memLimit, algorithm) =>
      output(keyLength, (into) => sodium.crypto_pwhash(into, password, salt, opsLimit, memLimit, algorithm)),

    crypto_sign_keypair: () =>
      pair(sodium.crypto_sign_PUBLICKEYBYTES, sodium.crypto_sign_SECRETKEYBYTES, (publicKey, privateKey) =>
        sodium.crypto_sign_keypair(publicKey, privateKey),
      ),
    crypto_sign_seed_keypair: (seed) =>
      pair(sodium.crypto_sign_PUBLICKEYBYTES, sodium.crypto_sign_SECRETKEYBYTES, (publicKey, privateKey) =>
        sodium.crypto_sign_seed_keypair(publicKey, privateKey, seed),
      ),
    crypto_sign_detached: (message, privateKey) =>
      output(sodium.crypto_sign_BYTES, (into) => sodium.crypto_sign_detached(into, message, privateKey)),
    crypto_sign_verify_detached: (signature, message, publicKey) => {
      // sodium-native would read the first 64 bytes of a longer signature; the wrappers refuse it.
      if (signature.length !== sodium.crypto_sign_BYTES) throw new Error('invalid signature length');
      return sodium.crypto_sign_verify_detached(signature, message, publicKey);
    },
    crypto_sign_ed25519_pk_to_curve25519: (ed25519PublicKey) =>
      output(sodium.crypto_box_PUBLICKEYBYTES, (into) =>
        sodium.crypto_sign_ed25519_pk_to_curve25519(into, ed25519PublicKey),
      ),
    crypto_sign_ed25519_sk_to_curve25519: (ed25519PrivateKey) =>
      output(sodium.crypto_box_SECRETKEYBYTES, (into) =>
        sodium.crypto_sign_ed25519_sk_to_curve25519(into, ed25519PrivateKey),
      ),

    crypto_box_keypair: () =>
      pair(sodium.crypto_box_PUBLICKEYBYTES, sodium.crypto_box_SECRETKEYBYTES, (publicKey, privateKey) =>
        sodium.crypto_box_keypair(publicKey, privateKey),
      ),
    crypto_box_seed_keypair: (seed) =>
      pair(sodium.crypto_box_PUBLICKEYBYTES, sodium.crypto_box_SECRETKEYBYTES, (publicKey, privateKey) =>
        sodium.crypto_box_seed_keypair(publicKey, privateKey, seed),
      ),
    crypto_box_easy: (message, nonce, publicKey, privateKey) =>
      output(message.length + boxTagBytes, (into) =>
        sodium.crypto_box_easy(into, message, nonce, publicKey, privateKey),
      ),
    crypto_box_seal: (message, publicKey) =>
      output(message.length + sealedBoxOverhead, (into) => sodium.crypto_box_seal(into, message, publicKey)),
    crypto_box_seal_open: (ciphertext, publicKey, privateKey) => {
      if (ciphertext.length < sealedBoxOverhead) throw new Error('a sealed box is too short');
      const message = new Uint8Array(ciphertext.length - sealedBoxOverhead);
      if (!sodium.crypto_box_seal_open(message, ciphertext, publicKey, privateKey)) {
        throw new Error('incorrect key pair for the given ciphertext');
      }
      return message;
    },

    crypto_scalarmult: (privateKey, publicKey) =>
      output(sodium.crypto_scalarmult_BYTES, (into) => sodium.crypto_scalarmult(into, privateKey, publicKey)),
    crypto_scalarmult_base: (privateKey) =>
      output(sodium.crypto_scalarmult_BYTES, (into) => sodium.crypto_scalarmult_base(into, privateKey)),

    crypto_aead_xchacha20poly1305_ietf_encrypt: (message, additionalData, secretNonce, publicNonce, key) =>
      output(message.length + aeadTagBytes, (into) =>
        sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
          into,
          message,
          additionalData,
          secretNonce,
          publicNonce,
          key,
        ),
      ),
    crypto_aead_xchacha20poly1305_ietf_decrypt: (
      secretNonce,
      ciphertext,
      additionalData,
      publicNonce,
      key,
    ) => {
      if (ciphertext.length < aeadTagBytes) throw new Error('ciphertext is too short');
      return output(ciphertext.length - aeadTagBytes, (into) =>
        sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
          into,
          secretNonce,
          ciphertext,
          additionalData,
          publicNonce,
          key,
        ),
      );
    },
    crypto_stream_chacha20_ietf_xor: (message, nonce, key) =>
      output(message.length, (into) => sodium.crypto_stream_chacha20_ietf_xor(into, message, nonce, key)),

    crypto_core_ed25519_scalar_reduce: (sample) =>
      output(scalarBytes, (into) => sodium.crypto_core_ed25519_scalar_reduce(into, sample)),
    crypto_core_ed25519_scalar_add: (x, y) =>
      output(scalarBytes, (into) => sodium.crypto_core_ed25519_scalar_add(into, x, y)),
    crypto_core_ed25519_scalar_mul: wasm.crypto_core_ed25519_scalar_mul,
    crypto_core_ed25519_scalar_negate: (scalar) =>
      output(scalarBytes, (into) => sodium.crypto_core_ed25519_scalar_negate(into, scalar)),
    crypto_scalarmult_ed25519_noclamp: (scalar, point) =>
      output(pointBytes, (into) => sodium.crypto_scalarmult_ed25519_noclamp(into, scalar, point)),
    crypto_scalarmult_ed25519_base_noclamp: (scalar) =>
      output(pointBytes, (into) => sodium.crypto_scalarmult_ed25519_base_noclamp(into, scalar)),

    aesGcm: nativeAesGcm,
  };
}

/**
 * Makes native crypto this process's choice. Every Node entry point (the CLI, Electron's main
 * process, the benchmarks, the test setup) calls it before any crypto runs.
 */
export function useNativeCrypto(): void {
  chooseCrypto(loadNativeCrypto);
}
