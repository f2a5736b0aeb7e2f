// The crypto implementation of this process, chosen once: native (sodium-native and node:crypto,
// core/crypto/nativeCrypto.ts) where it can load, which every Node entry point asks for before any
// crypto runs; wasm (shared/protocol/wasmCrypto.ts) otherwise. shared/ may import neither core/ nor
// Node, so the native one is handed in rather than imported here.
import type { Crypto } from './cryptoInterface';
import { loadWasmCrypto } from './wasmCrypto';

/** The crypto interface under the name its call sites have always used. */
export type Sodium = Crypto;

let loader: () => Promise<Crypto> = loadWasmCrypto;
let chosen: Promise<Crypto> | undefined;

/**
 * Makes `load` this process's crypto. Refused once crypto has been used: a choice made that late
 * means an entry point ran crypto before choosing, and part of it ran on the other implementation.
 */
export function chooseCrypto(load: () => Promise<Crypto>): void {
  if (load === loader) return;
  if (chosen !== undefined) throw new Error('crypto was already in use when an implementation was chosen');
  loader = load;
}

/** This process's crypto implementation, ready for use. */
export function loadSodium(): Promise<Sodium> {
  chosen ??= loader();
  return chosen;
}

/**
 * Benchmarks only: makes `load` the crypto of every loadSodium() from now on, so that the same
 * engine code is timed on both implementations in one run. An entry point uses chooseCrypto.
 */
export function switchCryptoForBenchmark(load: () => Promise<Crypto>): void {
  loader = load;
  chosen = undefined;
}
