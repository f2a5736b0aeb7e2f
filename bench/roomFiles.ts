// Files in community rooms (issue 15, protocol-messages.md §5.3): a file uploaded to a room with the
// signed `POST /room/<t>/file` the engine's room carrier makes (core/community/roomFiles.ts), and
// fetched back with `GET /room/<t>/file/<id>`, each through a v4 onion request over a 3-hop path to
// the devnet's open group server. Nothing is encrypted or padded (§5.3), so next to bench/files.ts
// this is the onion path's and the room server's cost alone. The devnet runs in its own process, so
// the hops and the server have a core and the client the other.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CommunityClient } from '../core/community/communityClient';
import { uploadDisposition } from '../core/community/roomFiles';
import { createLogger, memorySink } from '../core/logging/logger';
import { loadNetwork } from '../core/network/networkDescription';
import { SessionNetwork } from '../core/network/sessionNetwork';
import { fromHex } from '../shared/protocol/bytes';
import { loadSodium } from '../shared/protocol/sodium';
import { startDevnetProcess } from '../test/devnetProcess';
import { defaultRoom } from '../devnet/network/devnet';
import { measure, printTable, type Measurement } from './measure';

const sizes = [
  { label: '100 kB', bytes: 100_000, runs: 20 },
  { label: '1 MB', bytes: 1_000_000, runs: 10 },
] as const;

export async function roomFilesBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-room-files-'));
  const devnet = await startDevnetProcess(directory, [
    '--dir',
    path.join(directory, 'devnet'),
    '--nodes',
    '6',
  ]);
  let network: SessionNetwork | undefined;
  try {
    const description = await loadNetwork(devnet.networkFile);
    const [described] = description.communityServers ?? [];
    if (!described) throw new Error('the devnet lists no community server');
    network = new SessionNetwork({
      network: description,
      logger: createLogger({ sink: memorySink(), level: 'warn' }),
    });
    await network.start();
    const sodium = await loadSodium();
    const client = new CommunityClient({
      onion: network.client,
      ed25519SecretKey: sodium.crypto_sign_keypair().privateKey,
      now: Date.now,
    });
    const server = { baseUrl: described.url, publicKey: fromHex(described.publicKey) };
    const room = `/room/${defaultRoom.token}/file`;
    const rows: Measurement[] = [];
    for (const size of sizes) {
      const data = new Uint8Array(randomBytes(size.bytes));
      let lastId = 0;
      rows.push(
        await measure(`upload ${size.label} to the room`, size.runs, async () => {
          const reply = await client.send(server, {
            method: 'POST',
            path: room,
            bytes: data,
            headers: {
              'Content-Type': 'application/octet-stream',
              'Content-Disposition': uploadDisposition('bench.bin'),
            },
          });
          lastId = (reply.body as { id: number }).id;
        }),
      );
      rows.push(
        await measure(`download ${size.label} from the room`, size.runs, async () => {
          const reply = await client.send(server, { method: 'GET', path: `${room}/${lastId}` });
          if ((reply.body as Uint8Array).length !== size.bytes) throw new Error('the file came back short');
        }),
      );
    }
    printTable('Room files through 3-hop onion paths (devnet, unencrypted as §5.3 says)', rows);
  } finally {
    network?.close();
    await devnet.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
