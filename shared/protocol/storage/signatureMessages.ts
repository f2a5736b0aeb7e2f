// The exact bytes each storage method signs (protocol-network.md §4.6). The server rebuilds them from
// the request parameters and verifies the Ed25519 signature over them, so a single differing byte is
// a 401. Numbers are written in decimal ASCII with nothing between the parts; only subaccount
// tokens go in as raw bytes.
import { concatBytes, utf8Encode } from '../bytes';
import { namespaceText, type NamespaceSelector } from './namespaces';

/** The flags, padding and Ed25519 key of a groups v2 subaccount token (§4.2). */
export const subaccountTokenLength = 36;

function decimal(value: number, name: string): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} is a whole number of milliseconds, not ${value}`);
  }
  return String(value);
}

function ascii(...parts: readonly string[]): Uint8Array {
  return utf8Encode(parts.join(''));
}

/** `"store" ‖ ns ‖ sig_timestamp` (sig_timestamp defaults to the store's timestamp). */
export function storeSignatureMessage(request: { namespace: number; timestamp: number }): Uint8Array {
  return ascii('store', namespaceText(request.namespace), decimal(request.timestamp, 'timestamp'));
}

/** `"retrieve" ‖ ns ‖ timestamp`. */
export function retrieveSignatureMessage(request: { namespace: number; timestamp: number }): Uint8Array {
  return ascii('retrieve', namespaceText(request.namespace), decimal(request.timestamp, 'timestamp'));
}

/** `"delete" ‖ hash0 ‖ hash1 …`: no timestamp and no namespace (the hashes may be in any). */
export function deleteSignatureMessage(request: { messages: readonly string[] }): Uint8Array {
  return ascii('delete', ...request.messages);
}

/** `"delete_all" ‖ ns ‖ timestamp`, ns possibly "all". */
export function deleteAllSignatureMessage(request: {
  namespace: NamespaceSelector;
  timestamp: number;
}): Uint8Array {
  return ascii('delete_all', namespaceText(request.namespace), decimal(request.timestamp, 'timestamp'));
}

/** `"delete_before" ‖ ns ‖ before`. */
export function deleteBeforeSignatureMessage(request: {
  namespace: NamespaceSelector;
  before: number;
}): Uint8Array {
  return ascii('delete_before', namespaceText(request.namespace), decimal(request.before, 'before'));
}

export type ExpireMode = 'shorten' | 'extend';

/**
 * `"expire" ‖ ("shorten" | "extend" | "") ‖ expiry ‖ hash0 ‖ hash1 …`. With one expiry per message
 * (HF ≥ 19.4) the expiries are written one after another, then the hashes.
 */
export function expireSignatureMessage(request: {
  mode?: ExpireMode | undefined;
  expiry: number | readonly number[];
  messages: readonly string[];
}): Uint8Array {
  const expiries = typeof request.expiry === 'number' ? [request.expiry] : request.expiry;
  if (typeof request.expiry !== 'number' && expiries.length !== request.messages.length) {
    throw new RangeError('expire needs one expiry, or one per message');
  }
  return ascii(
    'expire',
    request.mode ?? '',
    ...expiries.map((expiry) => decimal(expiry, 'expiry')),
    ...request.messages,
  );
}

/** `"expire_all" ‖ ns ‖ expiry`. */
export function expireAllSignatureMessage(request: {
  namespace: NamespaceSelector;
  expiry: number;
}): Uint8Array {
  return ascii('expire_all', namespaceText(request.namespace), decimal(request.expiry, 'expiry'));
}

/** `"get_expiries" ‖ timestamp ‖ hash0 ‖ hash1 …` (no namespace). */
export function getExpiriesSignatureMessage(request: {
  timestamp: number;
  messages: readonly string[];
}): Uint8Array {
  return ascii('get_expiries', decimal(request.timestamp, 'timestamp'), ...request.messages);
}

function subaccountMessage(method: string, timestamp: number, tokens: readonly Uint8Array[]): Uint8Array {
  for (const token of tokens) {
    if (token.length !== subaccountTokenLength) {
      throw new RangeError(`a subaccount token has ${subaccountTokenLength} bytes, not ${token.length}`);
    }
  }
  return concatBytes(ascii(method, decimal(timestamp, 'timestamp')), ...tokens);
}

/** `"revoke_subaccount" ‖ timestamp ‖ token bytes …` (the 36 raw bytes of each token). */
export function revokeSubaccountSignatureMessage(request: {
  timestamp: number;
  tokens: readonly Uint8Array[];
}): Uint8Array {
  return subaccountMessage('revoke_subaccount', request.timestamp, request.tokens);
}

/** `"unrevoke_subaccount" ‖ timestamp ‖ token bytes …`. */
export function unrevokeSubaccountSignatureMessage(request: {
  timestamp: number;
  tokens: readonly Uint8Array[];
}): Uint8Array {
  return subaccountMessage('unrevoke_subaccount', request.timestamp, request.tokens);
}
