// The loopback admin endpoint of the devnet's open group server, `POST /devnet/admin`: the command
// line's way to change a running server (communityAdmin.ts), since the server holds its state in
// memory and a second writer would be overwritten. Plain HTTP only (never inside onion requests),
// and only with the token of DIR/admin-token, which only the devnet's owner can read.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseBoundedJson } from '../http/jsonLimits';
import { type AdminCommand, AdminCommandError, applyAdminCommand } from './communityAdmin';
import type { CommunityStore } from './communityStore';
import type { CommunityReply } from './routing';

export const adminPath = '/devnet/admin';
export const adminTokenHeader = 'x-devnet-admin-token';
const tokenFileName = 'admin-token';

export function adminTokenFile(directory: string): string {
  return path.join(directory, tokenFileName);
}

/** The token in DIR/admin-token, made on first start. */
export async function loadOrCreateAdminToken(directory: string): Promise<string> {
  try {
    return (await readFile(adminTokenFile(directory), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('hex');
  await writeFile(adminTokenFile(directory), `${token}\n`, { mode: 0o600 });
  return token;
}

const sessionId = z.string();
const commandSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('add-room'),
    token: z.string(),
    name: z.string(),
    description: z.string().optional(),
  }),
  z.object({
    kind: z.literal('add-moderator'),
    sessionId,
    room: z.string().optional(),
    admin: z.boolean(),
    visible: z.boolean(),
  }),
  z.object({
    kind: z.literal('ban'),
    sessionId,
    room: z.string().optional(),
    durationSeconds: z.number().positive().finite().optional(),
  }),
  z.object({ kind: z.literal('unban'), sessionId, room: z.string().optional() }),
]);

export async function answerAdmin(
  store: CommunityStore,
  serverPublicKey: Uint8Array,
  request: {
    readonly token: string;
    readonly givenToken: string | undefined;
    readonly body: Uint8Array;
    readonly nowSeconds: number;
  },
): Promise<CommunityReply> {
  const { token, givenToken, body, nowSeconds } = request;
  if (givenToken !== token) return { status: 403, body: { error: 'Wrong or missing admin token' } };
  const parsed = parseBoundedJson(body);
  if ('error' in parsed) return { status: 400, body: { error: parsed.error } };
  const command = commandSchema.safeParse(parsed.value);
  if (!command.success) return { status: 400, body: { error: 'Not an admin command' } };
  try {
    return {
      status: 200,
      body: await applyAdminCommand(store, serverPublicKey, command.data as AdminCommand, nowSeconds),
    };
  } catch (error) {
    if (error instanceof AdminCommandError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}
