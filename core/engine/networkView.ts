// The network as the UI shows it (the onion path indicator: You → 3 hops → destination): hop names
// shortened, health per hop and per path, and whether this build is too old for the network.
import type { NetworkView } from '../../shared/contract/views';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import type { SessionNetwork } from '../network/sessionNetwork';

export function networkView(network: SessionNetwork, name: string): NetworkView {
  const paths = network.paths.status().map((path) => ({
    healthy: path.healthy,
    hops: path.hops.map((hop) => ({
      name: abbreviateSessionId(hop.ed25519PublicKey),
      ip: hop.ip,
      healthy: hop.healthy,
    })),
  }));
  const version = network.hardfork.version;
  return {
    network: name,
    connected: paths.some((path) => path.healthy),
    paths,
    hardfork: version ? version.join('.') : null,
    updateRequired: network.hardfork.updateRequired,
  };
}
