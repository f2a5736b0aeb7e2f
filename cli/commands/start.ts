// `starling start [--profile DIR] [--network FILE|mainnet|testnet] [--port P]`: the one command that
// runs the app. Without --network it runs the embedded devnet (in .devnet/) and joins it. It opens
// the desktop app when an Electron runtime is installed; where none is (as on these development
// machines, which cannot download it), it says so in one line and serves the same profile to a
// browser instead (`starling serve`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from '../../core/logging/logger';
import { loadNetwork } from '../../core/network/networkDescription';
import { startDevnet } from '../../devnet/network/devnet';
import { type CommandIo, type StopSignals, UsageError } from '../io';
import { keySourcesFor } from '../keySources';
import { defaultDevnetDirectory } from './devnet';
import { serveProfile } from './serve';

export const startUsage = `  starling start  [--profile DIR] [--network FILE|mainnet|testnet] [--port P] [--passphrase-file FILE]
                  [--unprotected]
                  (the app on the embedded devnet unless --network; the browser UI when Electron is absent)`;

export const defaultProfileDirectory = path.join('.profiles', 'default');

/** The Electron binary npm installed, if its download ever happened (it cannot on these machines). */
export function electronBinary(): string | undefined {
  try {
    const packageDirectory = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(packageDirectory, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = path.join(packageDirectory, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

export async function startCommand(
  args: readonly string[],
  io: CommandIo,
  logger: Logger,
  signals: StopSignals,
  findElectron: () => string | undefined = electronBinary,
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      profile: { type: 'string' },
      network: { type: 'string' },
      port: { type: 'string' },
      'passphrase-file': { type: 'string' },
      unprotected: { type: 'boolean' },
    },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError('--port takes a port number, 0 to 65535 (0: any free port).');
  }
  const profileDirectory = path.resolve(io.cwd, values.profile ?? defaultProfileDirectory);
  const devnet =
    values.network === undefined
      ? await startDevnet({ directory: path.resolve(io.cwd, defaultDevnetDirectory) })
      : undefined;
  try {
    const networkFile = devnet?.networkFile ?? values.network!;
    const electron = findElectron();
    if (electron) {
      await runDesktopApp(electron, networkFile, signals);
      return;
    }
    io.stderr.write(
      'starling: no Electron runtime is installed here, so the app opens in your browser instead ' +
        '(the headless host, same engine and data): open the URL below.\n',
    );
    await serveProfile(
      {
        profileDirectory,
        network: await loadNetwork(networkFile, io.cwd),
        keySources: await keySourcesFor(io, values['passphrase-file'], { unprotected: values.unprotected }),
        port,
        updateFeed: io.env.STARLING_UPDATE_FEED,
      },
      io,
      logger,
      signals,
    );
  } finally {
    await devnet?.close();
  }
}

/** The desktop app on this network, until it quits or we are stopped. */
async function runDesktopApp(electron: string, networkFile: string, signals: StopSignals): Promise<void> {
  const main = path.resolve(__dirname, '..', '..', 'desktop', 'main', 'main.js');
  if (!existsSync(main))
    throw new UsageError('The desktop app is not built: run “npm run build:desktop” first.');
  const child = spawn(electron, [main, '--network', networkFile], { stdio: 'inherit' });
  const stop = (): void => void child.kill('SIGTERM');
  signals.once('SIGINT', stop);
  signals.once('SIGTERM', stop);
  await new Promise<void>((resolve) => child.once('close', () => resolve()));
  signals.off('SIGINT', stop);
  signals.off('SIGTERM', stop);
}
