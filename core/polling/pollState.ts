// The `last_hash` of each (service node × swarm owner × namespace) stream (protocol-network.md
// §11 "Swarm polling"). The engine keeps them in the profile's database
// (core/store/pollStateRepository.ts), so that a restarted engine asks only for what is new.

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
