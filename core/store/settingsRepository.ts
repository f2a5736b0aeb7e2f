// The profile's settings and its own profile, as JSON values by name. Unknown or damaged values read
// as their defaults, so an older or newer Starling never fails on them.
import { z } from 'zod';
import { notificationModes, skinTones } from '../../shared/contract/clientApi';
import type { SqliteDatabase } from './database';

/** How many recent emoji are kept: four rows of the picker. */
export const maximumRecentEmoji = 36;

const schemas = {
  readReceipts: z.boolean(),
  typingIndicators: z.boolean(),
  notifications: z.enum(notificationModes),
  displayName: z.string().nullable(),
  /** The configs hold what this profile knew before them (core/config/accountSync.ts). */
  configsSeeded: z.boolean(),
  /** Images and voice notes up to this many bytes are downloaded as they arrive; 0: none. */
  autoDownloadBytes: z.number().int().min(0).max(10_000_000),
  /** The emoji picker's recent emoji, best first, each with its score (core/messaging/emojiPreferences.ts). */
  recentEmoji: z
    .array(z.object({ emoji: z.string().min(1).max(32), score: z.number().positive().finite() }))
    .max(maximumRecentEmoji),
  /** The skin tone the emoji picker applies. */
  emojiSkinTone: z.enum(skinTones),
  /** Blinded DMs from community members not accepted yet are taken, as message requests. */
  communityMessageRequests: z.boolean(),
};

export type SettingName = keyof typeof schemas;
export type SettingValue<Name extends SettingName> = z.infer<(typeof schemas)[Name]>;

// Desktop's defaults: read receipts and typing indicators are off until the user turns them on.
const defaults: { [Name in SettingName]: SettingValue<Name> } = {
  readReceipts: false,
  typingIndicators: false,
  // The reference client shows who wrote and what; the person can reveal less in Settings.
  notifications: notificationModes[0],
  displayName: null,
  configsSeeded: false,
  // Every image and voice note (the largest file is 10 MB), as the official clients do for
  // contacts; larger limits than the person wants are set lower in Settings.
  autoDownloadBytes: 10_000_000,
  recentEmoji: [],
  emojiSkinTone: skinTones[0],
  // Desktop takes community message requests unless the person turns them off.
  communityMessageRequests: true,
};

export class SettingsRepository {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    this.statements = {
      get: database.prepare(`SELECT value FROM settings WHERE name = ?`),
      set: database.prepare(
        `INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      ),
    };
  }

  get<Name extends SettingName>(name: Name): SettingValue<Name> {
    const row = this.statements.get.get(name) as { value: string } | undefined;
    if (!row) return defaults[name];
    try {
      const parsed = schemas[name].safeParse(JSON.parse(row.value));
      return parsed.success ? (parsed.data as SettingValue<Name>) : defaults[name];
    } catch {
      return defaults[name];
    }
  }

  set<Name extends SettingName>(name: Name, value: SettingValue<Name>): void {
    this.statements.set.run(name, JSON.stringify(value));
  }
}
