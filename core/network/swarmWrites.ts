// Changes to messages already in a swarm (protocol-network.md §4.6 delete and expire): only the
// swarm's owner may make them (our account for its own swarm, a group's admin for the group's), so
// each is signed by its authority (swarmAuthority.ts). Unsend deletes a copy of a message;
// disappearing-after-read shortens the expiry of a message once it is read; pushes delete the config
// messages they supersede.
import {
  deleteSignatureMessage,
  expireSignatureMessage,
} from '../../shared/protocol/storage/signatureMessages';
import { NetworkError } from './onionClient';
import type { SessionNetwork } from './sessionNetwork';
import { authenticatedParams, type SwarmAuthority } from './swarmAuthority';

/** The params of a `delete` of messages by hash (§4.6). */
export function deleteParams(
  authority: SwarmAuthority,
  hashes: readonly string[],
): Promise<Record<string, unknown>> {
  return authenticatedParams(authority, { messages: hashes }, deleteSignatureMessage({ messages: hashes }));
}

/**
 * The params of an `expire` that moves messages' expiry to `expiry` (§4.6): without `shorten` or
 * `extend` the server may move it either way, within its 30-day cap.
 */
export function expireParams(
  authority: SwarmAuthority,
  hashes: readonly string[],
  expiry: number,
): Promise<Record<string, unknown>> {
  return authenticatedParams(
    authority,
    { messages: hashes, expiry },
    expireSignatureMessage({ expiry, messages: hashes }),
  );
}

async function authorizedRequest(
  network: SessionNetwork,
  authority: SwarmAuthority,
  method: string,
  params: () => Promise<Record<string, unknown>>,
): Promise<void> {
  const result = await network.swarmRequest(authority.pubkey, async () => ({
    method,
    params: await params(),
  }));
  if (result.status !== 200) {
    throw new NetworkError(
      'pathsFailed',
      `The swarm did not ${method} the messages (status ${result.status}).`,
    );
  }
}

/** Deletes messages of the authority's swarm by hash. */
export async function deleteFromSwarm(
  network: SessionNetwork,
  authority: SwarmAuthority,
  hashes: readonly string[],
): Promise<void> {
  if (hashes.length === 0) return;
  await authorizedRequest(network, authority, 'delete', () => deleteParams(authority, hashes));
}

/** Brings the expiry of messages of the authority's swarm forward to `expiry` (never later). */
export async function shortenExpiryInSwarm(
  network: SessionNetwork,
  authority: SwarmAuthority,
  hashes: readonly string[],
  expiry: number,
): Promise<void> {
  if (hashes.length === 0) return;
  await authorizedRequest(network, authority, 'expire', () =>
    authenticatedParams(
      authority,
      { messages: hashes, expiry, shorten: true },
      expireSignatureMessage({ mode: 'shorten', expiry, messages: hashes }),
    ),
  );
}
