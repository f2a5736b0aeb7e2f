// Changes to messages in the account's own swarm (protocol-network.md §4.6 delete and expire): only
// the owner may make them, so each is signed with the account's Ed25519 key. Unsend deletes our copy
// of a message; disappearing-after-read shortens the expiry of a message once it is read.
import { toHex } from '../../shared/protocol/bytes';
import { signRequest } from '../../shared/protocol/storage/requestSignature';
import {
  deleteSignatureMessage,
  expireSignatureMessage,
} from '../../shared/protocol/storage/signatureMessages';
import type { SwarmOwner } from '../polling/swarmPoller';
import { NetworkError } from './onionClient';
import type { SessionNetwork } from './sessionNetwork';

/** A request's params signed by the swarm's owner (every write to our own swarm but a store). */
export async function ownerSignedParams(
  owner: SwarmOwner,
  params: Record<string, unknown>,
  signed: Uint8Array,
): Promise<Record<string, unknown>> {
  return {
    pubkey: owner.pubkey,
    pubkey_ed25519: toHex(owner.ed25519PublicKey),
    ...params,
    signature: await signRequest(signed, owner.ed25519SecretKey),
  };
}

/** The params of a `delete` of our own messages by hash (§4.6). */
export function deleteParams(owner: SwarmOwner, hashes: readonly string[]): Promise<Record<string, unknown>> {
  return ownerSignedParams(owner, { messages: hashes }, deleteSignatureMessage({ messages: hashes }));
}

/**
 * The params of an `expire` that moves our messages' expiry to `expiry` (§4.6): without `shorten`
 * or `extend` the server may move it either way, within its 30-day cap.
 */
export function expireParams(
  owner: SwarmOwner,
  hashes: readonly string[],
  expiry: number,
): Promise<Record<string, unknown>> {
  return ownerSignedParams(
    owner,
    { messages: hashes, expiry },
    expireSignatureMessage({ expiry, messages: hashes }),
  );
}

async function ownerRequest(
  network: SessionNetwork,
  owner: SwarmOwner,
  method: string,
  params: () => Promise<Record<string, unknown>>,
): Promise<void> {
  const result = await network.swarmRequest(owner.pubkey, async () => ({ method, params: await params() }));
  if (result.status !== 200) {
    throw new NetworkError(
      'pathsFailed',
      `The swarm did not ${method} the messages (status ${result.status}).`,
    );
  }
}

/** Deletes messages of our own swarm by hash. */
export async function deleteFromOwnSwarm(
  network: SessionNetwork,
  owner: SwarmOwner,
  hashes: readonly string[],
): Promise<void> {
  if (hashes.length === 0) return;
  await ownerRequest(network, owner, 'delete', () => deleteParams(owner, hashes));
}

/** Brings the expiry of messages of our own swarm forward to `expiry` (never later). */
export async function shortenExpiryInOwnSwarm(
  network: SessionNetwork,
  owner: SwarmOwner,
  hashes: readonly string[],
  expiry: number,
): Promise<void> {
  if (hashes.length === 0) return;
  await ownerRequest(network, owner, 'expire', () =>
    ownerSignedParams(
      owner,
      { messages: hashes, expiry, shorten: true },
      expireSignatureMessage({ mode: 'shorten', expiry, messages: hashes }),
    ),
  );
}
