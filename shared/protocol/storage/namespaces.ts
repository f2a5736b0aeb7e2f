// Storage namespaces (protocol-network.md §4.3): signed 16-bit numbers whose value alone decides who
// may store and who may read. Server and client must agree, or requests come back 401.

/** The namespaces Session uses (§4.3, §0 item 15). */
export const namespaces = {
  /** One-to-one messages: the default inbox. */
  default: 0,
  /** Legacy closed groups (a `05` group id): anyone stores, anyone reads. Deprecated. */
  legacyClosedGroup: -10,
  userProfile: 2,
  contacts: 3,
  conversationInfoVolatile: 4,
  userGroups: 5,
  groupMessages: 11,
  groupKeys: 12,
  groupInfo: 13,
  groupMembers: 14,
  /** Kick notices, readable by a revoked subaccount. */
  groupRevokedRetrievable: -11,
} as const;

/** Namespaces −30…30 are reserved for Session (§4.3). */
export const reservedNamespaceLimit = 30;

/** The selector of delete_all, delete_before and expire_all that covers every namespace (§4.2). */
export const allNamespaces = 'all';
export type NamespaceSelector = number | typeof allNamespaces;

export function isValidNamespace(namespace: number): boolean {
  return Number.isInteger(namespace) && namespace >= -32768 && namespace <= 32767;
}

/** §4.3: a public inbox (ns % 10 == 0, so 0 and −10 too) takes stores from anyone. */
export function isPublicInbox(namespace: number): boolean {
  return namespace % 10 === 0;
}

/** §4.3: a public outbox is −(20n+1) (−1, −21, …): owner-signed stores, anyone reads. */
export function isPublicOutbox(namespace: number): boolean {
  return namespace < 0 && -namespace % 20 === 1;
}

/** §4.3: every namespace but a public inbox needs a signature to store. */
export function storeNeedsAuthentication(namespace: number): boolean {
  return !isPublicInbox(namespace);
}

/** §4.3: reading needs a signature everywhere except the legacy −10 and the public outboxes. */
export function retrieveNeedsAuthentication(namespace: number): boolean {
  return namespace !== namespaces.legacyClosedGroup && !isPublicOutbox(namespace);
}

/** The namespace as signed strings spell it (§4.2): "" for 0, else decimal, or "all". */
export function namespaceText(namespace: NamespaceSelector): string {
  if (namespace === allNamespaces) {
    return allNamespaces;
  }
  if (!isValidNamespace(namespace)) {
    throw new RangeError(`a namespace is a 16-bit integer, not ${namespace}`);
  }
  return namespace === 0 ? '' : String(namespace);
}
