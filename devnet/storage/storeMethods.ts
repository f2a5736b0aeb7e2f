// `store` (protocol-network.md §4.6): anyone may store in a public inbox, the owner (or a subaccount
// with write access) anywhere else; the swarm replicates the message and each node signs its hash.
import { isValidTtl, storeClockToleranceMs } from '../../shared/protocol/storage/limits';
import { messageHash } from '../../shared/protocol/storage/messageHash';
import { isPublicOutbox, storeNeedsAuthentication } from '../../shared/protocol/storage/namespaces';
import { storeSignatureMessage } from '../../shared/protocol/storage/signatureMessages';
import { checkSignedTimestamp } from './clockRules';
import { authenticate, readCredentials, subaccountFlags } from './requestAuth';
import {
  readData,
  readNamespace,
  readOwner,
  readStoreTime,
  readTimestamp,
  required,
  type Params,
} from './rpcParams';
import { invalidRequest, RpcError } from './rpcReplies';
import type { StorageMethod } from './storageMethod';
import { wrongSwarmReply } from './swarmReplies';
import { applyLocally, signResult, swarmWriteReply } from './swarmWrite';

function readExpiry(params: Params, timestamp: number): number {
  const expiry = readTimestamp(params, 'expiry');
  const ttl = readStoreTime(params, 'ttl');
  if (expiry !== undefined && ttl !== undefined)
    throw invalidRequest("Cannot specify both 'expiry' and 'ttl'");
  if (expiry !== undefined) return expiry;
  if (ttl === undefined) throw invalidRequest("Required field 'expiry' or 'ttl' missing");
  if (!Number.isSafeInteger(timestamp + ttl))
    throw invalidRequest("Invalid value given for 'ttl': too large");
  return timestamp + ttl;
}

export const storeMethod: StorageMethod = {
  forwardable: true,
  prepare(params) {
    const owner = readOwner(params, true);
    const namespace = readNamespace(params);
    const timestamp = required(readStoreTime(params, 'timestamp'), 'timestamp');
    const expiry = readExpiry(params, timestamp);
    const data = readData(params);
    const signatureTimestamp = readTimestamp(params, 'sig_timestamp') ?? timestamp;
    const credentials = readCredentials(params, owner);

    return async (context, options) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      // §4.4: the TTL is judged on the client's own timestamp, the clock on the node's.
      if (!isValidTtl(namespace, expiry - timestamp)) {
        throw new RpcError(403, 'Provided expiry/TTL is not valid.');
      }
      const now = context.now();
      if (timestamp > now + storeClockToleranceMs || expiry < now - storeClockToleranceMs) {
        throw new RpcError(406, 'Timestamp error: check your clock');
      }
      // §4.3: in a public inbox the signature is not even looked at.
      if (storeNeedsAuthentication(namespace)) {
        if (credentials.signature === undefined) {
          throw new RpcError(401, `store: signature required to store to namespace ${namespace}`);
        }
        checkSignedTimestamp(context, 'store signature', signatureTimestamp);
        // Storing in a public outbox replaces its message, so a subaccount also needs delete access.
        const flags = isPublicOutbox(namespace)
          ? subaccountFlags.write | subaccountFlags.delete
          : subaccountFlags.write;
        await authenticate(
          context,
          'store',
          owner,
          credentials,
          storeSignatureMessage({ namespace, timestamp: signatureTimestamp }),
          { flags, checkRevocation: true },
        );
      }

      const hash = await messageHash({ pubkey: owner.hex, namespace, data });
      const own = await applyLocally(async () => {
        const outcome = context.store.store({ hash, owner: owner.hex, namespace, timestamp, expiry, data });
        return {
          hash,
          signature: await signResult(context, [hash]),
          ...(outcome.already ? { already: true } : {}),
          expiry: outcome.expiry,
          // §4.6: the entry node's own entry also carries its clock.
          ...(options.forwarded ? {} : { t: now }),
        };
      });
      const topLevel = own.failed === true ? {} : { hash };
      return swarmWriteReply(context, options, { method: 'store', params }, own, topLevel);
    };
  },
};
