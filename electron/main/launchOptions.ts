// The command line of the desktop app. Chromium's own switch parser (app.commandLine) only knows
// `--name=value`; people type `--network testnet` as the CLI takes it, so both forms are read here.
import { parseFeedYaml } from '../../core/updates/updateFeed';

/** The value of `--name value` or `--name=value`; undefined when absent or empty. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  const flag = `--${name}`;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === flag) {
      const value = argv[index + 1];
      if (value !== undefined && !value.startsWith('--')) return value;
    } else if (argument?.startsWith(`${flag}=`)) {
      const value = argument.slice(flag.length + 1);
      if (value !== '') return value;
    }
  }
  return undefined;
}

/** The `--network` value: mainnet, testnet or a network file; mainnet when not given. */
export function networkArgument(argv: readonly string[]): string {
  return optionValue(argv, 'network') ?? 'mainnet';
}

/**
 * Where updates are published: `--update-feed`, else STARLING_UPDATE_FEED, else the address
 * electron-builder wrote into the packaged app (resources/app-update.yml, from build/'s `publish`).
 * Undefined for a development build run without either: it then checks nothing.
 */
export function updateFeedAddress(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv,
  packagedUpdateConfig: string | undefined,
): string | undefined {
  const chosen = optionValue(argv, 'update-feed') ?? environment.STARLING_UPDATE_FEED;
  if (chosen) return chosen;
  if (packagedUpdateConfig === undefined) return undefined;
  try {
    const url = parseFeedYaml(packagedUpdateConfig).url;
    return typeof url === 'string' && url !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}
