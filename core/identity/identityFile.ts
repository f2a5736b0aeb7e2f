// The identity file of a profile (DIR/identity.json): the Session ID and public key in the clear, so
// that a profile can be shown without unlocking it, and the seed encrypted under the vault key. The
// Session ID is bound to the ciphertext as associated data, so an edited ID fails to unlock.
import { constants } from 'node:fs';
import { link, mkdir, open as openFile, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StarlingError } from '../../shared/errors';
import type { ProtectionRecord } from './keyProtection';

export const identityFileName = 'identity.json';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/u);

const identityFileSchema = z.object({
  format: z.literal('starling-identity'),
  version: z.literal(1),
  sessionId: z.string().regex(/^05[0-9a-f]{64}$/u),
  ed25519PublicKey: z.string().regex(/^[0-9a-f]{64}$/u),
  createdAt: z.string(),
  protection: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('keychain'), keychain: z.string(), wrappedKey: base64 }),
    z.object({
      kind: z.literal('passphrase'),
      kdf: z.literal('argon2id13'),
      operations: z.number().int().min(1).max(64),
      memoryBytes: z
        .number()
        .int()
        .min(8192)
        .max(4 * 1024 ** 3),
      salt: base64,
      wrappedKey: base64,
    }),
    z.object({ kind: z.literal('plaintext'), key: base64 }),
  ]),
  secret: z.object({ cipher: z.literal('xchacha20poly1305-ietf'), sealedSeed: base64 }),
  /**
   * The account's display name as last known (UserProfile config), kept here so that `account show`
   * tells it without unlocking: it is no secret, every message the account sends carries it.
   */
  displayName: z.string().max(400).nullable().optional(),
});

export type IdentityFile = z.infer<typeof identityFileSchema> & { readonly protection: ProtectionRecord };

export type IdentityFileErrorCode = 'profileMissing' | 'profileExists' | 'profileDamaged';

export class IdentityFileError extends StarlingError<IdentityFileErrorCode> {}

export function identityFilePath(profileDirectory: string): string {
  return path.join(profileDirectory, identityFileName);
}

export async function readIdentityFile(profileDirectory: string): Promise<IdentityFile> {
  const filePath = identityFilePath(profileDirectory);
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new IdentityFileError('profileMissing', `There is no Starling account in ${profileDirectory}.`);
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new IdentityFileError('profileDamaged', `${filePath} is damaged: it is not valid JSON.`);
  }
  const result = identityFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new IdentityFileError(
      'profileDamaged',
      `${filePath} is damaged or from an unknown version${where}.`,
    );
  }
  return result.data;
}

/**
 * Writes a new identity file, refusing to replace an existing one: the file is written beside its
 * final name, readable by the owner only, flushed, and then linked into place in one step.
 */
export async function writeNewIdentityFile(profileDirectory: string, identity: IdentityFile): Promise<void> {
  await mkdir(profileDirectory, { recursive: true, mode: 0o700 });
  const finalPath = identityFilePath(profileDirectory);
  const temporaryPath = await writeTemporaryIdentityFile(finalPath, identity);
  try {
    await assertNoIdentity(profileDirectory);
    await rename(temporaryPath, finalPath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

export async function assertNoIdentity(profileDirectory: string): Promise<void> {
  try {
    await readFile(identityFilePath(profileDirectory));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  throw new IdentityFileError(
    'profileExists',
    `${profileDirectory} already holds a Starling account; choose another profile directory.`,
  );
}

/** The identity written beside its final name, owner-only and flushed; returns where. */
async function writeTemporaryIdentityFile(finalPath: string, identity: IdentityFile): Promise<string> {
  const temporaryPath = `${finalPath}.${process.pid}.${Date.now()}.tmp`;
  const handle = await openFile(
    temporaryPath,
    constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
    0o600,
  );
  try {
    await handle.writeFile(`${JSON.stringify(identity, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temporaryPath;
}

/**
 * Replaces the identity file of a profile (its keys re-wrapped), so that at every moment one
 * complete file is in place. The old file's bytes held the vault key in the clear: they are
 * overwritten with zeros before the old name is removed, rather than left in a free block.
 */
export async function replaceIdentityFile(profileDirectory: string, identity: IdentityFile): Promise<void> {
  const finalPath = identityFilePath(profileDirectory);
  const oldPath = `${finalPath}.${process.pid}.${Date.now()}.old`;
  const temporaryPath = await writeTemporaryIdentityFile(finalPath, identity);
  try {
    // A second name for the old file keeps its bytes reachable to overwrite once the new one is in.
    await link(finalPath, oldPath);
    await rename(temporaryPath, finalPath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    await rm(oldPath, { force: true });
    throw error;
  }
  await overwriteAndRemove(oldPath);
}

async function overwriteAndRemove(filePath: string): Promise<void> {
  const { size } = await stat(filePath);
  const handle = await openFile(filePath, constants.O_WRONLY);
  try {
    await handle.write(Buffer.alloc(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rm(filePath);
}
