// Expiry changes (protocol-network.md §4.6): `expire` moves chosen messages' expiries (optionally only
// later or only earlier), `expire_all` only ever shortens. The swarm replicates both.
import {
  expireAllSignatureMessage,
  expireSignatureMessage,
  type ExpireMode,
} from '../../shared/protocol/storage/signatureMessages';
import { forwardedClockToleranceMs, hardforkAtLeast, maximumExpiryAheadMs } from './clockRules';
import type { ExpiryChange } from './messageStore';
import { authenticate, readCredentials, subaccountFlags } from './requestAuth';
import {
  readBoolean,
  readMessageHashes,
  readNamespaceSelector,
  readOwner,
  readTimestamp,
  readTimestampList,
  required,
} from './rpcParams';
import { invalidRequest, RpcError } from './rpcReplies';
import type { StorageMethod } from './storageMethod';
import { wrongSwarmReply } from './swarmReplies';
import { affectedEntry, applyLocally, compareHashes, signResult, swarmWriteReply } from './swarmWrite';

/** §4.4: an expiry may lie at most a minute in the past. */
const expiryPastToleranceMs = 60_000;
/** §6: one expiry per message arrived with hardfork 19.4. */
const multipleExpiriesHardfork = [19, 4] as const;

export const expireMethod: StorageMethod = {
  forwardable: true,
  prepare(params) {
    const owner = readOwner(params);
    const credentials = readCredentials(params, owner);
    const messages = readMessageHashes(params);
    const expiries = required(readTimestampList(params, 'expiry'), 'expiry');
    if (expiries.length === 0) throw invalidRequest("'expiry' does not contain any expiration timestamps");
    if (expiries.length > 1 && expiries.length !== messages.length) {
      throw invalidRequest("'expiry' must be a single expiry, or the same length as 'messages'");
    }
    const shorten = readBoolean(params, 'shorten') ?? false;
    const extend = readBoolean(params, 'extend') ?? false;
    if (shorten && extend) throw invalidRequest("cannot specify both 'shorten' and 'extend'");
    const mode: ExpireMode | undefined = shorten ? 'shorten' : extend ? 'extend' : undefined;
    const perMessage = expiries.length > 1;
    // The signed string writes every expiry, so one expiry in a list signs like a single value.
    const signed = expireSignatureMessage({ mode, expiry: perMessage ? expiries : expiries[0]!, messages });

    return async (context, options) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      if (perMessage && !hardforkAtLeast(context.hardfork(), multipleExpiriesHardfork)) {
        throw new RpcError(403, 'expire: one expiry per message needs hardfork 19.4');
      }
      const now = context.now();
      if (expiries.some((expiry) => expiry < now - expiryPastToleranceMs)) {
        throw new RpcError(401, 'expire: timestamp should be >= current time');
      }
      // Applied values are capped at 30 days ahead; the signature covers the values as sent.
      const applied = expiries.map((expiry) => Math.min(expiry, now + maximumExpiryAheadMs));
      const { subaccountFlags: flags } = await authenticate(context, 'expire', owner, credentials, signed, {
        flags: subaccountFlags.write,
        checkRevocation: true,
      });
      let change: ExpiryChange = mode ?? 'set';
      // §4.2: shortening an expiry is nearly deleting, so a subaccount needs delete access for it.
      if (flags !== undefined && (flags & subaccountFlags.delete) === 0) {
        if (shorten) {
          throw invalidRequest(
            'expire: shorten parameter cannot be used with this subaccount token (missing delete access)',
          );
        }
        change = 'extend';
      }

      const own = await applyLocally(async () => {
        const updates = messages.map((hash, index) => ({ hash, expiry: applied[index] ?? applied[0]! }));
        const updated = context.store.expire(owner.hex, updates, change, now);
        updated.sort((left, right) => compareHashes(left.hash, right.hash));
        const updatedHashes = updated.map((update) => update.hash);
        let unchanged: [string, number][] = [];
        if (mode !== undefined) {
          const changed = new Set(updatedHashes);
          const untouched = messages.filter((hash) => !changed.has(hash));
          unchanged = [...context.store.getExpiries(owner.hex, untouched, now)].sort(([left], [right]) =>
            compareHashes(left, right),
          );
        }
        // With one expiry per message, `expiry` lists the values applied to `updated`, in its order.
        const expiryValues = perMessage ? updated.map((update) => update.expiry) : [applied[0]!];
        const signature = await signResult(context, [
          owner.hex,
          ...expiryValues,
          ...messages,
          ...updatedHashes,
          ...unchanged.flat(),
        ]);
        return {
          expiry: perMessage ? expiryValues : applied[0]!,
          updated: updatedHashes,
          ...(mode !== undefined ? { unchanged: Object.fromEntries(unchanged) } : {}),
          signature,
        };
      });
      return swarmWriteReply(context, options, { method: 'expire', params }, own);
    };
  },
};

export const expireAllMethod: StorageMethod = {
  forwardable: true,
  prepare(params) {
    const owner = readOwner(params);
    const credentials = readCredentials(params, owner);
    const namespace = readNamespaceSelector(params);
    const expiry = required(readTimestamp(params, 'expiry'), 'expiry');

    return async (context, options) => {
      const misdirected = wrongSwarmReply(context, owner);
      if (misdirected) return misdirected;
      const tolerance = options.forwarded ? forwardedClockToleranceMs : expiryPastToleranceMs;
      if (expiry < context.now() - tolerance) {
        throw new RpcError(406, 'expire_all timestamp should be >= current time');
      }
      await authenticate(
        context,
        'expire_all',
        owner,
        credentials,
        expireAllSignatureMessage({ namespace, expiry }),
        { flags: subaccountFlags.delete, checkRevocation: true },
      );
      const own = await applyLocally(() =>
        affectedEntry(context, 'updated', context.store.shortenAll(owner.hex, namespace, expiry), namespace, [
          owner.hex,
          expiry,
        ]),
      );
      return swarmWriteReply(context, options, { method: 'expire_all', params }, own);
    };
  },
};
