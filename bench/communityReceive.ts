// A client in a community room of 100,000 messages (issue 15), with a real engine on the devnet and
// every request through a 3-hop onion path to the devnet's open group server: the time from joining
// to the newest page listed; opening the room again from this device's database; paging its history
// back (`before/<id>`, 100 a page), split into the onion round trips, checking the posts (decoding
// and verifying each blinded signature) and committing them, with the rate set against the bound
// of verifying signatures alone, measured in the same run; and the round trip of a poll of the idle
// room (one /batch of pollInfo and since/<seqno>).
import { randomBytes } from 'node:crypto';
import { CommunityReceiver } from '../core/community/communityReceiver';
import { loadNativeCrypto } from '../core/crypto/nativeCrypto';
import { applyAdminCommand } from '../devnet/community/communityAdmin';
import { seedRoom } from '../devnet/community/roomSeed';
import { fromHex } from '../shared/protocol/bytes';
import { EngineHarness } from '../test/engineHarness';
import { measure, printTable } from './measure';

const room = 'big';
const seededCount = 100_000;
/** How far back the benchmark pages: enough pages for steady figures, in well under a minute. */
const pagedCount = 20_000;
const signedBytes = 400;

/** Time spent in each of the receiver's two steps, summed over a run (wrapped from outside). */
function watchReceiver(): { checkMs: number; applyMs: number; restore: () => void } {
  const totals = { checkMs: 0, applyMs: 0, restore: () => undefined as void };
  const { check, apply } = CommunityReceiver.prototype;
  CommunityReceiver.prototype.check = async function (this: CommunityReceiver, updates) {
    const start = performance.now();
    try {
      return await check.call(this, updates);
    } finally {
      totals.checkMs += performance.now() - start;
    }
  };
  CommunityReceiver.prototype.apply = function (this: CommunityReceiver, ...args) {
    const start = performance.now();
    try {
      return apply.apply(this, args);
    } finally {
      totals.applyMs += performance.now() - start;
    }
  };
  totals.restore = () => {
    CommunityReceiver.prototype.check = check;
    CommunityReceiver.prototype.apply = apply;
  };
  return totals;
}

/** Ed25519 verifications a second of a post-sized message on native crypto: the bound of checking. */
async function verifyBound(): Promise<number> {
  const crypto = await loadNativeCrypto();
  const keys = crypto.crypto_sign_keypair();
  const message = new Uint8Array(randomBytes(signedBytes));
  const signature = crypto.crypto_sign_detached(message, keys.privateKey);
  const measured = await measure('verify', 5_000, () =>
    crypto.crypto_sign_verify_detached(signature, message, keys.publicKey),
  );
  return measured.perSecond;
}

export async function communityReceiveBenchmark(): Promise<void> {
  const receiver = watchReceiver();
  const harness = await EngineHarness.start({ nodes: 6 });
  try {
    const [described] = harness.devnet.network.communityServers;
    const publicKey = fromHex(described!.publicKey);
    const store = harness.devnet.communityServer.store;
    await applyAdminCommand(
      store,
      publicKey,
      { kind: 'add-room', token: room, name: 'A big room' },
      Date.now() / 1000,
    );
    const seeded = await seedRoom(store, publicKey, {
      room,
      count: seededCount,
      lastPosted: Math.floor(Date.now() / 1000) - 60,
    });
    const conversationId = `${described!.url}/${room}`;
    const { engine } = await harness.user('reader');

    // Joining: the room's info, then its newest page, through onion paths opened just now.
    const joinStart = performance.now();
    await engine.communityOperations.joinCommunity({
      url: `${conversationId}?public_key=${described!.publicKey}`,
    });
    let newest = await engine.listMessages({ conversationId, limit: 50 });
    while (newest.messages.length < 50) {
      await engine.communities.pollNow(conversationId);
      newest = await engine.listMessages({ conversationId, limit: 50 });
    }
    const firstPageMs = performance.now() - joinStart;
    if (newest.messages[0]?.serverId !== seeded.lastId)
      throw new Error('the newest page is not the room’s newest');

    // Paging back.
    receiver.checkMs = 0;
    receiver.applyMs = 0;
    const pagingStart = performance.now();
    let added = 0;
    let pages = 0;
    while (added < pagedCount) {
      const page = await engine.communityOperations.loadOlderCommunityMessages({ conversationId });
      added += page.added;
      pages += 1;
      if (page.complete || page.added === 0) throw new Error(`paging stopped after ${added} messages`);
    }
    const pagingMs = performance.now() - pagingStart;
    const rate = (added / pagingMs) * 1000;
    const bound = await verifyBound();
    const checkRate = (added / receiver.checkMs) * 1000;
    const local = await measure('open the room: newest 50 from this device', 200, () =>
      engine.listMessages({ conversationId, limit: 50 }),
    );
    const deep = await measure('a page of 50 from deep in its history', 200, async () => {
      const before = newest.messages[0]!.sentAt - Math.floor(Math.random() * added) * 1000;
      await engine.listMessages({
        conversationId,
        limit: 50,
        before: { sentAt: before, id: Number.MAX_SAFE_INTEGER },
      });
    });
    const poll = await measure('poll the idle room (onion /batch: pollInfo, since)', 50, () =>
      engine.communities.pollNow(conversationId),
    );

    console.log(
      `\ncommunity room of ${seededCount.toLocaleString('en')} messages, one engine through 3-hop onion paths ` +
        `(6 devnet nodes, the server and the engine in one process)`,
    );
    console.log(`join → newest page listed: ${firstPageMs.toFixed(0)} ms`);
    console.log(
      `history paged back: ${added.toLocaleString('en')} messages in ${pages} pages, ${(pagingMs / 1000).toFixed(1)} s: ` +
        `${rate.toFixed(0)} messages/s; per page ${(pagingMs / pages).toFixed(1)} ms = ` +
        `onion round trip and the rest ${((pagingMs - receiver.checkMs - receiver.applyMs) / pages).toFixed(1)} ms + ` +
        `checking ${(receiver.checkMs / pages).toFixed(1)} ms + committing ${(receiver.applyMs / pages).toFixed(1)} ms`,
    );
    console.log(
      `checking alone: ${checkRate.toFixed(0)} posts/s against ${bound.toFixed(0)} Ed25519 verifications/s of ` +
        `${signedBytes} B on native crypto (${((checkRate / bound) * 100).toFixed(0)} % of the bound); ` +
        `checking and committing: ${((added / (receiver.checkMs + receiver.applyMs)) * 1000).toFixed(0)} posts/s ` +
        `(${(((added / (receiver.checkMs + receiver.applyMs)) * 1000 * 100) / bound).toFixed(0)} % of the bound)`,
    );
    printTable('the room on this device, and its polls', [local, deep, poll]);
  } finally {
    receiver.restore();
    await harness.close();
  }
}
