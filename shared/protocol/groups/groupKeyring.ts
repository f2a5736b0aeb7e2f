// The Keys state a client keeps per group (protocol-config-groups.md §6.2; LS `groups::Keys`): the
// group's symmetric keys by generation, the hashes of the Keys messages that carry them, and for an
// admin the pending key of its latest rekey until the swarm gives that message back (§6.2 step 8).
// An admin holds the group seed; a member opens keys with its own X25519 keys. The dump holds no
// seed: the seed lives in UserGroups `K` (§5.4), so both are given again on load.
import { bytesEqual } from '../bytes';
import { GroupKeysError } from './groupKeysError';
import { groupSigningKeys, type GroupSigningKeys } from './keyDerivation';
import { buildRekeyMessage, buildSupplementMessage, parseKeyMessage, type GroupKey } from './keyMessage';
import { openKeyMessage, type KeyMessageOpener } from './keyMessageOpen';
import {
  decodeKeyringDump,
  emptyKeyringState,
  encodeKeyringDump,
  insertKey,
  removeExpired,
  trackHash,
  type KeyringState,
} from './keyringState';

export type GroupKeyringIdentity =
  | { readonly groupEd25519PublicKey: Uint8Array; readonly groupSeed: Uint8Array }
  | {
      readonly groupEd25519PublicKey: Uint8Array;
      readonly ownX25519SecretKey: Uint8Array;
      readonly ownX25519PublicKey: Uint8Array;
    };

async function adminKeysFor(groupEd25519PublicKey: Uint8Array, seed: Uint8Array): Promise<GroupSigningKeys> {
  const keys = await groupSigningKeys(seed);
  if (!bytesEqual(keys.publicKey, groupEd25519PublicKey)) {
    throw new GroupKeysError('invalidInput', 'This seed belongs to another group.');
  }
  return keys;
}

function checkTime(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new GroupKeysError('invalidInput', `${what} must be a whole number of milliseconds.`);
  }
}

export class GroupKeyring {
  private readonly groupEd25519PublicKey: Uint8Array;
  private readonly state: KeyringState;
  private memberOpener: KeyMessageOpener | undefined;
  private adminKeys: GroupSigningKeys | undefined;

  private constructor(
    groupEd25519PublicKey: Uint8Array,
    state: KeyringState,
    memberOpener: KeyMessageOpener | undefined,
    adminKeys: GroupSigningKeys | undefined,
  ) {
    this.groupEd25519PublicKey = groupEd25519PublicKey.slice();
    this.state = state;
    this.memberOpener = memberOpener;
    this.adminKeys = adminKeys;
  }

  static async create(identity: GroupKeyringIdentity): Promise<GroupKeyring> {
    return GroupKeyring.withState(identity, emptyKeyringState());
  }

  /** Restores a keyring from `dump()`; a malformed dump is a GroupKeysError ('malformed'). */
  static async fromDump(identity: GroupKeyringIdentity, dump: Uint8Array): Promise<GroupKeyring> {
    return GroupKeyring.withState(identity, decodeKeyringDump(dump));
  }

  private static async withState(identity: GroupKeyringIdentity, state: KeyringState): Promise<GroupKeyring> {
    if (identity.groupEd25519PublicKey.length !== 32) {
      throw new GroupKeysError('invalidInput', 'A group public key is 32 bytes.');
    }
    if ('groupSeed' in identity) {
      const adminKeys = await adminKeysFor(identity.groupEd25519PublicKey, identity.groupSeed);
      return new GroupKeyring(identity.groupEd25519PublicKey, state, undefined, adminKeys);
    }
    if (identity.ownX25519SecretKey.length !== 32 || identity.ownX25519PublicKey.length !== 32) {
      throw new GroupKeysError('invalidInput', 'Our own X25519 keys are 32 bytes each.');
    }
    const opener: KeyMessageOpener = {
      role: 'member',
      x25519SecretKey: identity.ownX25519SecretKey.slice(),
      x25519PublicKey: identity.ownX25519PublicKey.slice(),
    };
    return new GroupKeyring(identity.groupEd25519PublicKey, state, opener, undefined);
  }

  dump(): Uint8Array {
    return encodeKeyringDump(this.state);
  }

  isAdmin(): boolean {
    return this.adminKeys !== undefined;
  }

  /** Promotion (§6.9 "Promote"): from now on this keyring opens `K` and may rekey. */
  async becomeAdmin(groupSeed: Uint8Array): Promise<void> {
    this.adminKeys = await adminKeysFor(this.groupEd25519PublicKey, groupSeed);
  }

  /**
   * §6.2 "Loading a key message", with the message's storage hash and swarm timestamp. Refuses a
   * malformed or unsigned message with a GroupKeysError and leaves the state as it was. `changed` is
   * true when the keys we use changed (a new key, or our pending key confirmed).
   */
  async loadKeyMessage(hash: string, data: Uint8Array, timestampMs: number): Promise<{ changed: boolean }> {
    checkTime(timestampMs, 'A message timestamp');
    const parsed = await parseKeyMessage(data, this.groupEd25519PublicKey);
    const opener: KeyMessageOpener | undefined =
      this.adminKeys !== undefined ? { role: 'admin', groupSeed: this.adminKeys.seed } : this.memberOpener;
    if (opener === undefined)
      throw new GroupKeysError('invalidInput', 'This keyring has no keys to open with.');
    const found = await openKeyMessage(parsed, opener, this.groupEd25519PublicKey, timestampMs);
    let changed = false;
    const { pending } = this.state;
    const first = found[0];
    // Step 8: our own message came back (same key), or a later generation overtook it.
    if (this.isAdmin() && pending !== undefined && first !== undefined) {
      if (first.generation > pending.generation || bytesEqual(first.key, pending.key)) {
        this.state.pending = undefined;
        changed = true;
      }
    }
    if (found.length === 0) {
      // Nothing for us, but the message stays "active" under its generation (for expiry renewal).
      trackHash(this.state, parsed.generation, hash);
      removeExpired(this.state);
      return { changed };
    }
    for (const key of found) {
      if (insertKey(this.state, hash, key)) changed = true;
    }
    return { changed };
  }

  /**
   * A full rekey for every member of the Members config (admins included), generation = the newest
   * confirmed generation + 1 (0 for none). The key is pending until the message comes back.
   */
  async rekey(memberSessionIds: readonly string[], nowMs: number): Promise<Uint8Array> {
    const adminKeys = this.requireAdmin('issue a new group key');
    checkTime(nowMs, 'The current time');
    const newest = this.state.keys[this.state.keys.length - 1];
    const rekey = await buildRekeyMessage({
      groupEd25519SecretKey: adminKeys.secretKey,
      memberSessionIds,
      generation: newest === undefined ? 0 : newest.generation + 1,
    });
    this.state.pending = {
      generation: rekey.generation,
      key: rekey.encryptionKey,
      message: rekey.message,
      createdMs: nowMs,
    };
    return rekey.message.slice();
  }

  /** Every confirmed key for members added "with history" (§6.9), in the order given. */
  async supplement(memberSessionIds: readonly string[]): Promise<Uint8Array> {
    const adminKeys = this.requireAdmin('give keys to new members');
    return buildSupplementMessage({
      groupEd25519SecretKey: adminKeys.secretKey,
      memberSessionIds,
      keys: this.state.keys,
    });
  }

  /** The key new Info, Members and messages are encrypted with: the pending one first. */
  encryptionKey(): Uint8Array | undefined {
    const key = this.state.pending?.key ?? this.state.keys[this.state.keys.length - 1]?.key;
    return key?.slice();
  }

  /** Pending, then newest → oldest: the list Info and Members decrypt with (LS `group_keys()`). */
  decryptionKeys(): Uint8Array[] {
    const keys = [...this.state.keys].reverse().map((key) => key.key.slice());
    const pending = this.state.pending;
    return pending === undefined ? keys : [pending.key.slice(), ...keys];
  }

  /** Confirmed keys, oldest first. */
  keys(): GroupKey[] {
    return this.state.keys.map((key) => ({ ...key, key: key.key.slice() }));
  }

  /** The newest confirmed generation (0 with none, as LS). */
  currentGeneration(): number {
    return this.state.keys[this.state.keys.length - 1]?.generation ?? 0;
  }

  /** Two admins rekeyed concurrently: the two newest keys share a generation (§6.2 "Collision"). */
  needsRekey(): boolean {
    const { keys } = this.state;
    if (!this.isAdmin() || keys.length < 2) return false;
    return keys[keys.length - 1]!.generation === keys[keys.length - 2]!.generation;
  }

  /** The pending rekey message, to be stored (again) until it comes back from the swarm. */
  pendingMessage(): Uint8Array | undefined {
    return this.state.pending?.message.slice();
  }

  /** When the pending rekey was made on this device (the `nowMs` given to `rekey`). */
  pendingCreatedMs(): number | undefined {
    return this.state.pending?.createdMs;
  }

  /** Hashes of the Keys messages still in use: renew their expiry, delete the others. */
  activeHashes(): string[] {
    const hashes = new Set<string>();
    for (const generationHashes of this.state.hashes.values()) {
      for (const hash of generationHashes) hashes.add(hash);
    }
    return [...hashes].sort();
  }

  private requireAdmin(action: string): GroupSigningKeys {
    if (this.adminKeys === undefined) {
      throw new GroupKeysError('notAdmin', `Only a group admin can ${action}.`);
    }
    return this.adminKeys;
  }
}
