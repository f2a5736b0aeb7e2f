import sodiumModule from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumModule;

/**
 * libsodium (the sumo build, which has the Ed25519 scalar operations that blinding needs) compiled
 * to WebAssembly. Its module must finish loading before any call; every caller goes through here.
 */
export async function loadSodium(): Promise<Sodium> {
  await sodiumModule.ready;
  return sodiumModule;
}
