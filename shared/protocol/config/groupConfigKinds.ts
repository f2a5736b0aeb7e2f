// The two group config kinds (protocol-config-groups.md §4 "Key base and domain per type", §6.3,
// §6.4): the namespace of the group swarm each lives in and its encryption domain. Unlike the user
// kinds (configKinds.ts) they are signed with the group Ed25519 key, keyed by the group encryption
// keys of Keys (ns 12), and never protobuf-wrapped.
import { namespaces } from '../storage/namespaces';

export type GroupConfigKind = 'groupInfo' | 'groupMembers';

export interface GroupConfigKindFacts {
  readonly namespace: number;
  /** `encryption_domain()`: the domain of §4 step 4. */
  readonly domain: string;
}

export const groupConfigKinds: Readonly<Record<GroupConfigKind, GroupConfigKindFacts>> = {
  groupInfo: { namespace: namespaces.groupInfo, domain: 'groups::Info' },
  groupMembers: { namespace: namespaces.groupMembers, domain: 'groups::Members' },
};

/** §7: after Keys (ns 12), desktop stores Info (13), then Members (14), in one sequence. */
export const groupConfigPushOrder: readonly GroupConfigKind[] = ['groupInfo', 'groupMembers'];

const allKinds = Object.keys(groupConfigKinds) as GroupConfigKind[];

export function groupConfigKindOfNamespace(namespace: number): GroupConfigKind | undefined {
  return allKinds.find((kind) => groupConfigKinds[kind].namespace === namespace);
}
