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

async function ownerRequest(
  network: SessionNetwork,
  owner: SwarmOwner,
  method: string,
  params: Record<string, unknown>,
  signed: Uint8Array,
): Promise<void> {
  const result = await network.swarmRequest(owner.pubkey, async () => ({
    method,
    params: {
      pubkey: owner.pubkey,
      pubkey_ed25519: toHex(owner.ed25519PublicKey),
      ...params,
      signature: await signRequest(signed, owner.ed25519SecretKey),
    },
  }));
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
  await ownerRequest(
    network,
    owner,
    'delete',
    { messages: hashes },
    deleteSignatureMessage({ messages: hashes }),
  );
}

/** Brings the expiry of messages of our own swarm forward to `expiry` (never later). */
export async function shortenExpiryInOwnSwarm(
  network: SessionNetwork,
  owner: SwarmOwner,
  hashes: readonly string[],
  expiry: number,
): Promise<void> {
  if (hashes.length === 0) return;
  await ownerRequest(
    network,
    owner,
    'expire',
    { messages: hashes, expiry, shorten: true },
    expireSignatureMessage({ mode: 'shorten', expiry, messages: hashes }),
  );
}
