// Vitest setup: each test file's process crypto, native as in every Node entry point, or wasm when
// STARLING_CRYPTO=wasm (vitest.config.mts runs the protocol vector tests a second time that way, so
// that the same vectors pass on both implementations).
import { loadNativeCrypto } from '../core/crypto/nativeCrypto';
import { chooseCrypto } from '../shared/protocol/sodium';
import { loadWasmCrypto } from '../shared/protocol/wasmCrypto';

chooseCrypto(process.env.STARLING_CRYPTO === 'wasm' ? loadWasmCrypto : loadNativeCrypto);
