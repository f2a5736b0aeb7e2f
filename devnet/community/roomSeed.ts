// Fills a room with N real posts straight into the store (issue 15: a room of 100,000 messages that a
// client opens and scrolls back through). Each is what a client would have posted (protocol-messages.md
// §6.4): a padded Content signed by its poster's blinded key, so that a client verifies and keeps every
// one; "message <n>" from one of a handful of posters, with posted times and seqnos rising. All are
// signed first, then written in one transaction with one prepared statement, so that a seeding is
// kept whole or not at all and the write takes seconds for 100,000.
import { blake2b } from '@noble/hashes/blake2.js';
import { blindedSessionId } from '../../shared/protocol/community/blinding';
import { signCommunityPost } from '../../shared/protocol/community/communityMessage';
import { loadSodium } from '../../shared/protocol/sodium';
import { AdminCommandError } from './communityAdmin';
import type { Message } from './communityData';
import type { CommunityStore } from './communityStore';
import { touch } from './messageRoutes';

export interface SeedOptions {
  readonly room: string;
  readonly count: number;
  /** Unix seconds of the last post; the others come `spacingSeconds` apart before it. */
  readonly lastPosted: number;
  readonly spacingSeconds?: number;
  readonly posters?: number;
}

export interface SeedResult {
  readonly room: string;
  readonly count: number;
  readonly firstId: number;
  readonly lastId: number;
  readonly firstSeqno: number;
  readonly lastSeqno: number;
  /** The posters' 15… IDs. */
  readonly posters: readonly string[];
  /** How long signing and writing took, for the command line and the benchmark. */
  readonly signingMs: number;
  readonly writingMs: number;
}

/** Bounds what one seeding holds in memory (about 500 bytes a post) before it is written. */
export const maximumSeedCount = 1_000_000;
const defaultSpacingSeconds = 10;
const defaultPosters = 5;

interface Poster {
  readonly sessionId: string;
  readonly ed25519SecretKey: Uint8Array;
  readonly displayName: string;
}

/**
 * The posters' keys come from fixed seeds, so that every seeding of a server has the same handful of
 * people: their keys are no secret, which is fine for a devnet and only there.
 */
async function seededPosters(serverPublicKey: Uint8Array, count: number): Promise<Poster[]> {
  const sodium = await loadSodium();
  const posters: Poster[] = [];
  for (let index = 1; index <= count; index += 1) {
    const seed = blake2b(new TextEncoder().encode(`starling devnet poster ${index}`), { dkLen: 32 });
    const ed25519SecretKey = sodium.crypto_sign_seed_keypair(seed).privateKey;
    posters.push({
      sessionId: await blindedSessionId(ed25519SecretKey, serverPublicKey),
      ed25519SecretKey,
      displayName: `Poster ${index}`,
    });
  }
  return posters;
}

/**
 * A signed post as bytes until it is written: the base64 strings `signCommunityPost` gives are built
 * piece by piece, and 100,000 of them held as such pieces take about 1 GB, as bytes about 40 MB.
 */
interface SignedPost {
  readonly data: Buffer;
  readonly signature: Buffer;
  readonly poster: Poster;
  readonly posted: number;
}

const bytesOf = (base64: string): Buffer => Buffer.from(base64, 'base64');

/**
 * Post n of the seeding. Whole seconds, so that a client's ⌊posted·1000⌋ is the Content's own sent
 * time exactly (desktop dedupes by sender and posted, and checks sigTimestamp against it).
 */
async function signedPost(
  number: number,
  posted: number,
  poster: Poster,
  serverPublicKey: Uint8Array,
): Promise<SignedPost> {
  const sentMs = posted * 1000;
  const post = await signCommunityPost(
    {
      dataMessage: {
        body: `message ${number}`,
        timestamp: sentMs,
        profile: { displayName: poster.displayName },
      },
      sigTimestamp: sentMs,
    },
    poster.ed25519SecretKey,
    serverPublicKey,
  );
  return { data: bytesOf(post.data), signature: bytesOf(post.signature), poster, posted };
}

export async function seedRoom(
  store: CommunityStore,
  serverPublicKey: Uint8Array,
  options: SeedOptions,
): Promise<SeedResult> {
  const { count } = options;
  if (!Number.isSafeInteger(count) || count < 1 || count > maximumSeedCount) {
    throw new AdminCommandError(`A seeding adds 1 to ${maximumSeedCount.toLocaleString('en')} messages.`);
  }
  if (!store.room(options.room)) throw new AdminCommandError(`There is no room “${options.room}”.`);
  const spacing = options.spacingSeconds ?? defaultSpacingSeconds;
  const posterCount = options.posters ?? defaultPosters;
  if (!Number.isSafeInteger(spacing) || spacing < 1) throw new RangeError('posts are whole seconds apart');
  if (!Number.isSafeInteger(posterCount) || posterCount < 1) throw new RangeError('a seeding needs a poster');
  const lastPosted = Math.floor(options.lastPosted);
  const posters = await seededPosters(serverPublicKey, posterCount);

  const signingStarted = performance.now();
  const posts: SignedPost[] = [];
  for (let number = 1; number <= count; number += 1) {
    const posted = lastPosted - (count - number) * spacing;
    posts.push(await signedPost(number, posted, posters[(number - 1) % posters.length]!, serverPublicKey));
  }
  const signingMs = performance.now() - signingStarted;

  // Looked up again: the room may have changed while the posts were signed.
  const room = store.room(options.room);
  if (!room) throw new AdminCommandError(`There is no room “${options.room}”.`);
  const writingStarted = performance.now();
  const firstId = store.messages.nextId;
  try {
    store.messages.transaction(() => {
      for (const post of posts) {
        const message: Message = {
          id: store.messages.nextId,
          token: room.token,
          sessionId: post.poster.sessionId,
          posted: post.posted,
          edited: null,
          seqno: 0,
          dataSeqno: 0,
          createdSeqno: 0,
          data: post.data.toString('base64'),
          signature: post.signature.toString('base64'),
          whisperTo: null,
          whisperMods: false,
          files: [],
          reactions: [],
        };
        touch(room, message, true);
        message.createdSeqno = message.seqno;
        store.messages.add(message);
      }
    });
  } catch (error) {
    // Nothing was written: the room's sequence goes back to what its messages say.
    room.messageSequence = store.messages.highestSeqno(room.token);
    throw error;
  }
  const writingMs = performance.now() - writingStarted;

  // The server knows its posters, as pysogs knows everyone who posted (DMs to them need it).
  for (const poster of posters) {
    store.data.users[poster.sessionId] ??= { created: posts[0]!.posted, lastActive: lastPosted };
  }
  store.changed();
  return {
    room: room.token,
    count,
    firstId,
    lastId: firstId + count - 1,
    firstSeqno: room.messageSequence - count + 1,
    lastSeqno: room.messageSequence,
    posters: posters.map((poster) => poster.sessionId),
    signingMs,
    writingMs,
  };
}
