import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database';
import { migrations } from './migrations';
import { SettingsRepository } from './settingsRepository';

describe('SettingsRepository', () => {
  let directory: string;
  let database: SqliteDatabase;
  let settings: SettingsRepository;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-settings-'));
    database = openDatabase({
      file: path.join(directory, 'db.sqlite'),
      key: new Uint8Array(32).fill(3),
      migrations,
    });
    settings = new SettingsRepository(database);
  });
  afterEach(async () => {
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  const storeRaw = (name: string, value: string): void => {
    database
      .prepare(
        `INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      )
      .run(name, value);
  };

  it('shows name and message until the person chooses otherwise, and keeps the choice', () => {
    expect(settings.get('notifications')).toBe('nameAndMessage');
    settings.set('notifications', 'countOnly');
    expect(settings.get('notifications')).toBe('countOnly');
    expect(new SettingsRepository(database).get('notifications')).toBe('countOnly');
  });

  it('reads an unknown or damaged stored mode as the default', () => {
    storeRaw('notifications', JSON.stringify('everything'));
    expect(settings.get('notifications')).toBe('nameAndMessage');
    storeRaw('notifications', '{not json');
    expect(settings.get('notifications')).toBe('nameAndMessage');
    storeRaw('notifications', JSON.stringify(3));
    expect(settings.get('notifications')).toBe('nameAndMessage');
  });
});
