// What the account's configs mean for this device (protocol-config-groups.md §5, design.md
// "Configs"): the database follows the configs after every merge, and the features' changes go into
// the configs, so that every device of the account shows the same name, contacts, nicknames,
// blocks, pins and read state. The database keeps a copy of what the configs say, for queries; the
// configs are the truth that travels.
//
// Only accepted and blocked conversations become Contacts entries: a message request is not a
// contact yet, and a flood of requests (issue 12) must not bloat a config that every device merges.
import { conversationKindOf } from '../../shared/protocol/identity/conversationId';
import type { ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import type { AccountView, ConversationView } from '../../shared/contract/views';
import type { UserConfigKind } from '../../shared/protocol/config/configKinds';
import {
  readContacts,
  readContact,
  updateContact,
  type ContactView,
} from '../../shared/protocol/config/types/contacts';
import {
  type ConversationInfoEntry,
  pruneConversationInfo,
  readConversationInfo,
  updateConversation,
} from '../../shared/protocol/config/types/conversationInfoVolatile';
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';
import {
  readUserProfile,
  setDisplayName,
  setNoteToSelfExpirySeconds,
  setNoteToSelfPriority,
  setProfilePicture,
  setReuploadedProfilePicture,
  stampProfileUpdate,
} from '../../shared/protocol/config/types/userProfile';
import { recordDisplayName } from '../identity/account';
import type { Logger } from '../logging/logger';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { MessageRepository } from '../store/messageRepository';
import type { SettingsRepository } from '../store/settingsRepository';
import type { UserConfigs } from './userConfigs';

/** What a merge changed here, to tell the UI once the transaction is committed. */
export interface SyncChanges {
  readonly conversations: ReadonlySet<string>;
  readonly account: boolean;
}

/** A merge that changed more conversations than this is told as one 'conversations.changed'. */
const conversationsPerEvent = 20;

/** The profile pictures (core/attachments/profilePictures.ts), as far as the configs meet them. */
export interface AccountPictures {
  /** A profile named this picture (null: none) as of `updatedAt` ms; whether it changed anything. */
  heard(
    sessionId: string,
    picture: ProfilePicture | null,
    updatedAt: number,
    options?: { readonly held?: boolean },
  ): boolean;
  ownToken(): string | undefined;
  /** The picture a person's profile last named, as Contacts entries carry it (`p`/`q`). */
  referenceOf(sessionId: string): ProfilePicture | null;
}

export type Emit = <Name extends ClientEventName>(name: Name, event: ClientEvents[Name]) => void;

export class AccountSync {
  constructor(
    private readonly options: {
      readonly configs: UserConfigs;
      readonly conversations: ConversationRepository;
      readonly messages: MessageRepository;
      readonly settings: SettingsRepository;
      readonly ownSessionId: string;
      readonly profileDirectory: string;
      readonly logger: Logger;
      readonly now: () => number;
      readonly emit: Emit;
      readonly conversationView: (record: ConversationRecord) => ConversationView;
      readonly pictures: AccountPictures;
    },
  ) {}

  /**
   * A profile from before the configs (or one whose configs were never pushed) writes what it knows
   * into them once: its name and its accepted and blocked contacts. Merging then reconciles this
   * with what the account's other devices pushed.
   */
  start(): void {
    const { configs, settings, conversations } = this.options;
    if (settings.get('configsSeeded')) return;
    const name = settings.get('displayName');
    if (name && readUserProfile(configs.data('userProfile')).displayName === null) {
      configs.edit('userProfile', (data) => setDisplayName(data, name));
    }
    this.conversationsChanged(
      [...conversations.list('accepted'), ...conversations.list('blocked')].map((record) => record.id),
    );
    settings.set('configsSeeded', true);
  }

  displayName(): string | null {
    return readUserProfile(this.options.configs.data('userProfile')).displayName;
  }

  account(): AccountView {
    const picture = this.options.pictures.ownToken();
    return {
      sessionId: this.options.ownSessionId,
      displayName: this.displayName(),
      ...(picture ? { picture } : {}),
    };
  }

  /**
   * Our picture was uploaded (or removed): UserProfile takes it, so that the account's other devices
   * show and send it too. A renewal of the same picture is no change on purpose (newer libsession's
   * P/Q/T, §5.1), so it stamps no `t`.
   */
  ownPictureChanged(picture: ProfilePicture | null, renewed: boolean): void {
    const nowSeconds = this.options.now() / 1000;
    this.options.configs.edit('userProfile', (data) => {
      if (renewed && picture !== null) {
        setReuploadedProfilePicture(data, picture, nowSeconds);
      } else {
        setProfilePicture(data, picture);
        stampProfileUpdate(data, nowSeconds);
      }
    });
  }

  /** Tells the UI the account changed (its picture arrived or went). */
  accountChanged(): void {
    this.options.emit('account.changed', { account: this.account() });
  }

  async setDisplayName(name: string): Promise<void> {
    if (name === this.displayName()) return;
    this.options.configs.edit('userProfile', (data) => {
      setDisplayName(data, name);
      stampProfileUpdate(data, this.options.now() / 1000);
    });
    this.options.settings.set('displayName', this.displayName());
    await this.displayNameChanged();
  }

  /**
   * Local changes to conversations (accepted, blocked, unblocked, declined, a disappearing setting, a
   * first message sent, the other party's name or approval): their Contacts entries follow, in one
   * edit however many there are (a bulk block of a flood of requests).
   */
  conversationsChanged(conversationIds: Iterable<string>): void {
    const { configs, conversations } = this.options;
    const data = configs.data('contacts');
    const updates: [string, Parameters<typeof updateContact>[2]][] = [];
    for (const id of new Set(conversationIds)) {
      if (id === this.options.ownSessionId) {
        this.noteToSelfChanged();
        continue;
      }
      // Groups are in UserGroups (core/groups keeps their entries), not in Contacts.
      if (conversationKindOf(id) !== 'direct') continue;
      const record = conversations.get(id);
      const entry = readContact(data, id);
      if (!record || (record.state !== 'accepted' && record.state !== 'blocked')) {
        // Declined, or back to a request: no longer approved here (nor blocked).
        if (entry && (entry.approved || entry.blocked))
          updates.push([id, { approved: false, blocked: false }]);
        continue;
      }
      const wanted = contactFields(record, this.options.pictures.referenceOf(id));
      if (entry && sameFields(entry, wanted)) continue;
      updates.push([
        id,
        entry ? wanted : { ...wanted, createdSeconds: Math.floor(this.options.now() / 1000) },
      ]);
    }
    if (updates.length === 0) return;
    configs.edit('contacts', (contacts) => {
      for (const [id, change] of updates) updateContact(contacts, id, change);
    });
  }

  /**
   * Note to Self is no contact: its pin and its disappearing timer live in UserProfile (§5.1), the
   * timer counted after send.
   */
  private noteToSelfChanged(): void {
    const record = this.options.conversations.get(this.options.ownSessionId);
    if (!record) return;
    const profile = readUserProfile(this.options.configs.data('userProfile'));
    const seconds = record.disappearing.mode === 'off' ? 0 : record.disappearing.seconds;
    if (profile.noteToSelfPriority === record.priority && profile.noteToSelfExpirySeconds === seconds) return;
    this.options.configs.edit('userProfile', (data) => {
      setNoteToSelfPriority(data, record.priority);
      setNoteToSelfExpirySeconds(data, seconds);
    });
  }

  /** The person read a conversation here: the other devices clear its badge too (§5.3). */
  conversationRead(conversationId: string, lastRead: number): void {
    this.options.conversations.setMarkedUnread(conversationId, false);
    const kind = conversationKindOf(conversationId);
    // A room's read state needs its server key in ConvoInfoVolatile (§5.3): not synced yet. A 15…
    // member has no entry there at all (only 05 and 03 IDs and rooms do): read on this device only.
    if (kind === 'community' || kind === 'blinded') return;
    const now = this.options.now();
    this.options.configs.edit('conversationInfoVolatile', (data) => {
      updateConversation(
        data,
        kind === 'group'
          ? { kind: 'group', groupId: conversationId }
          : { kind: 'oneToOne', sessionId: conversationId },
        { lastReadMs: lastRead, unread: false },
        now,
      );
      // libsession drops entries read long ago and not marked unread when it pushes (§5.3).
      pruneConversationInfo(data, now);
    });
  }

  setNickname(conversationId: string, nickname: string | null): void {
    const { configs, conversations } = this.options;
    // Contacts holds 05 people only: a 15… member's nickname stays on this device.
    if (conversationKindOf(conversationId) === 'direct') {
      configs.edit('contacts', (data) => updateContact(data, conversationId, { nickname }));
    }
    conversations.setNickname(conversationId, nickname);
    this.announce({ conversations: new Set([conversationId]), account: false });
  }

  setPinned(conversationId: string, pinned: boolean): ConversationView {
    const { conversations } = this.options;
    const record = conversations.get(conversationId)!;
    conversations.setPriority(conversationId, pinned ? Math.max(record.priority, 1) : 0);
    this.conversationsChanged([conversationId]);
    const view = this.options.conversationView(conversations.get(conversationId)!);
    this.options.emit('conversation.updated', { conversation: view });
    return view;
  }

  /**
   * After a merge, inside its transaction: the database takes what the merged configs say. Nothing
   * here edits a config, so applying never echoes back as a push.
   */
  applyRemote(kinds: ReadonlySet<UserConfigKind>): SyncChanges {
    const changed = new Set<string>();
    let account = false;
    if (kinds.has('userProfile')) {
      const name = this.displayName();
      if (name !== this.options.settings.get('displayName')) {
        this.options.settings.set('displayName', name);
        account = true;
      }
      if (this.applyNoteToSelf()) changed.add(this.options.ownSessionId);
      // A picture chosen (or removed) on another device: the merged config is the account's word.
      const picture = readUserProfile(this.options.configs.data('userProfile')).profilePicture;
      if (this.options.pictures.heard(this.options.ownSessionId, picture, this.options.now())) account = true;
    }
    if (kinds.has('contacts')) {
      for (const contact of readContacts(this.options.configs.data('contacts'))) {
        if (contact.sessionId === this.options.ownSessionId) continue;
        if (this.applyContact(contact)) changed.add(contact.sessionId);
        // The other devices' knowledge of a person's picture fills in what this one never heard;
        // the person's own messages (newer) decide after that.
        if (
          contact.profilePicture &&
          this.options.pictures.heard(contact.sessionId, contact.profilePicture, 0, {
            held: !contact.approved,
          })
        ) {
          changed.add(contact.sessionId);
        }
      }
    }
    if (kinds.has('conversationInfoVolatile')) {
      for (const id of this.applyReadState()) changed.add(id);
    }
    return { conversations: changed, account };
  }

  /** Tells the UI what a merge (or a local sync action) changed. */
  announce(changes: SyncChanges): void {
    const { conversations, emit } = this.options;
    if (changes.account) {
      void this.displayNameChanged();
    }
    const views = [...changes.conversations].flatMap((id) => {
      const record = conversations.get(id);
      return record ? [this.options.conversationView(record)] : [];
    });
    if (views.length > conversationsPerEvent) {
      emit('conversations.changed', { updated: views, removed: [] });
    } else {
      for (const conversation of views) emit('conversation.updated', { conversation });
    }
  }

  /** Tells the UI and the identity file; the settings' copy (for outgoing profiles) is set already. */
  private async displayNameChanged(): Promise<void> {
    const name = this.displayName();
    this.options.emit('account.changed', { account: this.account() });
    try {
      await recordDisplayName(this.options.profileDirectory, name);
    } catch (error) {
      this.options.logger.warn(`could not keep the display name in the profile: ${(error as Error).message}`);
    }
  }

  /** Note to Self's pin and timer from UserProfile; returns whether its conversation changed. */
  private applyNoteToSelf(): boolean {
    const { conversations, ownSessionId } = this.options;
    const record = conversations.get(ownSessionId);
    if (!record) return false;
    const profile = readUserProfile(this.options.configs.data('userProfile'));
    let changed = false;
    if (profile.noteToSelfPriority !== record.priority) {
      conversations.setPriority(ownSessionId, profile.noteToSelfPriority);
      changed = true;
    }
    const seconds = record.disappearing.mode === 'off' ? 0 : record.disappearing.seconds;
    if (profile.noteToSelfExpirySeconds !== seconds) {
      conversations.setDisappearing(
        ownSessionId,
        profile.noteToSelfExpirySeconds === 0
          ? { mode: 'off', seconds: 0 }
          : { mode: 'afterSend', seconds: profile.noteToSelfExpirySeconds },
      );
      changed = true;
    }
    return changed;
  }

  /** One Contacts entry into the database; returns whether the conversation changed. */
  private applyContact(contact: ContactView): boolean {
    const { conversations, now } = this.options;
    const id = contact.sessionId;
    let record = conversations.get(id);
    const before = record && JSON.stringify(record);
    if (contact.blocked) {
      record ??= conversations.ensure(id, 'blocked', now());
      if (record.state !== 'blocked') conversations.setState(id, 'blocked');
    } else if (contact.approved) {
      record ??= conversations.ensure(id, 'accepted', now());
      if (record.state !== 'accepted') conversations.setState(id, 'accepted');
    } else if (record?.state === 'blocked') {
      // Unblocked on another device: a conversation we never accepted returns to the requests.
      conversations.setState(id, 'request');
    }
    if (!conversations.get(id)) return false;
    if (contact.nickname !== (record?.nickname ?? null)) conversations.setNickname(id, contact.nickname);
    if (contact.name && !record?.displayName) conversations.updateProfile(id, contact.name, 0);
    if (contact.approvedMe && !record?.approvedMe) conversations.markApprovedMe(id);
    if (contact.priority !== (record?.priority ?? 0)) conversations.setPriority(id, contact.priority);
    const disappearing = contact.disappearing ?? { mode: 'off' as const, seconds: 0 };
    if (
      record &&
      (record.disappearing.mode !== disappearing.mode || record.disappearing.seconds !== disappearing.seconds)
    ) {
      conversations.setDisappearing(id, disappearing);
    }
    return JSON.stringify(conversations.get(id)) !== before;
  }

  /** Read state from ConvoInfoVolatile: what another device read is read here (§5.3). */
  private applyReadState(): string[] {
    return this.markReadAsSynced(this.oneToOneReadState());
  }

  /**
   * Messages that arrive after the read state that covers them (a restored device fetches both in
   * one poll, the configs first) are read at once.
   */
  readStateOf(conversationIds: ReadonlySet<string>): void {
    if (conversationIds.size === 0) return;
    this.markReadAsSynced(this.oneToOneReadState().filter((entry) => conversationIds.has(entry.sessionId)));
  }

  private oneToOneReadState(): OneToOneReadState[] {
    return readConversationInfo(this.options.configs.data('conversationInfoVolatile')).filter(
      (entry): entry is OneToOneReadState => entry.kind === 'oneToOne',
    );
  }

  private markReadAsSynced(entries: readonly OneToOneReadState[]): string[] {
    const { conversations, messages, now } = this.options;
    const changed: string[] = [];
    for (const info of entries) {
      const record = conversations.get(info.sessionId);
      if (!record) continue;
      const read = record.unreadCount > 0 ? messages.markRead(record.id, now(), info.lastReadMs) : [];
      if (info.unread !== record.markedUnread) conversations.setMarkedUnread(record.id, info.unread);
      if (read.length > 0 || info.unread !== record.markedUnread) changed.push(record.id);
    }
    return changed;
  }
}

type OneToOneReadState = Extract<ConversationInfoEntry, { readonly kind: 'oneToOne' }>;

type ContactFields = Pick<
  ContactView,
  'approved' | 'blocked' | 'approvedMe' | 'name' | 'priority' | 'profilePicture'
> & {
  readonly disappearing: ContactView['disappearing'];
};

/** The Contacts entry fields a conversation record decides. */
function contactFields(record: ConversationRecord, picture: ProfilePicture | null): ContactFields {
  return {
    // As desktop, the account's devices share what each heard of a person's picture.
    profilePicture: picture,
    approved: record.state === 'accepted',
    blocked: record.state === 'blocked',
    approvedMe: record.approvedMe,
    name: record.displayName ?? '',
    priority: record.priority,
    disappearing:
      record.disappearing.mode === 'off'
        ? null
        : { mode: record.disappearing.mode, seconds: record.disappearing.seconds },
  };
}

function sameFields(entry: ContactView, wanted: ContactFields): boolean {
  return (
    entry.approved === wanted.approved &&
    entry.blocked === wanted.blocked &&
    entry.approvedMe === wanted.approvedMe &&
    entry.name === wanted.name &&
    entry.priority === wanted.priority &&
    samePicture(entry.profilePicture, wanted.profilePicture) &&
    JSON.stringify(entry.disappearing) === JSON.stringify(wanted.disappearing)
  );
}

function samePicture(left: ProfilePicture | null, right: ProfilePicture | null): boolean {
  if (left === null || right === null) return left === right;
  return left.url === right.url && Buffer.from(left.key).equals(Buffer.from(right.key));
}
