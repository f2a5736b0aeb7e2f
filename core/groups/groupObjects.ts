// One group's three objects (protocol-config-groups.md §6.2–6.4; desktop's "MetaGroup"): its Keys,
// and its Info and Members configs, signed by the group's key and encrypted with the group's
// symmetric keys. Admins hold the group's seed and may edit and push; members only read. Receiving
// follows desktop's order (§7 "Processing order"): Keys first, since they may open the configs,
// then Info, then Members, then a rekey when two admins rekeyed at once.
import { ConfigBase, type ConfigPush, type ReceivedConfig } from '../../shared/protocol/config/configBase';
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import { ConfigDecodeError } from '../../shared/protocol/config/configErrors';
import { type GroupConfigKind } from '../../shared/protocol/config/groupConfigKinds';
import {
  groupConfigSigning,
  openGroupConfig,
  sealGroupConfig,
} from '../../shared/protocol/config/groupConfigPipeline';
import { MultipartAssembler } from '../../shared/protocol/config/configMultipart';
import type { ConfigDict } from '../../shared/protocol/config/configValue';
import { type GroupInfoView, readGroupInfo } from '../../shared/protocol/config/types/groupInfo';
import { type GroupMemberView, readGroupMembers } from '../../shared/protocol/config/types/groupMembers';
import { fromHex, toHex } from '../../shared/protocol/bytes';
import { GroupKeyring, type GroupKeyringIdentity } from '../../shared/protocol/groups/groupKeyring';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import { loadSodium } from '../../shared/protocol/sodium';
import type { RetrievedMessage } from '../polling/swarmPoller';
import type { GroupDumps } from '../store/groupRepository';

/** The group's Ed25519 key pair from its 32-byte seed (§6.1). */
export async function groupKeyPair(
  seed: Uint8Array,
): Promise<{ readonly publicKey: Uint8Array; readonly secretKey: Uint8Array; readonly groupId: string }> {
  const sodium = await loadSodium();
  const { publicKey, privateKey } = sodium.crypto_sign_seed_keypair(seed);
  return { publicKey, secretKey: privateKey, groupId: `03${toHex(publicKey)}` };
}

export interface GroupPushes {
  /** The pending Keys message, re-sent until it comes back from the swarm (§6.2 step 8). */
  readonly keys: Uint8Array | undefined;
  readonly configs: readonly {
    readonly kind: GroupConfigKind;
    readonly push: ConfigPush;
    readonly sealed: readonly Uint8Array[];
  }[];
}

export interface ReceivedGroupConfigs {
  /** Whether Keys, Info or Members changed. */
  readonly changed: boolean;
  /** Messages refused by reason (undecryptable, badSignature, malformed…), counted by the caller. */
  readonly rejected: readonly string[];
}

export class GroupObjects {
  private readonly parts = new MultipartAssembler();

  private constructor(
    readonly groupId: string,
    readonly publicKey: Uint8Array,
    private secretKey: Uint8Array | undefined,
    readonly keyring: GroupKeyring,
    private info: ConfigBase,
    private members: ConfigBase,
    private readonly compressor: ConfigCompressor,
  ) {}

  /** A new group, created here by its first admin (§6.1 steps 1–5 happen in groups.ts). */
  static async create(options: {
    readonly seed: Uint8Array;
    readonly compressor: ConfigCompressor;
  }): Promise<GroupObjects> {
    const pair = await groupKeyPair(options.seed);
    const signing = await groupConfigSigning(pair.publicKey, pair.secretKey);
    const keyring = await GroupKeyring.create({
      groupEd25519PublicKey: pair.publicKey,
      groupSeed: options.seed,
    });
    return new GroupObjects(
      pair.groupId,
      pair.publicKey,
      pair.secretKey,
      keyring,
      ConfigBase.empty(signing),
      ConfigBase.empty(signing),
      options.compressor,
    );
  }

  /** A group as the database keeps it: an admin's (with the seed) or a member's. */
  static async open(options: {
    readonly groupId: string;
    readonly adminSeed: Uint8Array | null;
    readonly dumps: Partial<GroupDumps>;
    readonly ownKeys: IdentityKeys;
    readonly compressor: ConfigCompressor;
  }): Promise<GroupObjects> {
    const publicKey = fromHex(options.groupId.slice(2));
    const pair = options.adminSeed ? await groupKeyPair(options.adminSeed) : undefined;
    if (pair && pair.groupId !== options.groupId) {
      throw new RangeError('the admin seed kept for this group belongs to another group');
    }
    const signing = await groupConfigSigning(publicKey, pair?.secretKey);
    const identity: GroupKeyringIdentity = options.adminSeed
      ? { groupEd25519PublicKey: publicKey, groupSeed: options.adminSeed }
      : {
          groupEd25519PublicKey: publicKey,
          ownX25519SecretKey: options.ownKeys.x25519SecretKey,
          ownX25519PublicKey: options.ownKeys.x25519PublicKey,
        };
    const keyring = options.dumps.keys
      ? await GroupKeyring.fromDump(identity, options.dumps.keys)
      : await GroupKeyring.create(identity);
    const config = (dump: Uint8Array | undefined): ConfigBase =>
      dump ? ConfigBase.fromDump(dump, signing) : ConfigBase.empty(signing);
    return new GroupObjects(
      options.groupId,
      publicKey,
      pair?.secretKey,
      keyring,
      config(options.dumps.info),
      config(options.dumps.members),
      options.compressor,
    );
  }

  get isAdmin(): boolean {
    return this.secretKey !== undefined;
  }

  /** The group's 64-byte Ed25519 secret key, for an admin's signatures. */
  get adminSecretKey(): Uint8Array | undefined {
    return this.secretKey;
  }

  /** Whether we hold a key to read the group with (a new member waits for the Keys message). */
  get hasKeys(): boolean {
    return this.keyring.decryptionKeys().length > 0;
  }

  infoView(): GroupInfoView {
    return readGroupInfo(this.info.data);
  }

  memberViews(): GroupMemberView[] {
    return readGroupMembers(this.members.data);
  }

  /** An admin's change to Info; false when it changed nothing. */
  editInfo(change: (data: ConfigDict) => void): boolean {
    return this.info.edit(change);
  }

  /** An admin's change to Members; false when it changed nothing. */
  editMembers(change: (data: ConfigDict) => void): boolean {
    return this.members.edit(change);
  }

  /**
   * A new key generation for everyone now in Members (§6.2 "Full message"): after creating the
   * group, and after removing someone, so that they cannot read what follows.
   */
  async rekey(nowMs: number): Promise<void> {
    const members = this.memberViews()
      .filter((member) => member.removal === 'none')
      .map((member) => member.sessionId);
    await this.keyring.rekey(members, nowMs);
    // Info and Members are re-encrypted with the new key on the next push.
    this.info.markDirty();
    this.members.markDirty();
  }

  /**
   * What a poll of the group's swarm brought for its configs, Keys first (§7). Messages that do not
   * open or verify are skipped and reported; the rest are merged.
   */
  async receiveConfigs(batch: readonly RetrievedMessage[], nowMs: number): Promise<ReceivedGroupConfigs> {
    const rejected: string[] = [];
    let changed = false;
    for (const message of batch.filter((entry) => entry.namespace === namespaces.groupKeys)) {
      try {
        const loaded = await this.keyring.loadKeyMessage(message.hash, message.data, message.timestamp);
        changed = loaded.changed || changed;
      } catch (error) {
        rejected.push(reasonOf(error));
      }
    }
    for (const [kind, namespace] of [
      ['groupInfo', namespaces.groupInfo],
      ['groupMembers', namespaces.groupMembers],
    ] as const) {
      const received: ReceivedConfig[] = [];
      for (const message of batch.filter((entry) => entry.namespace === namespace)) {
        try {
          const opened = await openGroupConfig(
            message.data,
            kind,
            this.keyring.decryptionKeys(),
            this.compressor,
            this.parts,
          );
          if (opened.complete) received.push({ hash: message.hash, plaintext: opened.plaintext });
        } catch (error) {
          rejected.push(reasonOf(error));
        }
      }
      if (received.length === 0) continue;
      const config = kind === 'groupInfo' ? this.info : this.members;
      const before = config.seqno;
      const accepted = config.merge(received);
      changed = changed || accepted.length > 0 || config.seqno !== before;
    }
    if (this.isAdmin && this.keyring.needsRekey()) {
      await this.rekey(nowMs);
      changed = true;
    }
    return { changed, rejected };
  }

  /** What an admin has to push: the pending Keys message, and Info and Members when they changed. */
  async pushes(): Promise<GroupPushes> {
    const key = this.keyring.encryptionKey();
    if (!this.isAdmin || !key) return { keys: undefined, configs: [] };
    const configs: GroupPushes['configs'][number][] = [];
    for (const kind of ['groupInfo', 'groupMembers'] as const) {
      const config = kind === 'groupInfo' ? this.info : this.members;
      if (!config.needsPush()) continue;
      const push = config.push();
      configs.push({
        kind,
        push,
        sealed: await sealGroupConfig(push.plaintext, kind, key, this.compressor),
      });
    }
    return { keys: this.keyring.pendingMessage(), configs };
  }

  /** The swarm stored a push: Info and Members are confirmed; Keys confirm themselves when polled back. */
  confirmPushed(kind: GroupConfigKind, seqno: number, hash: string): void {
    (kind === 'groupInfo' ? this.info : this.members).confirmPushed(seqno, hash);
  }

  /** Whether Info or Members wait to be pushed (an admin's edit, a rekey's re-encryption). */
  configsNeedPush(): boolean {
    return this.isAdmin && (this.info.needsPush() || this.members.needsPush());
  }

  /** Promoted (§6.9 "Promote"): the seed makes us an admin from now on. */
  async becomeAdmin(seed: Uint8Array): Promise<void> {
    const pair = await groupKeyPair(seed);
    if (pair.groupId !== this.groupId) throw new RangeError('this seed belongs to another group');
    this.secretKey = pair.secretKey;
    const signing = await groupConfigSigning(this.publicKey, pair.secretKey);
    this.info = ConfigBase.fromDump(this.info.dump(), signing);
    this.members = ConfigBase.fromDump(this.members.dump(), signing);
    await this.keyring.becomeAdmin(seed);
  }

  /** The storage hashes of the group's current Keys, Info and Members messages, kept alive by polls. */
  liveHashes(): string[] {
    return [...this.keyring.activeHashes(), ...this.info.currentHashes, ...this.members.currentHashes];
  }

  dumps(): GroupDumps {
    return { keys: this.keyring.dump(), info: this.info.dump(), members: this.members.dump() };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof ConfigDecodeError) return error.reason;
  const code = (error as { code?: unknown; reason?: unknown }).reason ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'malformed';
}
