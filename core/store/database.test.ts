import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusalCode } from '../../test/refusal';
import { type Migration, openDatabase } from './database';

const key = new Uint8Array(32).fill(7);
const migrations: Migration[] = [
  {
    version: 1,
    description: 'notes',
    up: (database) => database.exec('CREATE TABLE notes (body TEXT NOT NULL)'),
  },
  {
    version: 2,
    description: 'note times',
    up: (database) => database.exec('ALTER TABLE notes ADD COLUMN written_at INTEGER NOT NULL DEFAULT 0'),
  },
];

describe('openDatabase', () => {
  let directory: string;
  let file: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-database-'));
    file = path.join(directory, 'messages.sqlite');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps nothing readable on disk, in the file or its write-ahead log', async () => {
    const database = openDatabase({ file, key, migrations });
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    database.prepare('INSERT INTO notes (body) VALUES (?)').run('the-secret-marker');
    for (const name of await readdir(directory)) {
      expect((await readFile(path.join(directory, name))).includes('the-secret-marker')).toBe(false);
    }
    database.close();
    const reopened = openDatabase({ file, key, migrations });
    expect(reopened.prepare('SELECT body FROM notes').all()).toEqual([{ body: 'the-secret-marker' }]);
    reopened.close();
  });

  it('keeps the file and its -wal and -shm readable by their owner only', async () => {
    const database = openDatabase({ file, key, migrations });
    database.prepare('INSERT INTO notes (body) VALUES (?)').run('a note');
    const names = await readdir(directory);
    expect(names.sort()).toEqual(['messages.sqlite', 'messages.sqlite-shm', 'messages.sqlite-wal']);
    for (const name of names) {
      expect({ name, mode: (await stat(path.join(directory, name))).mode & 0o777 }).toEqual({
        name,
        mode: 0o600,
      });
    }
    database.close();
    // A file an older version left readable by others is narrowed when opened.
    await chmod(file, 0o644);
    openDatabase({ file, key, migrations }).close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses another key, and a file that is not a database', async () => {
    openDatabase({ file, key, migrations }).close();
    expect(refusalCode(() => openDatabase({ file, key: new Uint8Array(32).fill(8), migrations }))).toBe(
      'databaseLocked',
    );
    const junk = path.join(directory, 'junk.sqlite');
    await writeFile(junk, Buffer.alloc(8192, 0x5a));
    expect(refusalCode(() => openDatabase({ file: junk, key, migrations }))).toBe('databaseLocked');
  });

  it('applies only the migrations a file has not seen, and refuses a newer schema', () => {
    openDatabase({ file, key, migrations: migrations.slice(0, 1) }).close();
    const upgraded = openDatabase({ file, key, migrations });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(2);
    upgraded.prepare('INSERT INTO notes (body, written_at) VALUES (?, ?)').run('later', 5);
    upgraded.close();
    expect(refusalCode(() => openDatabase({ file, key, migrations: migrations.slice(0, 1) }))).toBe(
      'databaseTooNew',
    );
    expect(() => openDatabase({ file, key, migrations: [migrations[1]!] })).toThrow(/numbered 2/u);
  });
});
