// The schema step for blinded DMs (protocol-messages.md §6.6), kept in its own file so that it
// stays one self-contained step whatever number it is given (migrations.ts lists it).
import type { Migration } from './database';

export function blindedMessagesMigration(version: number): Migration {
  return {
    version,
    description: 'blinded DMs from community members: inbox positions, blinded contacts',
    up: (database) =>
      database.exec(`
        -- Per community server: the newest inbox and outbox IDs read (§6.5 \`/inbox/since/<id>\`),
        -- so that nothing is read twice after a restart, and whether the server said it blinds
        -- (\`blind\` in its capabilities): only then are its inbox and outbox polled.
        CREATE TABLE community_inboxes (
          base_url TEXT PRIMARY KEY,
          inbox_seen INTEGER NOT NULL DEFAULT 0,
          outbox_seen INTEGER NOT NULL DEFAULT 0,
          blinds INTEGER NOT NULL DEFAULT 0 CHECK (blinds IN (0, 1))
        ) STRICT;

        -- A conversation with a community member known by their 15… blinded ID: the server it
        -- goes through, their Session ID once a message of theirs told it, and the room we first
        -- met them in (what a request shows).
        CREATE TABLE blinded_contacts (
          blinded_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
          base_url TEXT NOT NULL,
          server_key BLOB NOT NULL,
          session_id TEXT,
          room_id TEXT
        ) STRICT;

        -- Community members whose posts say they refuse blinded DMs (DataMessage 106), by the ID
        -- they post with; the newest post decides.
        CREATE TABLE community_request_refusals (
          member TEXT PRIMARY KEY,
          refuses INTEGER NOT NULL CHECK (refuses IN (0, 1)),
          updated_at INTEGER NOT NULL
        ) STRICT;
      `),
  };
}
