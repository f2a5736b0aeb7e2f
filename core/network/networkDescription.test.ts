// Network files with community servers (protocol-messages.md §6.1), as devnet writes them: the
// optional `communityServers` list is loaded as written, and a malformed entry is refused with
// the field named.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from './networkDescription';

const base = { name: 'devnet', seeds: [{ url: 'https://127.0.0.1:4443/' }] };
const community = {
  url: 'http://127.0.0.1:4567',
  publicKey: 'ab'.repeat(32),
  rooms: ['lobby', 'dev_room-2'],
};

describe('network description: community servers', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-network-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function load(description: unknown) {
    const file = path.join(directory, `${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(description));
    return loadNetwork(file);
  }

  it('loads communityServers, and files without them', async () => {
    expect((await load({ ...base, communityServers: [community] })).communityServers).toEqual([community]);
    expect((await load(base)).communityServers).toBeUndefined();
  });

  it.each([
    ['publicKey', { ...community, publicKey: 'AB'.repeat(32) }],
    ['url', { ...community, url: 'http://127.0.0.1:4567/lobby' }],
    ['rooms.0', { ...community, rooms: ['no spaces'] }],
  ])('refuses a malformed %s', async (field, server) => {
    await expect(load({ ...base, communityServers: [server] })).rejects.toThrow(
      `communityServers.0.${field}`,
    );
  });
});
