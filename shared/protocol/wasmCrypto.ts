// The wasm implementation of the crypto interface: libsodium-wrappers-sumo (the sumo build has the
// Ed25519 scalar operations that blinding needs) and WebCrypto's AES-GCM. It runs wherever
// WebAssembly does; a process that can load sodium-native chooses core/crypto/nativeCrypto.ts instead.
import sodiumModule from 'libsodium-wrappers-sumo';
import type { Crypto } from './cryptoInterface';
import { webCryptoAesGcm } from './onion/hopCipher';

let loading: Promise<Crypto> | undefined;

/** The wasm module must finish loading before any call, so the interface is handed out once it has. */
export function loadWasmCrypto(): Promise<Crypto> {
  loading ??= sodiumModule.ready.then(() => wasmCrypto(sodiumModule));
  return loading;
}

function wasmCrypto(sodium: typeof sodiumModule): Crypto {
  return {
    name: 'wasm',
    // The constants exist only once the module is ready.
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
    crypto_aead_xchacha20poly1305_ietf_ABYTES: sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_box_NONCEBYTES: sodium.crypto_box_NONCEBYTES,
    crypto_pwhash_SALTBYTES: sodium.crypto_pwhash_SALTBYTES,
    crypto_pwhash_ALG_ARGON2ID13: sodium.crypto_pwhash_ALG_ARGON2ID13,
    // The wrappers' functions keep no `this`, so they are handed on as they are; the one-signature
    // types of Crypto leave their string and output-format overloads out.
    randombytes_buf: sodium.randombytes_buf,
    randombytes_buf_deterministic: sodium.randombytes_buf_deterministic,
    crypto_generichash: sodium.crypto_generichash,
    crypto_hash_sha512: sodium.crypto_hash_sha512,
    crypto_auth_hmacsha256: sodium.crypto_auth_hmacsha256,
    crypto_pwhash: sodium.crypto_pwhash,
    crypto_sign_keypair: () => keyPair(sodium.crypto_sign_keypair()),
    crypto_sign_seed_keypair: (seed) => keyPair(sodium.crypto_sign_seed_keypair(seed)),
    crypto_sign_detached: sodium.crypto_sign_detached,
    crypto_sign_verify_detached: sodium.crypto_sign_verify_detached,
    crypto_sign_ed25519_pk_to_curve25519: sodium.crypto_sign_ed25519_pk_to_curve25519,
    crypto_sign_ed25519_sk_to_curve25519: sodium.crypto_sign_ed25519_sk_to_curve25519,
    crypto_box_keypair: () => keyPair(sodium.crypto_box_keypair()),
    crypto_box_seed_keypair: (seed) => keyPair(sodium.crypto_box_seed_keypair(seed)),
    crypto_box_easy: sodium.crypto_box_easy,
    crypto_box_seal: sodium.crypto_box_seal,
    crypto_box_seal_open: sodium.crypto_box_seal_open,
    crypto_scalarmult: sodium.crypto_scalarmult,
    crypto_scalarmult_base: sodium.crypto_scalarmult_base,
    crypto_aead_xchacha20poly1305_ietf_encrypt: sodium.crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_decrypt: sodium.crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_stream_chacha20_ietf_xor: sodium.crypto_stream_chacha20_ietf_xor,
    crypto_core_ed25519_scalar_reduce: sodium.crypto_core_ed25519_scalar_reduce,
    crypto_core_ed25519_scalar_add: sodium.crypto_core_ed25519_scalar_add,
    crypto_core_ed25519_scalar_mul: sodium.crypto_core_ed25519_scalar_mul,
    crypto_core_ed25519_scalar_negate: sodium.crypto_core_ed25519_scalar_negate,
    crypto_scalarmult_ed25519_noclamp: sodium.crypto_scalarmult_ed25519_noclamp,
    crypto_scalarmult_ed25519_base_noclamp: sodium.crypto_scalarmult_ed25519_base_noclamp,
    aesGcm: webCryptoAesGcm,
  };
}

/** The wrappers add a `keyType` field that no caller reads; the interface's pairs have two keys. */
function keyPair(pair: { publicKey: Uint8Array; privateKey: Uint8Array }): {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
} {
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}
