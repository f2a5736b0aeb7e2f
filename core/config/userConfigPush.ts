// Pushing the account's configs (protocol-config-groups.md §5.5, as desktop's UserSyncJob); the
// ConfigPusher decides when.
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import { userConfigKinds } from '../../shared/protocol/config/configKinds';
import { sealUserConfig } from '../../shared/protocol/config/configPipeline';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { NetworkError } from '../network/onionClient';
import { deleteParams } from '../network/swarmWrites';
import type { SessionNetwork } from '../network/sessionNetwork';
import { storeOutcome, storeParams } from '../network/storeMessage';
import { accountAuthority } from '../network/swarmAuthority';
import { configTtlMs } from './configPusher';
import type { UserConfigs } from './userConfigs';

/**
 * One push of the account's configs: every config with an unconfirmed change is encrypted and
 * stored, then the hashes it superseded are deleted, all in one `sequence` to our own swarm, which
 * stops at the first failure, so nothing is deleted unless its replacement was stored.
 */
export async function pushUserConfigs(options: {
  readonly configs: UserConfigs;
  readonly network: SessionNetwork;
  readonly keys: IdentityKeys;
  readonly compressor: ConfigCompressor;
}): Promise<void> {
  const { configs, network, keys, compressor } = options;
  const pushes = configs.pendingPushes();
  if (pushes.length === 0) return;
  const sealed = await Promise.all(
    pushes.map(({ kind, push }) => sealUserConfig(push.plaintext, push.seqno, kind, keys, compressor)),
  );
  const authority = accountAuthority(keys);
  const obsolete = [...new Set(pushes.flatMap(({ push }) => push.obsoleteHashes))];
  let timestamp = 0;
  const result = await network.swarmRequest(keys.sessionId, async (now) => {
    timestamp = now;
    const stores = await Promise.all(
      pushes.flatMap(({ kind }, index) =>
        sealed[index]!.map(async (data) => ({
          method: 'store',
          params: await storeParams(
            {
              pubkey: keys.sessionId,
              namespace: userConfigKinds[kind].namespace,
              data,
              ttlMs: configTtlMs,
              authority,
            },
            now,
          ),
        })),
      ),
    );
    const deletes =
      obsolete.length > 0 ? [{ method: 'delete', params: await deleteParams(authority, obsolete) }] : [];
    return { method: 'sequence', params: { requests: [...stores, ...deletes] } };
  });
  if (result.status !== 200) {
    throw new NetworkError(
      'pathsFailed',
      `The swarm did not take the config push (status ${result.status}).`,
    );
  }
  const results = (result.body as { results?: { code?: number; body?: unknown }[] }).results ?? [];
  let index = 0;
  pushes.forEach(({ kind, push }, pushIndex) => {
    // A multipart push stores several messages; the config is named by the last one's hash.
    let hash = '';
    for (let part = 0; part < sealed[pushIndex]!.length; part += 1, index += 1) {
      const reply = results[index];
      hash = storeOutcome(reply?.code ?? 0, reply?.body, timestamp).hash;
    }
    configs.confirmPushed(kind, push.seqno, hash);
  });
}
