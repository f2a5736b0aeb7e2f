// The `last_hash` of each (service node × swarm owner × namespace) stream (protocol-network.md
// §11 "Swarm polling"), kept in the profile so that a restarted engine asks only for what is new.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface PollStateStore {
  lastHash(node: string, owner: string, namespace: number): string | undefined;
  setLastHash(node: string, owner: string, namespace: number, hash: string): void;
  /** Writes what changed since the last save. */
  save(): Promise<void>;
}

const key = (node: string, owner: string, namespace: number): string => `${node}|${owner}|${namespace}`;

export function memoryPollState(): PollStateStore {
  const hashes = new Map<string, string>();
  return {
    lastHash: (node, owner, namespace) => hashes.get(key(node, owner, namespace)),
    setLastHash: (node, owner, namespace, hash) => void hashes.set(key(node, owner, namespace), hash),
    save: async () => undefined,
  };
}

const fileSchema = z.object({ version: z.literal(1), lastHashes: z.record(z.string(), z.string()) });

/** DIR/network/poll-state.json; a damaged file starts over (polls then return everything again). */
export async function filePollState(profileDirectory: string): Promise<PollStateStore> {
  const file = path.join(profileDirectory, 'network', 'poll-state.json');
  const hashes = new Map<string, string>();
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success)
      for (const [name, hash] of Object.entries(parsed.data.lastHashes)) hashes.set(name, hash);
  } catch {
    // no state yet
  }
  let dirty = false;
  let saving: Promise<void> = Promise.resolve();
  return {
    lastHash: (node, owner, namespace) => hashes.get(key(node, owner, namespace)),
    setLastHash: (node, owner, namespace, hash) => {
      hashes.set(key(node, owner, namespace), hash);
      dirty = true;
    },
    save() {
      if (!dirty) return saving;
      dirty = false;
      const contents = JSON.stringify({ version: 1, lastHashes: Object.fromEntries(hashes) });
      saving = saving.then(async () => {
        await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        await writeFile(`${file}.tmp`, contents, { mode: 0o600 });
        await rename(`${file}.tmp`, file);
      });
      return saving;
    },
  };
}
