import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationRepository } from './conversationRepository';
import { openDatabase, type SqliteDatabase } from './database';
import { migrations } from './migrations';

const bob = `05${'b'.repeat(64)}`;
const carol = `05${'c'.repeat(64)}`;
const key = new Uint8Array(32).fill(4);

describe('ConversationRepository mutes', () => {
  let directory: string;
  let file: string;
  let database: SqliteDatabase;
  let conversations: ConversationRepository;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-conversations-'));
    file = path.join(directory, 'db.sqlite');
    database = openDatabase({ file, key, migrations });
    conversations = new ConversationRepository(database);
  });
  afterEach(async () => {
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('adds the mute to a database made before it, unmuted', () => {
    database.close();
    const older = path.join(directory, 'older.sqlite');
    const version2 = openDatabase({ file: older, key, migrations: migrations.slice(0, 2) });
    version2.prepare(`INSERT INTO conversations (id, state, created_at) VALUES (?, 'accepted', 1)`).run(bob);
    version2.close();
    database = openDatabase({ file: older, key, migrations });
    expect(database.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(new ConversationRepository(database).get(bob)?.mutedUntil).toBeNull();
    expect(new ConversationRepository(database).get(bob)?.messagesNotKept).toBe(0);
  });

  it('keeps a timed mute, a mute until unmuted, and an unmute', () => {
    conversations.ensure(bob, 'accepted', 1);
    conversations.ensure(carol, 'accepted', 1);
    expect(conversations.get(bob)?.mutedUntil).toBeNull();
    conversations.setMutedUntil(bob, 5_000);
    conversations.setMutedUntil(carol, 'forever');
    expect(conversations.get(bob)?.mutedUntil).toBe(5_000);
    expect(conversations.get(carol)?.mutedUntil).toBe('forever');
    conversations.setMutedUntil(bob, null);
    expect(conversations.get(bob)?.mutedUntil).toBeNull();
  });

  it('finds the next end of a timed mute and forgets the ended ones, never a mute until unmuted', () => {
    conversations.ensure(bob, 'accepted', 1);
    conversations.ensure(carol, 'accepted', 1);
    expect(conversations.nextMuteEnd()).toBeNull();
    conversations.setMutedUntil(carol, 'forever');
    expect(conversations.nextMuteEnd()).toBeNull();
    conversations.setMutedUntil(bob, 5_000);
    expect(conversations.nextMuteEnd()).toBe(5_000);
    expect(conversations.endMutes(4_999)).toEqual([]);
    expect(conversations.endMutes(5_000)).toEqual([bob]);
    expect(conversations.get(bob)?.mutedUntil).toBeNull();
    expect(conversations.get(carol)?.mutedUntil).toBe('forever');
    expect(conversations.endMutes(Number.MAX_SAFE_INTEGER - 1)).toEqual([]);
  });
});
