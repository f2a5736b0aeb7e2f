// What the engine remembers about a network between runs, in the profile: the service node pool
// and the guard nodes (protocol-network.md §11: desktop keeps both in its database), so that a
// restart neither asks the seeds again nor exposes the user's IP to new guards.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Snode } from './snode';

const snodeSchema = z.object({
  ip: z.string(),
  port: z.number().int(),
  ed25519PublicKey: z.string().regex(/^[0-9a-f]{64}$/u),
  x25519PublicKey: z.string().regex(/^[0-9a-f]{64}$/u),
});

const cacheSchema = z.object({
  version: z.literal(1),
  savedAt: z.number(),
  pool: z.array(snodeSchema),
  guards: z.array(z.string()),
});

export interface NetworkCacheContents {
  readonly savedAt: number;
  readonly pool: readonly Snode[];
  /** Ed25519 keys of the guard nodes, in the pool. */
  readonly guards: readonly string[];
}

export interface NetworkCacheStore {
  load(): Promise<NetworkCacheContents | undefined>;
  save(contents: NetworkCacheContents): Promise<void>;
}

/** DIR/network/<name>.json; a damaged file is ignored (the seeds rebuild it), never fatal. */
export function fileNetworkCache(profileDirectory: string, networkName: string): NetworkCacheStore {
  const file = path.join(profileDirectory, 'network', `${networkName.replace(/[^a-zA-Z0-9_-]/gu, '_')}.json`);
  // Saves are chained so that two quick saves cannot interleave their temporary files.
  let saving: Promise<void> = Promise.resolve();
  let sequence = 0;
  const write = async (contents: NetworkCacheContents): Promise<void> => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    sequence += 1;
    const temporary = `${file}.${process.pid}.${sequence}.tmp`;
    await writeFile(temporary, JSON.stringify({ version: 1, ...contents }), { mode: 0o600 });
    await rename(temporary, file);
  };
  return {
    async load() {
      try {
        const parsed = cacheSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(contents) {
      saving = saving.catch(() => undefined).then(() => write(contents));
      return saving;
    },
  };
}

export function memoryNetworkCache(): NetworkCacheStore & { contents: NetworkCacheContents | undefined } {
  const store = {
    contents: undefined as NetworkCacheContents | undefined,
    load: async () => store.contents,
    save: async (contents: NetworkCacheContents) => {
      store.contents = contents;
    },
  };
  return store;
}
