// The command line of the desktop app. Chromium's own switch parser (app.commandLine) only knows
// `--name=value`; people type `--network testnet` as the CLI takes it, so both forms are read here.

/** The `--network` value: mainnet, testnet or a network file; mainnet when not given. */
export function networkArgument(argv: readonly string[]): string {
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--network') {
      const value = argv[index + 1];
      if (value !== undefined && !value.startsWith('--')) return value;
    } else if (argument?.startsWith('--network=')) {
      const value = argument.slice('--network='.length);
      if (value !== '') return value;
    }
  }
  return 'mainnet';
}
