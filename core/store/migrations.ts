// The schema of the profile's database, one numbered step at a time (core/store/database.ts). A
// released step is never edited: changes come as new steps.
import type { Migration } from './database';
import { blindedMessagesMigration } from './blindedMessagesMigration';

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
  {
    version: 2,
    description:
      'delivery states, quotes, reactions, disappearing messages, contacts, outbox, poll state, settings',
    up: (database) =>
      database.exec(`
        -- What a conversation's messages do after send or after read (Content.expirationType/Timer,
        -- protocol-messages.md §3), and whether the other side accepted our request.
        ALTER TABLE conversations ADD COLUMN disappearing_mode TEXT NOT NULL DEFAULT 'off'
          CHECK (disappearing_mode IN ('off', 'afterSend', 'afterRead'));
        ALTER TABLE conversations ADD COLUMN disappearing_seconds INTEGER NOT NULL DEFAULT 0;

        -- Outgoing messages move sending → sent → read, or to failed; incoming ones have no state.
        ALTER TABLE messages ADD COLUMN state TEXT
          CHECK (state IS NULL OR state IN ('sending', 'sent', 'read', 'failed'));
        ALTER TABLE messages ADD COLUMN failure TEXT;
        -- The hash of an outgoing message in the recipient's swarm (storage_hash is always a hash
        -- in our own swarm, which we may delete or expire as its owner).
        ALTER TABLE messages ADD COLUMN recipient_hash TEXT;
        ALTER TABLE messages ADD COLUMN read_at INTEGER;
        ALTER TABLE messages ADD COLUMN quote_author TEXT;
        ALTER TABLE messages ADD COLUMN quote_sent_at INTEGER;
        ALTER TABLE messages ADD COLUMN expiration_mode TEXT
          CHECK (expiration_mode IS NULL OR expiration_mode IN ('afterSend', 'afterRead'));
        ALTER TABLE messages ADD COLUMN expiration_seconds INTEGER;
        ALTER TABLE messages ADD COLUMN expires_at INTEGER;
        -- An unsent message keeps its place in the conversation without its content.
        ALTER TABLE messages ADD COLUMN unsent INTEGER NOT NULL DEFAULT 0;

        CREATE INDEX messages_by_expiry ON messages (expires_at) WHERE expires_at IS NOT NULL;
        CREATE INDEX messages_unread ON messages (conversation_id)
          WHERE direction = 'incoming' AND read_at IS NULL;

        CREATE TABLE reactions (
          message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
          author TEXT NOT NULL,
          emoji TEXT NOT NULL,
          reacted_at INTEGER NOT NULL,
          PRIMARY KEY (message_id, author, emoji)
        ) STRICT;

        -- What other people tell us about themselves (LokiProfile, MessageRequestResponse).
        CREATE TABLE contacts (
          session_id TEXT PRIMARY KEY,
          display_name TEXT,
          approved_me INTEGER NOT NULL DEFAULT 0,
          profile_updated_at INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        -- Every store still to make: saved before the first attempt, removed once the swarm
        -- confirmed it. data is the exact frame, so a retry stores the same bytes (the same hash).
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY,
          message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
          purpose TEXT NOT NULL CHECK (purpose IN ('message', 'syncCopy', 'control')),
          destination TEXT NOT NULL,
          data BLOB NOT NULL,
          ttl_ms INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          failed INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX outbox_due ON outbox (failed, next_attempt_at);

        -- protocol-network.md §11: the last hash seen per service node × swarm owner × namespace.
        CREATE TABLE poll_state (
          node TEXT NOT NULL,
          owner TEXT NOT NULL,
          namespace INTEGER NOT NULL,
          last_hash TEXT NOT NULL,
          PRIMARY KEY (node, owner, namespace)
        ) STRICT, WITHOUT ROWID;

        -- Hashes of messages deleted here (for me, declined, from a blocked sender, expired): a swarm
        -- member not polled before would hand them over again as new, until the swarm drops them.
        CREATE TABLE dropped_messages (
          storage_hash TEXT PRIMARY KEY,
          forget_after INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- Unsend requests that came before their message (another poll, another node): the message
        -- is dropped when it comes.
        CREATE TABLE unsent_messages (
          author TEXT NOT NULL,
          sent_at INTEGER NOT NULL,
          forget_after INTEGER NOT NULL,
          PRIMARY KEY (author, sent_at)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE settings (
          name TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
      `),
  },
  {
    version: 3,
    description: 'muted conversations',
    up: (database) =>
      database.exec(`
        -- When the person's mute of a conversation's notifications ends, ms in this device's time;
        -- NULL when not muted. A mute "until I unmute" is stored as the largest safe integer (see
        -- conversationRepository.ts), so that "muted_until > now" alone tells an active mute.
        ALTER TABLE conversations ADD COLUMN muted_until INTEGER CHECK (muted_until IS NULL OR muted_until > 0);
      `),
  },
  {
    version: 4,
    description: 'what was not kept of message requests',
    up: (database) =>
      database.exec(`
        -- How many messages of a request were dropped because an unaccepted sender may store only so
        -- much here (core/messaging/requests.ts), to tell the person in the request's view.
        ALTER TABLE conversations ADD COLUMN messages_not_kept INTEGER NOT NULL DEFAULT 0
          CHECK (messages_not_kept >= 0);
      `),
  },
  {
    version: 5,
    description: "the account's config objects (libsession dumps)",
    up: (database) =>
      database.exec(`
        -- One row per user config (protocol-config-groups.md §3 "Dump format"): the current message,
        -- its state (clean / dirty / waiting) and its storage hashes, so that a restarted engine
        -- resumes a push under way and deletes what it superseded. Written in the same transaction
        -- as the changes the config brought.
        CREATE TABLE config_dumps (
          kind TEXT PRIMARY KEY
            CHECK (kind IN ('userProfile', 'contacts', 'conversationInfoVolatile', 'userGroups')),
          dump BLOB NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- What the Contacts config (§5.2) adds to a person and a conversation: the nickname the
        -- account gave them, and the priority (−1 hidden, 0 normal, > 0 pinned, higher first).
        ALTER TABLE contacts ADD COLUMN nickname TEXT;
        ALTER TABLE conversations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        -- ConvoInfoVolatile (§5.3): "marked unread" by the person, on any of the account's devices.
        ALTER TABLE conversations ADD COLUMN marked_unread INTEGER NOT NULL DEFAULT 0
          CHECK (marked_unread IN (0, 1));
      `),
  },
  {
    version: 6,
    description: 'closed groups (groups v2)',
    up: (database) =>
      database.exec(`
        -- Group messages are stored in the group's swarm, namespace 11 (protocol-config-groups.md §6.5).
        ALTER TABLE outbox ADD COLUMN namespace INTEGER NOT NULL DEFAULT 0;
        -- A group's control message ("Alice added Bob"), as JSON (core/store/groupControl.ts); NULL
        -- for an ordinary message.
        ALTER TABLE messages ADD COLUMN control TEXT;

        -- One row per 03… group the account is in or was invited to (core/groups). The group's
        -- conversation is the conversations row of the same id. The admin seed or the member's
        -- subaccount auth data (§6.6) sign its requests; the three dumps are its Keys, Info and
        -- Members objects (§6.2–6.4), written in the same transaction as what they brought.
        CREATE TABLE groups (
          id TEXT PRIMARY KEY CHECK (length(id) = 66 AND substr(id, 1, 2) = '03'),
          status TEXT NOT NULL
            CHECK (status IN ('invited', 'member', 'kicked', 'destroyed', 'left')),
          admin_seed BLOB CHECK (admin_seed IS NULL OR length(admin_seed) = 32),
          auth_data BLOB CHECK (auth_data IS NULL OR length(auth_data) = 100),
          -- The group's name as its Info says (or the invite, before Info can be read): the
          -- conversation's name.
          name TEXT,
          invited_by TEXT,
          -- The invite response (§6.9 Invitee step 4) still to send once the keys have come.
          invite_response_due INTEGER NOT NULL DEFAULT 0 CHECK (invite_response_due IN (0, 1)),
          joined_at INTEGER NOT NULL,
          keys_dump BLOB,
          info_dump BLOB,
          members_dump BLOB
        ) STRICT;
      `),
  },
  {
    version: 7,
    description: 'attachments',
    up: (database) =>
      database.exec(`
        -- One row per file of a message (protocol-messages.md §5), in the message's order. An
        -- outgoing file is uploaded ('upload' → 'ready'); an incoming one waits ('remote'), is
        -- fetched ('download' → 'ready'), or fails ('failed', with the reason). The pointer's fields
        -- (url, key, digest, size…) are what the message carries; the file itself, once here, is kept
        -- encrypted at rest under local_name with its own local_key (core/attachments/attachmentVault).
        CREATE TABLE attachments (
          id INTEGER PRIMARY KEY,
          message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
          position INTEGER NOT NULL CHECK (position >= 0),
          state TEXT NOT NULL CHECK (state IN ('upload', 'remote', 'download', 'ready', 'failed')),
          content_type TEXT NOT NULL,
          file_name TEXT,
          size INTEGER NOT NULL CHECK (size >= 0),
          width INTEGER,
          height INTEGER,
          voice INTEGER NOT NULL DEFAULT 0 CHECK (voice IN (0, 1)),
          caption TEXT,
          url TEXT,
          file_key BLOB CHECK (file_key IS NULL OR length(file_key) = 64),
          digest BLOB CHECK (digest IS NULL OR length(digest) = 32),
          -- When the file server forgets the upload (ms), as far as we know.
          server_expires_at INTEGER,
          local_name TEXT UNIQUE,
          local_key BLOB CHECK (local_key IS NULL OR length(local_key) = 32),
          -- SHA-256 of the plaintext, once it is here.
          sha256 BLOB,
          -- An image's 200 px thumbnail in the vault, made here (never trusted from a sender).
          thumbnail_name TEXT UNIQUE,
          thumbnail_key BLOB CHECK (thumbnail_key IS NULL OR length(thumbnail_key) = 32),
          -- A voice note's waveform (one byte per bar) and length, measured once from its audio.
          waveform BLOB CHECK (waveform IS NULL OR length(waveform) <= 256),
          duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          failure TEXT,
          UNIQUE (message_id, position)
        ) STRICT;
        CREATE INDEX attachments_due ON attachments (state, next_attempt_at)
          WHERE state IN ('upload', 'download');

        -- A file at rest outlives its row for a moment: whatever deletes the row (a deleted or
        -- expired message, a deleted conversation, cascading) leaves its name here, and the vault
        -- removes the file. So no path that deletes messages can forget the files.
        CREATE TABLE orphaned_files (local_name TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
        CREATE TRIGGER attachment_file_orphaned AFTER DELETE ON attachments
          BEGIN
            INSERT OR IGNORE INTO orphaned_files (local_name)
              SELECT name FROM (SELECT old.local_name AS name UNION ALL SELECT old.thumbnail_name)
              WHERE name IS NOT NULL;
          END;
        -- Messages waiting for their uploads have their content built only then (core/attachments).
        ALTER TABLE messages ADD COLUMN content_queued INTEGER NOT NULL DEFAULT 1
          CHECK (content_queued IN (0, 1));
      `),
  },
  {
    version: 8,
    description: 'profile pictures',
    up: (database) =>
      database.exec(`
        -- The profile pictures this device knows, by whose they are: the account's own, and other
        -- people's as their messages and the configs told them (protocol-messages.md §5.1). url and
        -- picture_key are what the profile carried; state 'none' records that a profile said "no
        -- picture" (so an older message cannot bring one back); 'held' a picture named by someone
        -- whose message request is not accepted, fetched only once it is (a flood of strangers must
        -- not cost a download each). The picture itself, once fetched and re-encoded here, is in the
        -- vault under local_name; while a new one downloads, the previous one stays shown.
        CREATE TABLE profile_pictures (
          session_id TEXT PRIMARY KEY,
          state TEXT NOT NULL CHECK (state IN ('none', 'held', 'download', 'ready', 'failed')),
          url TEXT,
          picture_key BLOB CHECK (picture_key IS NULL OR length(picture_key) = 32),
          -- When the profile that said it was sent (ms): an older one changes nothing.
          updated_at INTEGER NOT NULL,
          local_name TEXT UNIQUE,
          local_key BLOB CHECK (local_key IS NULL OR length(local_key) = 32),
          content_type TEXT,
          -- Our own upload: when it was made and when the file server forgets it (ms).
          uploaded_at INTEGER,
          server_expires_at INTEGER,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          failure TEXT,
          CHECK ((state = 'none') = (url IS NULL)),
          CHECK ((url IS NULL) = (picture_key IS NULL))
        ) STRICT;
        CREATE INDEX profile_pictures_due ON profile_pictures (next_attempt_at)
          WHERE state IN ('held', 'download');
        -- As with attachments, a replaced or deleted picture leaves its file for the vault to remove.
        CREATE TRIGGER profile_picture_file_orphaned AFTER DELETE ON profile_pictures
          WHEN old.local_name IS NOT NULL
          BEGIN
            INSERT OR IGNORE INTO orphaned_files (local_name) VALUES (old.local_name);
          END;
        CREATE TRIGGER profile_picture_file_replaced AFTER UPDATE OF local_name ON profile_pictures
          WHEN old.local_name IS NOT NULL AND old.local_name IS NOT new.local_name
          BEGIN
            INSERT OR IGNORE INTO orphaned_files (local_name) VALUES (old.local_name);
          END;
      `),
  },
  {
    version: 9,
    description: 'communities (open groups)',
    up: (database) =>
      database.exec(`
        -- One row per community room the account joined (protocol-messages.md §6); its conversation
        -- is the conversations row of the same id (\`<canonical base URL>/<room token>\`). The room's
        -- token as the server spells it, the server's X25519 key (§6.1), what pollInfo last said
        -- (info_updates, name, description, our standing as JSON), and how far polling has come:
        -- seqno is the newest change applied (§6.5 \`since/<seqno>\`), oldest_id the oldest message
        -- fetched when paging back (\`before/<id>\`), history_complete once nothing older exists.
        CREATE TABLE communities (
          id TEXT PRIMARY KEY CHECK (id LIKE 'http%://%/%'),
          base_url TEXT NOT NULL,
          room TEXT NOT NULL,
          public_key BLOB NOT NULL CHECK (length(public_key) = 32),
          name TEXT,
          description TEXT,
          info_updates INTEGER NOT NULL DEFAULT -1,
          seqno INTEGER NOT NULL DEFAULT 0,
          oldest_id INTEGER,
          history_complete INTEGER NOT NULL DEFAULT 0 CHECK (history_complete IN (0, 1)),
          active_users INTEGER,
          standing TEXT,
          pinned TEXT,
          joined_at INTEGER NOT NULL,
          -- When the server last answered, and why it did not since (in words), if it did not.
          reached_at INTEGER,
          failure TEXT
        ) STRICT;
        CREATE INDEX communities_by_server ON communities (base_url);
        -- What the server says of each message it gave us: its id and seqno there, who posted it as
        -- the server knows them (15… blinded or 05…), when, whether and when it was edited, and the
        -- exact data and signature (§6.4), so that the room's history can be exported and checked.
        CREATE TABLE community_posts (
          message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
          conversation_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
          server_id INTEGER NOT NULL,
          seqno INTEGER NOT NULL,
          poster TEXT NOT NULL,
          posted_at INTEGER NOT NULL,
          edited_at INTEGER,
          data BLOB,
          signature BLOB,
          whisper_to TEXT,
          whisper_mods INTEGER NOT NULL DEFAULT 0 CHECK (whisper_mods IN (0, 1)),
          UNIQUE (conversation_id, server_id)
        ) STRICT;
        -- A community message's reactions are the server's (§6.4 \`reactions\`): a count per emoji,
        -- whether we are among them, and the first reactors it listed.
        CREATE TABLE community_reactions (
          message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
          emoji TEXT NOT NULL,
          position INTEGER NOT NULL,
          count INTEGER NOT NULL CHECK (count > 0),
          mine INTEGER NOT NULL DEFAULT 0 CHECK (mine IN (0, 1)),
          reactors TEXT NOT NULL,
          PRIMARY KEY (message_id, emoji)
        ) STRICT, WITHOUT ROWID;
        -- When a message was edited (a community post edited on its server), ms.
        ALTER TABLE messages ADD COLUMN edited_at INTEGER;
      `),
  },
  {
    version: 10,
    description: 'community whispers waiting in the outbox',
    up: (database) =>
      database.exec(`
        -- A post waiting to go to a community room may be a whisper (protocol-messages.md §6.4
        -- \`whisper_to\`, \`whisper_mods\`): kept with the entry, so that a retry after a restart
        -- posts it as one still.
        ALTER TABLE outbox ADD COLUMN whisper_to TEXT;
        ALTER TABLE outbox ADD COLUMN whisper_mods INTEGER NOT NULL DEFAULT 0 CHECK (whisper_mods IN (0, 1));
      `),
  },
  {
    version: 11,
    description: 'full-text search of message bodies',
    up: (database) =>
      database.exec(`
        -- The words of every message a person can find (core/store/messageSearch.ts): an FTS5 index
        -- whose text stays in messages (external content), so bodies are not stored twice. unicode61
        -- folds case, and remove_diacritics 2 folds Latin accents ("Zoë" is found by "zoe"); prefix
        -- '2' keeps an index of two-letter prefixes, for the word still being typed.
        CREATE VIRTUAL TABLE message_search USING fts5(
          body,
          content = 'messages',
          content_rowid = 'id',
          tokenize = 'unicode61 remove_diacritics 2',
          prefix = '2'
        );

        -- Kept by triggers, so every write of a message (insert, edit, unsend, delete, expiry, a
        -- deleted conversation's cascade) changes the index in its own transaction, whichever
        -- repository made it. Control messages and unsent ones are never findable. An external
        -- content index must be told the exact text it indexed to remove it: 'delete' passes the
        -- old row's body, under the same condition that indexed it.
        CREATE TRIGGER message_search_inserted AFTER INSERT ON messages
          WHEN new.body IS NOT NULL AND new.unsent = 0 AND new.control IS NULL
          BEGIN
            INSERT INTO message_search (rowid, body) VALUES (new.id, new.body);
          END;
        CREATE TRIGGER message_search_deleted AFTER DELETE ON messages
          WHEN old.body IS NOT NULL AND old.unsent = 0 AND old.control IS NULL
          BEGIN
            INSERT INTO message_search (message_search, rowid, body) VALUES ('delete', old.id, old.body);
          END;
        CREATE TRIGGER message_search_updated AFTER UPDATE OF body, unsent, control ON messages
          BEGIN
            INSERT INTO message_search (message_search, rowid, body)
              SELECT 'delete', old.id, old.body
              WHERE old.body IS NOT NULL AND old.unsent = 0 AND old.control IS NULL;
            INSERT INTO message_search (rowid, body)
              SELECT new.id, new.body
              WHERE new.body IS NOT NULL AND new.unsent = 0 AND new.control IS NULL;
          END;

        -- All conversations' messages in time order, newest first: a common word's results are read
        -- along it (core/store/messageSearch.ts), stopping at the first page's worth.
        CREATE INDEX messages_by_sent_time ON messages (sent_at, id);

        -- The messages already here.
        INSERT INTO message_search (rowid, body)
          SELECT id, body FROM messages WHERE body IS NOT NULL AND unsent = 0 AND control IS NULL;
      `),
  },
  {
    version: 12,
    description: 'search keeps combining marks inside words',
    up: (database) =>
      database.exec(`
        -- unicode61 splits words at combining marks unless told otherwise: "दोस्त" (Devanagari,
        -- with a vowel sign and a virama) was indexed as the pieces "द", "स" and "त", so a search
        -- for it found any message holding those three letters anywhere (Thai, Bengali, Arabic with
        -- its vowel marks alike). Marks (M*) are now part of words; the emoji variation selectors
        -- (U+FE0E, U+FE0F, marks too) stay separators, or "❤️Thanks" would hide "thanks". The
        -- triggers name the index, not its settings, so they go on writing to the new one.
        DROP TABLE message_search;
        CREATE VIRTUAL TABLE message_search USING fts5(
          body,
          content = 'messages',
          content_rowid = 'id',
          tokenize = 'unicode61 remove_diacritics 2 categories ''L* N* Co M*'' separators ''\uFE0E\uFE0F''',
          prefix = '2'
        );
        INSERT INTO message_search (rowid, body)
          SELECT id, body FROM messages WHERE body IS NOT NULL AND unsent = 0 AND control IS NULL;
      `),
  },
  {
    version: 13,
    description: 'what each conversation holds, kept as it changes',
    up: (database) =>
      database.exec(`
        -- How many messages a conversation holds and the bytes of their bodies (UTF-8), for the
        -- limits of what an unaccepted sender may store (requestRepository.ts): summing them over
        -- every request for every poll's batch cost more than storing the batch, and grew with the
        -- database. Kept by triggers, so every write of a message (any repository, a cascade) keeps
        -- them true in its own transaction.
        ALTER TABLE conversations ADD COLUMN stored_messages INTEGER NOT NULL DEFAULT 0
          CHECK (stored_messages >= 0);
        ALTER TABLE conversations ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0
          CHECK (stored_bytes >= 0);
        UPDATE conversations SET
          stored_messages = (SELECT count(*) FROM messages WHERE conversation_id = conversations.id),
          stored_bytes = (SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) FROM messages
            WHERE conversation_id = conversations.id);

        CREATE TRIGGER conversation_holds_inserted AFTER INSERT ON messages
          BEGIN
            UPDATE conversations SET stored_messages = stored_messages + 1,
              stored_bytes = stored_bytes + coalesce(length(CAST(new.body AS BLOB)), 0)
            WHERE id = new.conversation_id;
          END;
        CREATE TRIGGER conversation_holds_deleted AFTER DELETE ON messages
          BEGIN
            UPDATE conversations SET stored_messages = stored_messages - 1,
              stored_bytes = stored_bytes - coalesce(length(CAST(old.body AS BLOB)), 0)
            WHERE id = old.conversation_id;
          END;
        CREATE TRIGGER conversation_holds_updated AFTER UPDATE OF body, conversation_id ON messages
          BEGIN
            UPDATE conversations SET stored_messages = stored_messages - 1,
              stored_bytes = stored_bytes - coalesce(length(CAST(old.body AS BLOB)), 0)
            WHERE id = old.conversation_id;
            UPDATE conversations SET stored_messages = stored_messages + 1,
              stored_bytes = stored_bytes + coalesce(length(CAST(new.body AS BLOB)), 0)
            WHERE id = new.conversation_id;
          END;
      `),
  },
  {
    version: 14,
    description: "a batch's words indexed once, at the end of its transaction",
    up: (database) =>
      database.exec(`
        -- FTS5 writes the words it holds in memory to disk at every savepoint, and SQLite opens one
        -- for each statement that fires a trigger (RETURNING counts as one). So through migration
        -- 11's trigger every stored message wrote an index segment of its own, and set off merges:
        -- 50 µs a message. Now a stored message's id waits here, and the writer of the batch indexes
        -- all of them with one statement at the end of the same transaction (searchIndex.ts), whose
        -- words FTS5 then writes once, at the commit. A message still waiting (a writer that has not
        -- got there yet) is left to that step by the edit and delete triggers, which must not tell
        -- the index about words it never had.
        CREATE TABLE message_search_pending (id INTEGER PRIMARY KEY) STRICT;
        DROP TRIGGER message_search_inserted;
        CREATE TRIGGER message_search_inserted AFTER INSERT ON messages
          WHEN new.body IS NOT NULL AND new.unsent = 0 AND new.control IS NULL
          BEGIN
            INSERT INTO message_search_pending (id) VALUES (new.id);
          END;
        DROP TRIGGER message_search_deleted;
        CREATE TRIGGER message_search_deleted AFTER DELETE ON messages
          BEGIN
            INSERT INTO message_search (message_search, rowid, body)
              SELECT 'delete', old.id, old.body
              WHERE old.body IS NOT NULL AND old.unsent = 0 AND old.control IS NULL
                AND NOT EXISTS (SELECT 1 FROM message_search_pending WHERE id = old.id);
            DELETE FROM message_search_pending WHERE id = old.id;
          END;
        DROP TRIGGER message_search_updated;
        CREATE TRIGGER message_search_updated AFTER UPDATE OF body, unsent, control ON messages
          WHEN NOT EXISTS (SELECT 1 FROM message_search_pending WHERE id = old.id)
          BEGIN
            INSERT INTO message_search (message_search, rowid, body)
              SELECT 'delete', old.id, old.body
              WHERE old.body IS NOT NULL AND old.unsent = 0 AND old.control IS NULL;
            INSERT INTO message_search (rowid, body)
              SELECT new.id, new.body
              WHERE new.body IS NOT NULL AND new.unsent = 0 AND new.control IS NULL;
          END;
      `),
  },
  {
    version: 15,
    description: 'no index of unread messages',
    up: (database) =>
      database.exec(`
        -- Every unread message stored wrote a page of this index in its conversation's place (a
        -- batch from 50 senders: 50 more pages to encrypt at its commit, a fifth of the commit's
        -- cost), and only counts read it: a conversation's unread messages are found along
        -- messages_by_conversation (the planner's choice, for their order), and its count is kept
        -- in conversations.unread_count, set from them when it is read and lowered when one goes.
        DROP INDEX messages_unread;
      `),
  },
  blindedMessagesMigration(16),
];
