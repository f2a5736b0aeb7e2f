// Identity costs a person feels: creating or restoring an account, unlocking a passphrase-protected
// profile (Argon2id is slow on purpose), and scanning a QR code from a photo.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAccount, unlockAccount } from '../core/identity/account';
import { decodeSessionIdFromImage, sessionIdQrPng } from '../core/identity/qrImage';
import { createLogger, memorySink } from '../core/logging/logger';
import { deriveIdentityKeys } from '../shared/protocol/identity/keys';
import { decodeMnemonic, encodeMnemonic } from '../shared/protocol/mnemonic/mnemonic';
import { loadSodium } from '../shared/protocol/sodium';
import { measure, printTable } from './measure';

export async function identityBenchmark(): Promise<void> {
  const sodium = await loadSodium();
  const seed = sodium.randombytes_buf(16);
  const phrase = encodeMnemonic(seed).join(' ');
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-'));
  const logger = createLogger({ sink: memorySink() });
  try {
    const profileDirectory = path.join(directory, 'profile');
    const keySources = { passphrase: 'benchmark passphrase' };
    await createAccount({ profileDirectory, keySources, logger });
    const qr = await sessionIdQrPng((await deriveIdentityKeys(seed)).sessionId);

    printTable('Identity (one core)', [
      await measure('phrase encode (16-byte seed → 13 words)', 20_000, () => encodeMnemonic(seed)),
      await measure('phrase decode and check', 20_000, () => decodeMnemonic(phrase)),
      await measure('keys from seed (Ed25519 + X25519)', 2_000, () => deriveIdentityKeys(seed)),
      await measure('unlock passphrase profile (Argon2id 64 MiB)', 10, () =>
        unlockAccount({ profileDirectory, keySources }),
      ),
      await measure('QR PNG 512 px → Session ID', 50, () => decodeSessionIdFromImage(qr)),
    ]);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
