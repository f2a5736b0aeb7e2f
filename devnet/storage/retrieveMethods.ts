// Reads (protocol-network.md §4.6): `retrieve` pages through one namespace in this node's insertion
// order, `get_expiries` reports expiries. Both are answered locally, never forwarded (§8).
import { toBase64 } from '../../shared/protocol/base64';
import { retrieveNeedsAuthentication } from '../../shared/protocol/storage/namespaces';
import {
  getExpiriesSignatureMessage,
  retrieveSignatureMessage,
} from '../../shared/protocol/storage/signatureMessages';
import { checkSignedTimestamp } from './clockRules';
import { authenticate, hasAuthenticationFields, readCredentials, subaccountFlags } from './requestAuth';
import {
  readInteger,
  readLastHash,
  readMessageHashes,
  readNamespace,
  readOwner,
  readTimestamp,
  required,
} from './rpcParams';
import { invalidRequest, jsonReply, RpcError } from './rpcReplies';
import type { StorageMethod } from './storageMethod';
import { wrongSwarmReply } from './swarmReplies';

/** §4.4: the most a retrieve returns, in base64 data plus overhead. */
export const maximumRetrieveSize = 7_800_000;
/** §4.4: with neither max_count nor max_size, a retrieve returns a fifth of the maximum. */
const defaultRetrieveSize = -5;

/** §4.2: negative namespaces ending in 11 (−11, −211, …) let a revoked subaccount read. */
function isUnrevocableNamespace(namespace: number): boolean {
  return namespace < 0 && -namespace % 100 === 11;
}

/** §4.4: 0 means unset; −k means max/k; no limit at all means −5; the size never exceeds the max. */
function retrieveLimits(
  maxCount: number | undefined,
  maxSize: number | undefined,
): { maxCount: number | undefined; maxSize: number } {
  const count = maxCount === 0 ? undefined : maxCount;
  let size = maxSize === 0 ? undefined : maxSize;
  if (count === undefined && size === undefined) size = defaultRetrieveSize;
  if (size !== undefined && size < 0) size = Math.floor(maximumRetrieveSize / -size);
  return {
    maxCount: count === undefined ? undefined : Math.max(count, 1),
    maxSize: size === undefined ? maximumRetrieveSize : Math.min(size, maximumRetrieveSize),
  };
}

export const retrieveMethod: StorageMethod = {
  forwardable: false,
  prepare(params) {
    const owner = readOwner(params, true);
    const namespace = readNamespace(params);
    // §4.6: sending any auth field asks for auth, even where reading is public (−10, outboxes).
    const authenticated = hasAuthenticationFields(params) || retrieveNeedsAuthentication(namespace);
    const credentials = readCredentials(params, owner);
    const timestamp = readTimestamp(params, 'timestamp');
    if (authenticated && credentials.signature !== undefined && timestamp === undefined) {
      throw invalidRequest("Required field 'timestamp' missing");
    }
    const lastHash = readLastHash(params);
    const limits = retrieveLimits(readInteger(params, 'max_count'), readInteger(params, 'max_size'));

    return async (context) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      if (authenticated) {
        // (A signature without a timestamp was refused when parsing.)
        if (timestamp === undefined) throw new RpcError(401, 'retrieve: request signature required');
        checkSignedTimestamp(context, 'retrieve', timestamp);
        await authenticate(
          context,
          'retrieve',
          owner,
          credentials,
          retrieveSignatureMessage({ namespace, timestamp }),
          { flags: subaccountFlags.read, checkRevocation: !isUnrevocableNamespace(namespace) },
        );
      }
      const result = context.store.retrieve({
        owner: owner.hex,
        namespace,
        lastHash,
        now: context.now(),
        ...limits,
      });
      return jsonReply(context, {
        messages: result.messages.map((message) => ({
          hash: message.hash,
          timestamp: message.timestamp,
          // §4.6: the key is `expiration`, whatever the header docs say.
          expiration: message.expiry,
          data: toBase64(message.data),
        })),
        more: result.more,
      });
    };
  },
};

export const getExpiriesMethod: StorageMethod = {
  forwardable: false,
  prepare(params) {
    const owner = readOwner(params);
    const credentials = readCredentials(params, owner);
    const timestamp = required(readTimestamp(params, 'timestamp'), 'timestamp');
    const messages = readMessageHashes(params);

    return async (context) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      checkSignedTimestamp(context, 'get_expiries', timestamp);
      await authenticate(
        context,
        'get_expiries',
        owner,
        credentials,
        getExpiriesSignatureMessage({ timestamp, messages }),
        { flags: subaccountFlags.read, checkRevocation: true },
      );
      const expiries = context.store.getExpiries(owner.hex, messages, context.now());
      return jsonReply(context, { expiries: Object.fromEntries(expiries) });
    };
  },
};
