// The account's four config objects (protocol-config-groups.md §3–§5, design.md "Configs"): each is a
// libsession ConfigBase restored from its dump, merged with what polls of namespaces 2–5 bring, and
// edited by the features, never by hand. Receiving is split in two: decrypting is asynchronous, and
// merging is synchronous so that the caller can merge, save the dumps and apply what changed to the
// database in one transaction.
import { decodeBt, isBtDict } from '../../shared/protocol/config/bencode';
import { ConfigBase, type ConfigPush, type ReceivedConfig } from '../../shared/protocol/config/configBase';
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import { configValuesEqual, copyConfigDict } from '../../shared/protocol/config/configData';
import {
  type UserConfigKind,
  userConfigKindOfNamespace,
  userConfigPushOrder,
} from '../../shared/protocol/config/configKinds';
import { MultipartAssembler } from '../../shared/protocol/config/configMultipart';
import { ConfigDecodeError } from '../../shared/protocol/config/configErrors';
import { openUserConfig } from '../../shared/protocol/config/configPipeline';
import type { ConfigDict } from '../../shared/protocol/config/configValue';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import type { Logger } from '../logging/logger';
import type { RetrievedMessage } from '../polling/swarmPoller';
import type { ConfigDumpRepository } from '../store/configDumpRepository';

/** Config messages of one poll, decrypted, by kind. */
export type OpenedConfigs = ReadonlyMap<UserConfigKind, readonly ReceivedConfig[]>;

export interface ConfigStatistics {
  /** Received config messages merged (or recognised as known). */
  merged: number;
  /** Skipped by reason: undecryptable, wrongKind, malformed, oversized, unparseable… */
  readonly rejected: Record<string, number>;
}

export class UserConfigs {
  readonly statistics: ConfigStatistics = { merged: 0, rejected: {} };
  private readonly configs = new Map<UserConfigKind, ConfigBase>();
  private readonly parts = new MultipartAssembler();

  constructor(
    private readonly options: {
      readonly dumps: ConfigDumpRepository;
      readonly keys: IdentityKeys;
      readonly compressor: ConfigCompressor;
      readonly logger: Logger;
      /** Called after a local edit, so that a push follows within seconds. */
      readonly onEdited: () => void;
    },
  ) {
    for (const kind of userConfigPushOrder) this.configs.set(kind, this.load(kind));
  }

  private load(kind: UserConfigKind): ConfigBase {
    const dump = this.options.dumps.get(kind);
    if (!dump) return ConfigBase.empty();
    try {
      return ConfigBase.fromDump(dump);
    } catch {
      // The swarm keeps the account's copy: starting empty and merging it back loses nothing that
      // was pushed.
      this.options.logger.warn(`the saved ${kind} config could not be read; it is fetched again`);
      return ConfigBase.empty();
    }
  }

  private config(kind: UserConfigKind): ConfigBase {
    return this.configs.get(kind)!;
  }

  /** The current data of a config, to read. */
  data(kind: UserConfigKind): ConfigDict {
    return this.config(kind).data;
  }

  /** Changes a config; when the data changed, saves its dump and asks for a push. */
  edit(kind: UserConfigKind, change: (data: ConfigDict) => void): boolean {
    const changed = this.config(kind).edit(change);
    if (changed) {
      this.save(kind);
      this.options.onEdited();
    }
    return changed;
  }

  /**
   * Decrypts the config messages of a poll (namespaces 2–5; others are ignored). What does not
   * decrypt or decode is counted by reason and skipped: it never stops the poll (§4 "Receive").
   */
  async open(messages: readonly RetrievedMessage[]): Promise<OpenedConfigs> {
    const opened = new Map<UserConfigKind, ReceivedConfig[]>();
    for (const message of messages) {
      const kind = userConfigKindOfNamespace(message.namespace);
      if (!kind) continue;
      try {
        const result = await openUserConfig(
          message.data,
          kind,
          this.options.keys,
          this.options.compressor,
          this.parts,
        );
        if (!result.complete) continue;
        const list = opened.get(kind) ?? [];
        list.push({ hash: message.hash, plaintext: result.plaintext });
        opened.set(kind, list);
      } catch (error) {
        if (!(error instanceof ConfigDecodeError)) throw error;
        this.reject(error.reason);
      }
    }
    return opened;
  }

  /**
   * Merges decrypted messages (§3) and saves the dumps that changed; synchronous, to run inside the
   * caller's transaction. Returns the kinds whose data changed.
   */
  merge(opened: OpenedConfigs): Set<UserConfigKind> {
    const changed = new Set<UserConfigKind>();
    for (const [kind, received] of opened) {
      const config = this.config(kind);
      const before = copyConfigDict(config.data);
      const accepted = config.merge(received);
      this.statistics.merged += accepted.length;
      const unparsed = received.length - accepted.length;
      if (unparsed > 0) this.reject('unparseable', unparsed);
      if (!configValuesEqual(before, config.data)) changed.add(kind);
      if (config.needsDump()) this.save(kind);
    }
    return changed;
  }

  /** Whether any config has a change the swarm has not confirmed. */
  needsPush(): boolean {
    return userConfigPushOrder.some((kind) => this.config(kind).needsPush());
  }

  /** The pushes due, in desktop's order (§5.5); each config is then waiting for its confirmation. */
  pendingPushes(): { readonly kind: UserConfigKind; readonly push: ConfigPush }[] {
    const pushes = userConfigPushOrder
      .filter((kind) => this.config(kind).needsPush())
      .map((kind) => ({ kind, push: this.config(kind).push() }));
    for (const { kind } of pushes) this.save(kind);
    return pushes;
  }

  /** The swarm stored a push: the config is clean again unless it was edited meanwhile. */
  confirmPushed(kind: UserConfigKind, seqno: number, hash: string): void {
    this.config(kind).confirmPushed(seqno, hash);
    this.save(kind);
  }

  /** The storage hashes of every config's current message: what the poll keeps alive (§4). */
  liveHashes(): string[] {
    return userConfigPushOrder.flatMap((kind) => this.config(kind).currentHashes);
  }

  /** The serialized current message of a config, as its dump keeps it (tests, diagnostics). */
  currentMessage(kind: UserConfigKind): Uint8Array {
    const dump = decodeBt(this.config(kind).dump());
    const message = isBtDict(dump) ? dump.get('$') : undefined;
    if (!(message instanceof Uint8Array)) throw new Error('a config dump holds its message');
    return message;
  }

  /** Each config's seqno, state and current storage hashes (tests, diagnostics; no content). */
  describe(): Record<UserConfigKind, { seqno: number; state: string; hashes: readonly string[] }> {
    return Object.fromEntries(
      userConfigPushOrder.map((kind) => {
        const config = this.config(kind);
        return [kind, { seqno: config.seqno, state: config.state, hashes: config.currentHashes }];
      }),
    ) as Record<UserConfigKind, { seqno: number; state: string; hashes: readonly string[] }>;
  }

  private save(kind: UserConfigKind): void {
    this.options.dumps.put(kind, this.config(kind).dump());
  }

  private reject(reason: string, count = 1): void {
    this.statistics.rejected[reason] = (this.statistics.rejected[reason] ?? 0) + count;
    this.options.logger.warn(`skipped ${count} config message(s): ${reason}`);
  }
}
