// The account's configs as the engine holds them (design.md "Configs"): the four config objects, their
// pushes and renewals, and what they mean for the database, put together in one place so that the
// engine only hands over what a poll brought and what the person changed.
import { accountAuthority } from '../network/swarmAuthority';
import {
  type GroupView,
  readGroups,
  readCommunities,
  type CommunityView,
} from '../../shared/protocol/config/types/userGroups';
import type { ConfigDict } from '../../shared/protocol/config/configValue';
import type { ConversationView } from '../../shared/contract/views';
import type { UserConfigKind } from '../../shared/protocol/config/configKinds';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import type { Logger } from '../logging/logger';
import type { SessionNetwork } from '../network/sessionNetwork';
import type { RetrievedMessage } from '../polling/swarmPoller';
import { ConfigDumpRepository } from '../store/configDumpRepository';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { MessageRepository } from '../store/messageRepository';
import type { SettingsRepository } from '../store/settingsRepository';
import { type AccountPictures, AccountSync, type Emit } from './accountSync';
import { ConfigLifetime } from './configLifetime';
import { pushUserConfigs } from './userConfigPush';
import { ConfigPusher, type PushTiming } from './configPusher';
import { UserConfigs } from './userConfigs';
import { zstdCompressor } from './zstdCompressor';

export class AccountConfigs {
  /** What the features call when the person changes something the configs hold. */
  readonly sync: AccountSync;
  private readonly configs: UserConfigs;
  private readonly pusher: ConfigPusher;
  private readonly lifetime: ConfigLifetime;

  constructor(
    private readonly options: {
      readonly database: SqliteDatabase;
      readonly network: SessionNetwork;
      readonly keys: IdentityKeys;
      readonly conversations: ConversationRepository;
      readonly messages: MessageRepository;
      readonly settings: SettingsRepository;
      readonly profileDirectory: string;
      readonly logger: Logger;
      readonly now: () => number;
      readonly emit: Emit;
      readonly conversationView: (record: ConversationRecord) => ConversationView;
      readonly pictures: AccountPictures;
      readonly pushTiming?: PushTiming | undefined;
      /** After a merge changed UserGroups. */
      readonly onUserGroupsMerged?: () => Promise<void>;
    },
  ) {
    const { keys, logger } = options;
    this.configs = new UserConfigs({
      dumps: new ConfigDumpRepository(options.database),
      keys,
      compressor: zstdCompressor,
      logger,
      onEdited: () => this.pusher.requested(),
    });
    this.pusher = new ConfigPusher({
      needsPush: () => this.configs.needsPush(),
      pushOnce: () =>
        pushUserConfigs({
          configs: this.configs,
          network: options.network,
          keys,
          compressor: zstdCompressor,
        }),
      logger,
      timing: options.pushTiming,
    });
    this.sync = new AccountSync({ ...options, configs: this.configs, ownSessionId: keys.sessionId });
    this.lifetime = new ConfigLifetime({
      authority: accountAuthority(keys),
      liveHashes: () => this.configs.liveHashes(),
    });
  }

  /** Before the network: what this profile knew before the configs goes into them (once). */
  open(): void {
    this.sync.start();
  }

  /** Once the network is joined: pushes start, and one under way at the last stop resumes. */
  startPushing(): void {
    this.pusher.start();
  }

  stop(): Promise<void> {
    return this.pusher.stop();
  }

  /**
   * The config messages of a poll (protocol-config-groups.md §5.5): merged, and applied to the
   * database in one transaction; the UI is told once it is committed.
   */
  async received(batch: readonly RetrievedMessage[]): Promise<void> {
    const opened = await this.configs.open(batch);
    if (opened.size === 0) return;
    let merged = new Set<UserConfigKind>();
    const changes = this.options.database.transaction(() => {
      merged = this.configs.merge(opened);
      return this.sync.applyRemote(merged);
    })();
    this.sync.announce(changes);
    // Groups joined or left on another device (core/groups reads UserGroups itself).
    if (merged.has('userGroups')) await this.options.onUserGroupsMerged?.();
    if (this.configs.needsPush()) this.pusher.requested();
  }

  /** The requests to send along with a poll at `now`: the renewal of the live configs' expiry. */
  alongsidePoll(now: number): Promise<{ method: string; params: unknown }[]> {
    return this.lifetime.requests(now);
  }

  /** Resolves once the swarm confirmed every config change made so far. */
  confirmed(): Promise<void> {
    return this.pusher.confirmed();
  }

  /** The groups v2 entries of UserGroups (§5.4), to join on this device what another one joined. */
  userGroups(): GroupView[] {
    return readGroups(this.configs.data('userGroups'));
  }

  /** The community entries of UserGroups (§5.4), to join on this device what another one joined. */
  userCommunities(): CommunityView[] {
    return readCommunities(this.configs.data('userGroups'));
  }

  /** Changes UserGroups (core/groups keeps its groups' entries); a push follows. */
  editUserGroups(change: (data: ConfigDict) => void): void {
    this.configs.edit('userGroups', change);
  }

  currentMessage(kind: UserConfigKind): Uint8Array {
    return this.configs.currentMessage(kind);
  }

  describe(): ReturnType<UserConfigs['describe']> {
    return this.configs.describe();
  }
}
