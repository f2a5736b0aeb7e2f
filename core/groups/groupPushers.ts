// When each admin group pushes (protocol-config-groups.md §7; desktop's GroupSyncJob): one
// ConfigPusher per group, coalescing edits and retrying failures, around pushGroup(). Group messages
// that belong with a change ("Alice added Bob") wait here for the next push, so that they reach the
// swarm in the same sequence as the configs they describe.
import { bytesEqual } from '../../shared/protocol/bytes';
import { ConfigPusher, type PushTiming } from '../config/configPusher';
import type { Logger } from '../logging/logger';
import type { SessionNetwork } from '../network/sessionNetwork';
import type { GroupMessageStore } from './groupPush';
import { pushGroup } from './groupPush';
import type { GroupRegistry } from './groupRegistry';

interface GroupPushState {
  readonly pusher: ConfigPusher;
  /** Messages to store with the next push. */
  readonly messages: GroupMessageStore[];
  /** Subaccount tokens to unrevoke and revoke with the next push. */
  readonly unrevoke: Uint8Array[];
  readonly revoke: Uint8Array[];
  /** The Keys message last stored: re-sent only when a new one is pending (§6.2 step 8). */
  storedKeys: Uint8Array | undefined;
}

export class GroupPushers {
  private readonly states = new Map<string, GroupPushState>();
  private running = false;

  constructor(
    private readonly options: {
      readonly registry: GroupRegistry;
      readonly network: SessionNetwork;
      readonly logger: Logger;
      /** Saves a group's dumps after a push changed their state. */
      readonly saved: (groupId: string) => void;
      readonly timing?: PushTiming | undefined;
    },
  ) {}

  private needsPush(groupId: string, state: GroupPushState): boolean {
    const group = this.options.registry.get(groupId);
    if (!group?.objects.isAdmin || group.record.status !== 'member') return false;
    const pendingKeys = group.objects.keyring.pendingMessage();
    const keysDue =
      pendingKeys !== undefined && !(state.storedKeys && bytesEqual(state.storedKeys, pendingKeys));
    return (
      keysDue ||
      group.objects.configsNeedPush() ||
      state.messages.length > 0 ||
      state.unrevoke.length > 0 ||
      state.revoke.length > 0
    );
  }

  private state(groupId: string): GroupPushState {
    let state = this.states.get(groupId);
    if (state) return state;
    const created: GroupPushState = {
      pusher: new ConfigPusher({
        needsPush: () => this.needsPush(groupId, created),
        pushOnce: () => this.pushOnce(groupId, created),
        logger: this.options.logger,
        timing: this.options.timing,
      }),
      messages: [],
      unrevoke: [],
      revoke: [],
      storedKeys: undefined,
    };
    this.states.set(groupId, created);
    if (this.running) created.pusher.start();
    state = created;
    return state;
  }

  private async pushOnce(groupId: string, state: GroupPushState): Promise<void> {
    const group = this.options.registry.get(groupId);
    const authority = this.options.registry.authority(groupId);
    if (!group || !authority) return;
    const messages = state.messages.splice(0);
    const unrevoke = state.unrevoke.splice(0);
    const revoke = state.revoke.splice(0);
    const keys = group.objects.keyring.pendingMessage();
    try {
      await pushGroup({
        group: group.objects,
        authority,
        network: this.options.network,
        messages,
        unrevoke,
        revoke,
      });
      state.storedKeys = keys;
    } catch (error) {
      // Put back for the retry, ahead of what came meanwhile.
      state.messages.unshift(...messages);
      state.unrevoke.unshift(...unrevoke);
      state.revoke.unshift(...revoke);
      throw error;
    } finally {
      this.options.saved(groupId);
    }
  }

  start(): void {
    this.running = true;
    for (const group of this.options.registry.joined()) {
      if (group.objects.isAdmin) this.state(group.record.id).pusher.start();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.states.values()].map((state) => state.pusher.stop()));
  }

  /** An admin changed the group: push soon, with these messages and subaccount changes. */
  requested(
    groupId: string,
    extra: {
      readonly messages?: readonly GroupMessageStore[];
      readonly unrevoke?: readonly Uint8Array[];
      readonly revoke?: readonly Uint8Array[];
    } = {},
  ): void {
    const state = this.state(groupId);
    state.messages.push(...(extra.messages ?? []));
    state.unrevoke.push(...(extra.unrevoke ?? []));
    state.revoke.push(...(extra.revoke ?? []));
    state.pusher.requested();
  }

  /** Resolves once the group's swarm took every change made so far (the command line waits for it). */
  confirmed(groupId: string): Promise<void> {
    return this.state(groupId).pusher.confirmed();
  }

  /** We are no longer an admin there (left, removed, deleted). */
  async forget(groupId: string): Promise<void> {
    const state = this.states.get(groupId);
    this.states.delete(groupId);
    await state?.pusher.stop();
  }
}
