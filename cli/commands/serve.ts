// `starling serve --profile DIR --network FILE [--port P]`: the headless host. It runs the engine of
// one profile and serves the UI to a browser on 127.0.0.1, behind a per-launch token; it prints
// `listening <url>` (the URL with the token) and runs until SIGINT or SIGTERM.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ClientHost } from '../../core/host/clientHost';
import type { Logger } from '../../core/logging/logger';
import type { KeySources } from '../../core/identity/keyProtection';
import { loadNetwork, type NetworkDescription } from '../../core/network/networkDescription';
import { starlingVersion } from '../../core/updates/starlingVersion';
import { feedLoader } from '../../core/updates/updateChecker';
import { UpdateService } from '../../core/updates/updateService';
import { type CommandIo, type StopSignals, untilStopped, UsageError } from '../io';
import { keySourcesFor } from '../keySources';
import { engineOptions, engineTarget } from '../profileEngine';
import { startHeadlessHost } from '../serve/headlessHost';

export const serveUsage = `  starling serve  --profile DIR --network FILE|mainnet|testnet [--port P] [--passphrase-file FILE]
                  [--update-feed URL] [--unprotected]
                  (the UI in a browser at the printed URL, on 127.0.0.1 only; with a feed, it says
                  when a new or required version is out, and where to get it. Without a keychain
                  or a passphrase, the first screen asks to choose one; --unprotected, for tests
                  and bots, stores a new account's keys without protection instead)`;

/** Where `npm run build` puts the UI: out/renderer, beside this command's out/cli. */
export function defaultRendererDirectory(): string {
  return path.resolve(__dirname, '..', '..', 'renderer');
}

export async function serveCommand(
  args: readonly string[],
  io: CommandIo,
  logger: Logger,
  signals: StopSignals,
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...engineOptions,
      port: { type: 'string' },
      'update-feed': { type: 'string' },
      unprotected: { type: 'boolean' },
    },
    strict: true,
  });
  const target = engineTarget(io, values);
  // 0 (the default) lets the system pick a free port; the printed URL says which.
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || values.port?.trim() === '') {
    throw new UsageError('--port takes a port number, 0 to 65535 (0: any free port).');
  }
  await serveProfile(
    {
      profileDirectory: target.profileDirectory,
      network: await loadNetwork(target.network, io.cwd),
      keySources: await keySourcesFor(io, target.passphraseFile, { unprotected: values.unprotected }),
      port,
      updateFeed: values['update-feed'] ?? io.env.STARLING_UPDATE_FEED,
    },
    io,
    logger,
    signals,
  );
}

/** Serves one profile's UI and API until SIGINT or SIGTERM, printing `listening <url>`. */
export async function serveProfile(
  options: {
    readonly profileDirectory: string;
    readonly network: NetworkDescription;
    readonly keySources: KeySources;
    readonly port: number;
    /** The generic feed desktop releases are published to; none: decisions from the network alone. */
    readonly updateFeed?: string | undefined;
  },
  io: CommandIo,
  logger: Logger,
  signals: StopSignals,
): Promise<void> {
  const rendererDirectory = io.env.STARLING_RENDERER_DIR ?? defaultRendererDirectory();
  if (!existsSync(path.join(rendererDirectory, 'index.html'))) {
    throw new UsageError(
      `The UI is not built (${rendererDirectory} has no index.html): run “npm run build” first.`,
    );
  }
  const host = await ClientHost.open({
    profileDirectory: options.profileDirectory,
    network: options.network,
    keySources: options.keySources,
    // As the desktop app: without a keychain or a passphrase, the first screen has the person
    // choose a passphrase, unless --unprotected asked explicitly for keys without protection.
    requireKeyProtection: !options.keySources.allowUnprotected,
    // The headless host reads the feed to tell people, but installs nothing: no installer.
    ...(options.updateFeed && {
      updates: new UpdateService({
        currentVersion: starlingVersion,
        loadFeed: feedLoader(options.updateFeed),
        logger,
      }),
    }),
    logger,
  });
  try {
    const server = await startHeadlessHost({ host, rendererDirectory, port: options.port, logger });
    io.stdout.write(`listening ${server.url}\n`);
    await untilStopped(signals);
    await server.close();
  } finally {
    await host.close();
  }
}
