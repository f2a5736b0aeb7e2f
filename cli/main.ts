// The `starling` command: parses the command name and hands over to the command's module. Expected
// failures become one line on standard error and an exit code of exitCodes.ts; anything else is a
// bug and is reported as such.
import { communityCommand, communityUsage } from './commands/community';
import { isStarlingError } from '../shared/errors';
import { useNativeCrypto } from '../core/crypto/nativeCrypto';
import { createLogger, streamSink } from '../core/logging/logger';
import { accountCommand, accountUsage } from './commands/account';
import { contactCommand, contactUsage } from './commands/contact';
import { devnetCommand, devnetUsage } from './commands/devnet';
import { groupCommand, groupUsage } from './commands/group';
import { listenCommand, listenUsage } from './commands/listen';
import { networkCommand, networkUsage } from './commands/network';
import { sendCommand, sendUsage } from './commands/send';
import { serveCommand, serveUsage } from './commands/serve';
import { startCommand, startUsage } from './commands/start';
import { type ExitCode, exitCodeForError, exitCodes } from './exitCodes';
import { type CommandIo, UsageError } from './io';

const usage = `starling: a desktop client for the Session network

${accountUsage}
${contactUsage}
${groupUsage}
${communityUsage}
${devnetUsage}
${networkUsage}
${sendUsage}
${listenUsage}
${serveUsage}
${startUsage}

Keys are protected by the system keychain where it answers (STARLING_KEYCHAIN=none turns it off),
else by a passphrase: set STARLING_PASSPHRASE or pass --passphrase-file FILE. Without either,
account create and restore refuse (exit 6) unless --unprotected asks for keys without protection.`;

export async function runCommand(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const logger = createLogger({
    sink: streamSink(io.stderr),
    level: io.env.STARLING_LOG_LEVEL === 'debug' ? 'debug' : 'warn',
  });
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'account':
        await accountCommand(rest, io, logger);
        return exitCodes.success;
      case 'contact':
        await contactCommand(rest, io, logger);
        return exitCodes.success;
      case 'group':
        await groupCommand(rest, io, logger);
        return exitCodes.success;
      case 'network':
        await networkCommand(rest, io, logger);
        return exitCodes.success;
      case 'community':
        await communityCommand(rest, io, logger);
        return exitCodes.success;
      case 'devnet':
        await devnetCommand(rest, io, process);
        return exitCodes.success;
      case 'send':
        await sendCommand(rest, io, logger);
        return exitCodes.success;
      case 'listen':
        await listenCommand(rest, io, logger, process);
        return exitCodes.success;
      case 'serve':
        await serveCommand(rest, io, logger, process);
        return exitCodes.success;
      case 'start':
        await startCommand(rest, io, logger, process);
        return exitCodes.success;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${usage}\n`);
        return command === undefined ? exitCodes.usage : exitCodes.success;
      default:
        throw new UsageError(`Unknown command “${command}”. Run “starling help” for the list.`);
    }
  } catch (error) {
    if (isStarlingError(error)) {
      io.stderr.write(`starling: ${error.message}\n`);
      return exitCodeForError(error.code, error.name);
    }
    // node:util parseArgs reports unknown or malformed options with these codes.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`starling: ${(error as Error).message}\n`);
      return exitCodes.usage;
    }
    io.stderr.write(
      `starling: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return exitCodes.failure;
  }
}

/** Entry point of bin/starling.js: runs a command with the real process's streams. */
export function main(args: readonly string[]): void {
  useNativeCrypto();
  void runCommand(args, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
