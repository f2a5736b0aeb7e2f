import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database';
import { HistoryPages } from './historyPages';
import { MessageRepository, type NewMessageRecord, type StoredMessage } from './messageRepository';
import { migrations } from './migrations';

const bob = `05${'b'.repeat(64)}`;
const carol = `05${'c'.repeat(64)}`;

describe('HistoryPages', () => {
  let directory: string;
  let database: SqliteDatabase;
  let history: HistoryPages;
  let stored: StoredMessage[];
  const numbers = (page: readonly StoredMessage[]): number[] => page.map((message) => Number(message.body));

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-history-'));
    database = openDatabase({
      file: path.join(directory, 'db.sqlite'),
      key: new Uint8Array(32).fill(3),
      migrations,
    });
    const messages = new MessageRepository(database);
    const record = (conversationId: string, index: number): NewMessageRecord => ({
      conversationId,
      author: conversationId,
      direction: 'incoming',
      state: null,
      sentAt: 1_700_000_000_000 + index * 1000,
      receivedAt: 1_700_000_000_000,
      body: String(index),
      storageHash: null,
      newConversationState: 'accepted',
    });
    stored = messages.insert(Array.from({ length: 20 }, (_, index) => record(bob, index)));
    messages.insert([record(carol, 100)]);
    history = new HistoryPages(database);
  });
  afterEach(async () => {
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('opens a window around a message, newest first, with cursors on both sides', () => {
    const window = history.around(bob, stored[10]!.id, 5)!;
    expect(numbers(window.messages)).toEqual([12, 11, 10, 9, 8]);
    expect(window.before).toEqual({ sentAt: stored[8]!.sentAt, id: stored[8]!.id });
    expect(window.after).toEqual({ sentAt: stored[12]!.sentAt, id: stored[12]!.id });
    // Paging on from the window's edges meets every message once.
    expect(numbers(history.newer(bob, 5, window.after!).messages)).toEqual([17, 16, 15, 14, 13]);
    const last = history.newer(bob, 5, { sentAt: stored[14]!.sentAt, id: stored[14]!.id });
    expect(numbers(last.messages)).toEqual([19, 18, 17, 16, 15]);
    expect(last.after).toBeNull();
  });

  it('gives one side what the other lacks at the ends of the history', () => {
    const newest = history.around(bob, stored[19]!.id, 5)!;
    expect(numbers(newest.messages)).toEqual([19, 18, 17, 16, 15]);
    expect(newest.after).toBeNull();
    expect(newest.before).not.toBeNull();
    const oldest = history.around(bob, stored[1]!.id, 5)!;
    expect(numbers(oldest.messages)).toEqual([4, 3, 2, 1, 0]);
    expect(oldest.before).toBeNull();
  });

  it('knows no message of another conversation', () => {
    expect(history.around(carol, stored[3]!.id, 5)).toBeUndefined();
  });
});
