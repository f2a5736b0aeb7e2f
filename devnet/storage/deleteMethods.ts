// Deletes (protocol-network.md §4.6): by hash, a whole namespace (or every one), or everything stored
// before a time. The owner signs, or a subaccount with delete access; the swarm replicates.
import {
  deleteAllSignatureMessage,
  deleteBeforeSignatureMessage,
  deleteSignatureMessage,
} from '../../shared/protocol/storage/signatureMessages';
import { checkSignedTimestamp, forwardedClockToleranceMs } from './clockRules';
import { authenticate, readCredentials, subaccountFlags } from './requestAuth';
import {
  readBoolean,
  readMessageHashes,
  readNamespaceSelector,
  readOwner,
  readTimestamp,
  required,
} from './rpcParams';
import { RpcError } from './rpcReplies';
import type { StorageMethod } from './storageMethod';
import { wrongSwarmReply } from './swarmReplies';
import {
  affectedEntry,
  applyLocally,
  compareHashes,
  isFailedEntry,
  signResult,
  swarmWriteReply,
} from './swarmWrite';

/** §4.4: delete_before may name a time at most a minute ahead of the node's clock. */
const deleteBeforeToleranceMs = 60_000;
const deleteAccess = { flags: subaccountFlags.delete, checkRevocation: true };

export const deleteMethod: StorageMethod = {
  forwardable: true,
  prepare(params) {
    const owner = readOwner(params);
    const credentials = readCredentials(params, owner);
    const messages = readMessageHashes(params);
    const mustDelete = readBoolean(params, 'required') ?? false;

    return async (context, options) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      await authenticate(
        context,
        'delete',
        owner,
        credentials,
        deleteSignatureMessage({ messages }),
        deleteAccess,
      );
      const own = await applyLocally(async () => {
        const deleted = context.store.deleteByHashes(owner.hex, messages).sort(compareHashes);
        return { deleted, signature: await signResult(context, [owner.hex, ...messages, ...deleted]) };
      });
      const reply = await swarmWriteReply(context, options, { method: 'delete', params }, own);
      if (!mustDelete || options.forwarded || reply.status !== 200) return reply;
      // §4.6: `required` turns "nothing was deleted anywhere" into a 404.
      const entries = Object.values((reply.body as { swarm: Record<string, unknown> }).swarm);
      const deletedSome = entries.some(
        (entry) => !isFailedEntry(entry) && ((entry as { deleted?: unknown[] }).deleted?.length ?? 0) > 0,
      );
      return deletedSome ? reply : { ...reply, status: 404 };
    };
  },
};

export const deleteAllMethod: StorageMethod = {
  forwardable: true,
  prepare(params) {
    const owner = readOwner(params);
    const credentials = readCredentials(params, owner);
    const namespace = readNamespaceSelector(params);
    const timestamp = required(readTimestamp(params, 'timestamp'), 'timestamp');

    return async (context, options) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      checkSignedTimestamp(
        context,
        'delete_all',
        timestamp,
        options.forwarded ? forwardedClockToleranceMs : undefined,
      );
      await authenticate(
        context,
        'delete_all',
        owner,
        credentials,
        deleteAllSignatureMessage({ namespace, timestamp }),
        deleteAccess,
      );
      const own = await applyLocally(() =>
        affectedEntry(context, 'deleted', context.store.deleteAll(owner.hex, namespace), namespace, [
          owner.hex,
          timestamp,
        ]),
      );
      return swarmWriteReply(context, options, { method: 'delete_all', params }, own);
    };
  },
};

export const deleteBeforeMethod: StorageMethod = {
  forwardable: true,
  prepare(params) {
    const owner = readOwner(params);
    const credentials = readCredentials(params, owner);
    const namespace = readNamespaceSelector(params);
    const before = required(readTimestamp(params, 'before'), 'before');

    return async (context, options) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      if (before > context.now() + deleteBeforeToleranceMs) {
        throw new RpcError(401, 'delete_before timestamp too far in the future');
      }
      await authenticate(
        context,
        'delete_before',
        owner,
        credentials,
        deleteBeforeSignatureMessage({ namespace, before }),
        deleteAccess,
      );
      const own = await applyLocally(() =>
        affectedEntry(
          context,
          'deleted',
          context.store.deleteBefore(owner.hex, namespace, before),
          namespace,
          [owner.hex, before],
        ),
      );
      return swarmWriteReply(context, options, { method: 'delete_before', params }, own);
    };
  },
};
