// The four user config kinds (protocol-config-groups.md §4 "Key base and domain per type", §5):
// the namespace each lives in, the encryption domain, and the SharedConfigMessage.Kind used when
// the ciphertext is protobuf-wrapped on push (§4 step 5).
import { namespaces } from '../storage/namespaces';

export type UserConfigKind = 'userProfile' | 'contacts' | 'conversationInfoVolatile' | 'userGroups';

export interface UserConfigKindFacts {
  readonly namespace: number;
  /** `encryption_domain()`: the domain of §4 step 4. */
  readonly domain: string;
  /** SharedConfigMessage.Kind (session.proto). */
  readonly protobufKind: number;
}

export const userConfigKinds: Readonly<Record<UserConfigKind, UserConfigKindFacts>> = {
  userProfile: { namespace: namespaces.userProfile, domain: 'UserProfile', protobufKind: 1 },
  contacts: { namespace: namespaces.contacts, domain: 'Contacts', protobufKind: 2 },
  conversationInfoVolatile: {
    namespace: namespaces.conversationInfoVolatile,
    domain: 'ConvoInfoVolatile',
    protobufKind: 3,
  },
  userGroups: { namespace: namespaces.userGroups, domain: 'UserGroups', protobufKind: 4 },
};

/** Desktop's push order (§5.5): UserProfile (2), Contacts (3), UserGroups (5), ConvoInfoVolatile (4). */
export const userConfigPushOrder: readonly UserConfigKind[] = [
  'userProfile',
  'contacts',
  'userGroups',
  'conversationInfoVolatile',
];

const allKinds = Object.keys(userConfigKinds) as UserConfigKind[];

export function userConfigKindOfNamespace(namespace: number): UserConfigKind | undefined {
  return allKinds.find((kind) => userConfigKinds[kind].namespace === namespace);
}

export function userConfigKindOfProtobufKind(protobufKind: number): UserConfigKind | undefined {
  return allKinds.find((kind) => userConfigKinds[kind].protobufKind === protobufKind);
}
