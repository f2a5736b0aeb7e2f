// The network in use and the onion paths (product.md: "an onion-path indicator, You → 3 hops →
// destination"; users' complaint 2: a path stuck red with no visible recovery). Every hop says its
// health in words as well as in colour, and the whole says whether Starling is connected.
import type { NetworkView, PathView } from '../../../../shared/contract/views';

const networkNames: Readonly<Record<string, string>> = {
  mainnet: 'Session mainnet',
  testnet: 'Session testnet',
  devnet: 'Devnet (a local development network)',
};

export function networkName(network: string): string {
  return networkNames[network] ?? network;
}

/** The paths' health in words. */
export function pathSummary(network: NetworkView | null): string {
  if (!network) return 'Checking the network…';
  if (!network.connected) return 'Reconnecting…';
  const healthy = network.paths.filter((path) => path.healthy).length;
  return `Connected through ${healthy} onion path${healthy === 1 ? '' : 's'}`;
}

export function NetworkStatus({
  networkInUse,
  network,
  hardforkRequired,
}: {
  networkInUse: string | null;
  network: NetworkView | null;
  hardforkRequired: string | null;
}) {
  const summary = pathSummary(network);
  const state = !network ? 'checking' : network.connected ? 'connected' : 'reconnecting';
  const updateNeeded = hardforkRequired ?? (network?.updateRequired ? (network.hardfork ?? 'newer') : null);
  return (
    <>
      <dl className="network-facts">
        <div>
          <dt>Network</dt>
          <dd>{networkName(network?.network ?? networkInUse ?? 'unknown')}</dd>
        </div>
        <div>
          <dt>Hardfork version</dt>
          <dd>{network?.hardfork ?? 'Not known yet'}</dd>
        </div>
      </dl>
      {updateNeeded && (
        <div className="page-callout" role="alert">
          The network runs version {updateNeeded}, newer than this Starling knows. Update Starling, or
          messages may stop arriving.
        </div>
      )}
      <p className={`network-summary network-summary--${state}`} role="status">
        <span className="network-summary__dot" aria-hidden="true" />
        {summary}
      </p>
      {network && !network.connected && (
        <p className="page-muted">
          Starling is building new onion paths by itself. Messages you send wait and go out once one is ready.
        </p>
      )}
      {network && network.paths.length > 0 && (
        <ol className="onion-paths">
          {network.paths.map((path, index) => (
            <OnionPath key={index} path={path} number={index + 1} />
          ))}
        </ol>
      )}
    </>
  );
}

function OnionPath({ path, number }: { path: PathView; number: number }) {
  const label = `Path ${number}`;
  return (
    <li className="onion-path">
      <p className="onion-path__title">
        {label}
        <span className={path.healthy ? 'onion-path__state' : 'onion-path__state onion-path__state--bad'}>
          {path.healthy ? 'working' : 'being rebuilt'}
        </span>
      </p>
      <ol className="onion-path__hops" aria-label={`${label}: you, ${path.hops.length} hops, a service node`}>
        <li className="onion-hop onion-hop--end">
          <span className="onion-hop__dot" aria-hidden="true" />
          <span className="onion-hop__name">You</span>
        </li>
        {path.hops.map((hop, index) => (
          <li key={index} className={hop.healthy ? 'onion-hop' : 'onion-hop onion-hop--bad'}>
            <span className="onion-hop__dot" aria-hidden="true" />
            <span className="onion-hop__name mono">{hop.name}</span>
            <span className="onion-hop__ip mono">{hop.ip}</span>
            <span className={hop.healthy ? 'visually-hidden' : 'onion-hop__problem'}>
              {hop.healthy ? 'responding' : 'not responding'}
            </span>
          </li>
        ))}
        <li className="onion-hop onion-hop--end">
          <span className="onion-hop__dot" aria-hidden="true" />
          <span className="onion-hop__name">Service node</span>
        </li>
      </ol>
    </li>
  );
}
