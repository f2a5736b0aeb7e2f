// The crypto workers against the engine's own thread: the same answers, in order, for good and bad
// messages; a worker killed in the middle of a job costs no message and answers none twice; a
// worker script that cannot start leaves the engine doing the work itself.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { blindedSessionId } from '../../shared/protocol/community/blinding';
import { signCommunityPost } from '../../shared/protocol/community/communityMessage';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { encryptForRecipient } from '../../shared/protocol/messages/sessionProtocol';
import { createLogger, memorySink } from '../logging/logger';
import type { CommunityPostFields, CryptoJob, CryptoJobResult } from './cryptoJobs';
import { CryptoWorkers, inlineOpener } from './cryptoWorkers';
import { WorkerPool } from './workerPool';
import { workerScript } from './workerScript';

const logger = createLogger({ sink: memorySink(), level: 'debug' });
const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((pool) => pool.close()));
});

async function sealedMessages(recipient: IdentityKeys, count: number): Promise<Uint8Array[]> {
  const senders = await Promise.all([1, 2, 3].map(() => deriveIdentityKeys(randomBytes(16))));
  const sealed: Uint8Array[] = [];
  for (let index = 0; index < count; index += 1) {
    const sender = senders[index % senders.length]!;
    sealed.push(
      await encryptForRecipient(randomBytes(20 + (index % 200)), sender, recipient.x25519PublicKey),
    );
  }
  return sealed;
}

describe('CryptoWorkers', () => {
  it('opens what the engine opens, in the same order, bad messages included', async () => {
    const recipient = await deriveIdentityKeys(randomBytes(16));
    const stranger = await deriveIdentityKeys(randomBytes(16));
    const good = await sealedMessages(recipient, 120);
    const tampered = Uint8Array.from(good[5]!);
    tampered[40]! ^= 1;
    const notOurs = (await sealedMessages(stranger, 1))[0]!;
    const batch = [...good.slice(0, 60), tampered, notOurs, new Uint8Array(10), ...good.slice(60)];
    const workers = await CryptoWorkers.start({ size: 2, logger });
    opened.push(workers);
    const fromWorkers = await workers.openOneToOne(batch, recipient);
    const fromEngine = await inlineOpener.openOneToOne(batch, recipient);
    expect(fromWorkers).toEqual(fromEngine);
    expect(fromWorkers.filter((answer) => 'error' in answer)).toHaveLength(3);
    expect(fromWorkers[60]).toMatchObject({ error: { code: 'decryptionFailed' } });
    // The batch was shared between both workers.
    expect(workers.workers.size).toBe(2);
  });

  it('opens a poll’s few messages itself, and starts its workers only for a batch worth them', async () => {
    const recipient = await deriveIdentityKeys(randomBytes(16));
    const workers = await CryptoWorkers.start({ size: 1, logger });
    opened.push(workers);
    const few = await sealedMessages(recipient, 5);
    expect(await workers.openOneToOne(few, recipient)).toEqual(
      await inlineOpener.openOneToOne(few, recipient),
    );
    expect(workers.workers.started).toBe(0);
    await workers.openOneToOne(await sealedMessages(recipient, 50), recipient);
    expect(workers.workers.started).toBe(1);
  });

  it('checks community posts as the engine checks them, forged and malformed ones included', async () => {
    const server = randomBytes(32);
    const author = await deriveIdentityKeys(randomBytes(16));
    const sender = await blindedSessionId(author.ed25519SecretKey, server);
    const posts: CommunityPostFields[] = [];
    for (let index = 0; index < 60; index += 1) {
      const post = await signCommunityPost(
        { dataMessage: { body: `post ${index}` } },
        author.ed25519SecretKey,
        server,
      );
      posts.push({ session_id: sender, ...post });
    }
    const forged = { ...posts[3]!, data: posts[4]!.data };
    const batch = [
      ...posts.slice(0, 30),
      forged,
      { session_id: 'nobody', data: 'x', signature: 'y' },
      ...posts.slice(30),
    ];
    const workers = await CryptoWorkers.start({ size: 2, logger });
    opened.push(workers);
    const fromWorkers = await workers.checkCommunityPosts(batch);
    expect(workers.workers.started).toBe(2);
    expect(fromWorkers).toEqual(await inlineOpener.checkCommunityPosts(batch));
    expect(fromWorkers.filter((answer) => !answer.ok)).toHaveLength(2);
    expect(fromWorkers[30]).toEqual({ ok: false, reason: 'a signature that does not hold' });
  });

  it('replaces a worker killed during a job, and delivers every answer once', async () => {
    const recipient = await deriveIdentityKeys(randomBytes(16));
    const batch = await sealedMessages(recipient, 1_500);
    const pool = new WorkerPool<CryptoJob, CryptoJobResult>({
      script: workerScript('cryptoWorker'),
      size: 1,
      workerData: { crypto: 'native' },
      logger,
    });
    opened.push(pool);
    const job: CryptoJob = { kind: 'openOneToOne', recipient, ciphertexts: batch };
    const answer = pool.run(job);
    await pool.killOne();
    const result = await answer;
    expect(result).toHaveLength(batch.length);
    expect(result.every((item) => !('error' in item))).toBe(true);
    expect(pool.started).toBe(2);
    // The replacement answers the next job as the first would have.
    expect(await pool.run({ ...job, ciphertexts: batch.slice(0, 3) })).toEqual(result.slice(0, 3));
  });

  it('does the work itself when no worker can start', async () => {
    const recipient = await deriveIdentityKeys(randomBytes(16));
    const batch = await sealedMessages(recipient, 30);
    const pool = new WorkerPool<CryptoJob, CryptoJobResult>({
      script: workerScript('noSuchWorker'),
      size: 1,
      logger,
    });
    opened.push(pool);
    await expect(pool.run({ kind: 'openOneToOne', recipient, ciphertexts: batch })).rejects.toMatchObject({
      code: 'poolBroken',
    });
    expect(pool.usable).toBe(false);
    // At most a few workers were tried, not one after another for ever.
    expect(pool.started).toBe(3);
  });

  it('fails the jobs still running when it closes, and refuses new ones', async () => {
    const recipient = await deriveIdentityKeys(randomBytes(16));
    const workers = await CryptoWorkers.start({ size: 1, logger });
    const running = workers.openOneToOne(await sealedMessages(recipient, 400), recipient);
    const refused = expect(running).rejects.toMatchObject({ code: 'poolClosed' });
    await workers.close();
    await refused;
    await expect(workers.openOneToOne([], recipient)).resolves.toEqual([]);
  });
});
