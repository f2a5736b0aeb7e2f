// One push to a group's swarm (protocol-config-groups.md §7 "Push", desktop's GroupSyncJob), admin
// only: a `sequence` of the pending Keys message, Info, Members, the group messages that go with the
// change (e.g. "Alice added Bob"), the delete of superseded config messages, and the subaccounts to
// (un)revoke. `sequence` stops at the first failure, so members never fetch configs encrypted with
// a key that was not stored before them, and nothing is deleted unless its replacement was stored.
import { toBase64 } from '../../shared/protocol/base64';
import { groupConfigKinds } from '../../shared/protocol/config/groupConfigKinds';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import {
  revokeSubaccountSignatureMessage,
  unrevokeSubaccountSignatureMessage,
} from '../../shared/protocol/storage/signatureMessages';
import { configTtlMs } from '../config/configPusher';
import { NetworkError } from '../network/onionClient';
import type { SessionNetwork } from '../network/sessionNetwork';
import { storeOutcome, storeParams, type StoreResult } from '../network/storeMessage';
import { authenticatedParams, type SwarmAuthority } from '../network/swarmAuthority';
import { deleteParams } from '../network/swarmWrites';
import type { GroupObjects } from './groupObjects';

export interface GroupMessageStore {
  readonly namespace: number;
  readonly data: Uint8Array;
  readonly ttlMs: number;
}

export interface GroupPushRequest {
  readonly group: GroupObjects;
  readonly authority: SwarmAuthority;
  readonly network: SessionNetwork;
  /** Supplemental Keys messages for members added with history, stored first (§6.9). */
  readonly supplements?: readonly Uint8Array[];
  /** Stores after the configs: group messages (ns 11) or a kicked notice (ns −11). */
  readonly messages?: readonly GroupMessageStore[];
  /** Subaccount tokens (36 bytes) to unrevoke (invites) and to revoke (removals). */
  readonly unrevoke?: readonly Uint8Array[];
  readonly revoke?: readonly Uint8Array[];
}

export interface GroupPushResult {
  /** The stored messages of `messages`, in order. */
  readonly messages: readonly StoreResult[];
}

/** Pushes what the group's objects and the request hold; confirms Info and Members in them. */
export async function pushGroup(request: GroupPushRequest): Promise<GroupPushResult> {
  const { group, authority, network } = request;
  const pushes = await group.pushes();
  const stores: { namespace: number; data: Uint8Array; ttlMs: number }[] = [
    ...(request.supplements ?? []).map((data) => ({
      namespace: namespaces.groupKeys,
      data,
      ttlMs: configTtlMs,
    })),
    ...(pushes.keys ? [{ namespace: namespaces.groupKeys, data: pushes.keys, ttlMs: configTtlMs }] : []),
  ];
  const configStart = stores.length;
  for (const { kind, sealed } of pushes.configs) {
    for (const data of sealed)
      stores.push({ namespace: groupConfigKinds[kind].namespace, data, ttlMs: configTtlMs });
  }
  const messageStart = stores.length;
  stores.push(...(request.messages ?? []));
  const obsolete = [...new Set(pushes.configs.flatMap(({ push }) => push.obsoleteHashes))];
  if (stores.length === 0 && !request.unrevoke?.length && !request.revoke?.length) return { messages: [] };

  let timestamp = 0;
  const result = await network.swarmRequest(authority.pubkey, async (now) => {
    timestamp = now;
    const requests: { method: string; params: unknown }[] = await Promise.all(
      stores.map(async (store) => ({
        method: 'store',
        params: await storeParams({ pubkey: authority.pubkey, ...store, authority }, now),
      })),
    );
    if (obsolete.length > 0)
      requests.push({ method: 'delete', params: await deleteParams(authority, obsolete) });
    if (request.unrevoke?.length) {
      requests.push({
        method: 'unrevoke_subaccount',
        params: await subaccountParams(authority, 'unrevoke', request.unrevoke, now),
      });
    }
    if (request.revoke?.length) {
      requests.push({
        method: 'revoke_subaccount',
        params: await subaccountParams(authority, 'revoke', request.revoke, now),
      });
    }
    return { method: 'sequence', params: { requests } };
  });
  if (result.status !== 200) {
    throw new NetworkError(
      'pathsFailed',
      `The group's swarm did not take the push (status ${result.status}).`,
    );
  }
  const replies = (result.body as { results?: { code?: number; body?: unknown }[] }).results ?? [];
  const outcome = (index: number): StoreResult => {
    const reply = replies[index];
    return storeOutcome(reply?.code ?? 0, reply?.body, timestamp);
  };
  // Every store must have been taken; `sequence` stopped at the first that was not.
  const stored = stores.map((_, index) => outcome(index));
  let index = configStart;
  for (const { kind, push, sealed } of pushes.configs) {
    // A multipart push stores several messages; the config is named by the last one's hash.
    index += sealed.length;
    group.confirmPushed(kind, push.seqno, stored[index - 1]!.hash);
  }
  for (let extra = stores.length; extra < replies.length; extra += 1) {
    const code = replies[extra]?.code ?? 0;
    if (code !== 200) {
      throw new NetworkError(
        'pathsFailed',
        `The group's swarm refused a follow-up request (status ${code}).`,
      );
    }
  }
  return { messages: stored.slice(messageStart) };
}

async function subaccountParams(
  authority: SwarmAuthority,
  field: 'revoke' | 'unrevoke',
  tokens: readonly Uint8Array[],
  timestamp: number,
): Promise<Record<string, unknown>> {
  const signed =
    field === 'revoke'
      ? revokeSubaccountSignatureMessage({ timestamp, tokens })
      : unrevokeSubaccountSignatureMessage({ timestamp, tokens });
  return authenticatedParams(
    authority,
    { [field]: tokens.map((token) => toBase64(token)), timestamp },
    signed,
  );
}
