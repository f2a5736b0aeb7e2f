// The schema of the profile's database, one numbered step at a time (core/store/database.ts). A
// released step is never edited: changes come as new steps.
import type { Migration } from './database';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'one-to-one conversations and their messages',
    up: (database) =>
      database.exec(`
        CREATE TABLE conversations (
          id TEXT PRIMARY KEY,
          state TEXT NOT NULL CHECK (state IN ('accepted', 'request', 'declined', 'blocked')),
          display_name TEXT,
          unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
          last_message_at INTEGER,
          created_at INTEGER NOT NULL
        ) STRICT;

        -- A message is named in the protocol by its author and sent timestamp (quotes, reactions,
        -- receipts, unsend: protocol-messages.md §3), and on the swarm by its storage hash; either
        -- seen twice is the same message.
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
          author TEXT NOT NULL,
          sent_at INTEGER NOT NULL,
          received_at INTEGER NOT NULL,
          direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
          body TEXT,
          storage_hash TEXT UNIQUE,
          UNIQUE (author, sent_at)
        ) STRICT;

        CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_at, id);
      `),
  },
];
