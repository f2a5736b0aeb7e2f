// revoke_subaccount / unrevoke_subaccount (protocol-network.md §4.2, §4.6): only the account key itself
// may revoke a groups v2 subaccount token or take the revocation back; the swarm replicates both.
import {
  revokeSubaccountSignatureMessage,
  unrevokeSubaccountSignatureMessage,
} from '../../shared/protocol/storage/signatureMessages';
import { checkSignedTimestamp } from './clockRules';
import { maximumRevokedSubaccounts } from './messageStore';
import { authenticate, readCredentials } from './requestAuth';
import {
  type Params,
  parseSubaccountToken,
  readOwner,
  readStringList,
  readTimestamp,
  required,
} from './rpcParams';
import { invalidRequest } from './rpcReplies';
import type { StorageMethod } from './storageMethod';
import { wrongSwarmReply } from './swarmReplies';
import { applyLocally, signResult, swarmWriteReply } from './swarmWrite';

type Action = 'revoke' | 'unrevoke';

function readTokens(params: Params, name: Action): Uint8Array[] {
  const tokens = required(readStringList(params, name), name);
  if (tokens.length > maximumRevokedSubaccounts) {
    throw invalidRequest(
      `invalid ${name}: cannot ${name} more than ${maximumRevokedSubaccounts} subaccounts at once`,
    );
  }
  return tokens.map((token) => parseSubaccountToken(token, name));
}

function subaccountMethod(action: Action): StorageMethod {
  const method = `${action}_subaccount`;
  const signatureMessage =
    action === 'revoke' ? revokeSubaccountSignatureMessage : unrevokeSubaccountSignatureMessage;
  return {
    forwardable: true,
    prepare(params) {
      const owner = readOwner(params);
      // The subaccount fields are ignored: a subaccount cannot revoke anything.
      const credentials = readCredentials(params, owner, false);
      const timestamp = required(readTimestamp(params, 'timestamp'), 'timestamp');
      const tokens = readTokens(params, action);

      return async (context, options) => {
        const misdirected = wrongSwarmReply(context, owner);
        if (misdirected) return misdirected;
        checkSignedTimestamp(context, method, timestamp);
        await authenticate(context, method, owner, credentials, signatureMessage({ timestamp, tokens }), {
          flags: 0,
          checkRevocation: false,
        });
        const own = await applyLocally(async () => {
          // §4.6: unrevoke reports how many tokens were revoked; revoke reports nothing, despite its docs.
          let count: number | undefined;
          if (action === 'revoke') context.store.revokeSubaccounts(owner.hex, tokens);
          else count = context.store.unrevokeSubaccounts(owner.hex, tokens);
          const signature = await signResult(context, [owner.hex, timestamp, ...tokens]);
          return count === undefined ? { signature } : { count, signature };
        });
        return swarmWriteReply(context, options, { method, params }, own);
      };
    },
  };
}

export const revokeSubaccountMethod = subaccountMethod('revoke');
export const unrevokeSubaccountMethod = subaccountMethod('unrevoke');
