// A community room of 100,000 messages (issue 15) on the devnet's open group server: how long seeding
// it takes (signing each post, then writing them in one transaction), and what a client scrolling it
// waits for, over plain HTTP on loopback with signed requests as a client sends them: the newest page
// (`recent?limit=100`), older pages from anywhere in the room (`before/<id>?limit=100`) and a poll
// after a seqno (`since/<seqno>?limit=100`). The server runs in this process, so the client's request
// signing and the server share one core.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CommunityServer } from '../devnet/community/communityServer';
import { seedRoom } from '../devnet/community/roomSeed';
import { communityRequestHeaders } from '../shared/protocol/community/requestSigning';
import { loadSodium } from '../shared/protocol/sodium';
import { measure, printTable } from './measure';

const room = 'big';
const seededCount = 100_000;
const pageSize = 100;
const runs = 300;

// Kept alive, as a client keeps its connection to a server it polls.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** A GET signed as a blinded client signs it (§6.2); resolves with the listed messages. */
async function signedGet(server: CommunityServer, secretKey: Uint8Array, target: string): Promise<unknown[]> {
  const headers = await communityRequestHeaders({
    serverPublicKey: server.keys.x25519.publicKey,
    ed25519SecretKey: secretKey,
    method: 'GET',
    path: target,
    timestampSeconds: Math.floor(Date.now() / 1000),
    nonce: new Uint8Array(randomBytes(16)),
  });
  return new Promise((resolve, reject) => {
    const request = get(`${server.url}${target}`, { agent, headers: { ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode === 200)
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[]);
        else reject(new Error(`${target} answered ${response.statusCode}`));
      });
    });
    request.on('error', reject);
  });
}

function randomBetween(low: number, high: number): number {
  return low + Math.floor(Math.random() * (high - low + 1));
}

export async function communityRoomBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-community-'));
  const server = new CommunityServer({ port: 0, directory });
  try {
    await server.start();
    server.addRoom(room, 'A big room');
    const started = performance.now();
    const seeded = await seedRoom(server.store, server.keys.x25519.publicKey, {
      room,
      count: seededCount,
      lastPosted: Date.now() / 1000,
    });
    const seedMs = performance.now() - started;
    const databaseBytes = (await stat(path.join(directory, 'community.sqlite'))).size;
    console.log(
      `\ncommunity room: seeding ${seededCount.toLocaleString('en')} signed posts took ${(seedMs / 1000).toFixed(1)} s ` +
        `(signing ${(seeded.signingMs / 1000).toFixed(1)} s, one transaction ${(seeded.writingMs / 1000).toFixed(2)} s); ` +
        `community.sqlite ${(databaseBytes / 2 ** 20).toFixed(1)} MiB`,
    );

    const secretKey = (await loadSodium()).crypto_sign_keypair().privateKey;
    const viewer = { sessionId: undefined, read: true, moderator: false };
    const page = async (target: string) => {
      const listed = await signedGet(server, secretKey, target);
      if (listed.length !== pageSize) throw new Error(`${target} listed ${listed.length} messages`);
    };
    // Pages from anywhere in the room, each with a full page below it.
    const anyBefore = () => randomBetween(seeded.firstId + pageSize, seeded.lastId);
    const anySeqno = () => randomBetween(seeded.firstSeqno, seeded.lastSeqno - pageSize);
    printTable(`community room of ${seededCount.toLocaleString('en')} messages, signed HTTP on loopback`, [
      await measure(`recent?limit=${pageSize}`, runs, () =>
        page(`/room/${room}/messages/recent?limit=${pageSize}`),
      ),
      await measure(`before/<id>?limit=${pageSize}`, runs, () =>
        page(`/room/${room}/messages/before/${anyBefore()}?limit=${pageSize}`),
      ),
      await measure(`since/<seqno>?t=r&limit=${pageSize}`, runs, () =>
        page(`/room/${room}/messages/since/${anySeqno()}?t=r&limit=${pageSize}`),
      ),
      // The database's part of the two pages: the rest is HTTP, signing and checking, and JSON.
      await measure(`database alone: recent ${pageSize}`, runs, () =>
        server.store.messages.recent(room, viewer, pageSize),
      ),
      await measure(`database alone: before <id>, ${pageSize}`, runs, () =>
        server.store.messages.before(room, anyBefore(), viewer, pageSize),
      ),
    ]);
  } finally {
    agent.destroy();
    await server.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
