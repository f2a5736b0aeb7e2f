// `starling devnet community add-room|add-moderator|ban|unban … [--dir DIR]`: administers the
// devnet's open group server, running or stopped (devnet/community/communityAdminClient.ts), and
// prints what it did as one JSON line. `seed` fills a room of a stopped devnet with signed posts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type AdminCommand, AdminCommandError } from '../../devnet/community/communityAdmin';
import { runAdminCommand, seedStoppedServer } from '../../devnet/community/communityAdminClient';
import { type CommandIo, positiveNumberFlag, printJson, UsageError } from '../io';

export const devnetCommunityUsage = `  starling devnet community add-room --token T --name NAME [--description TEXT] [--dir DIR]
  starling devnet community add-moderator --id 15… (--room T | --global) [--admin] [--hidden] [--dir DIR]
  starling devnet community ban --id 15… (--room T | --global) [--duration SECONDS] [--dir DIR]
  starling devnet community unban --id 15… (--room T | --global) [--dir DIR]
  starling devnet community seed --room T --count N [--dir DIR]   (a stopped devnet)`;

const options = {
  dir: { type: 'string' },
  token: { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  id: { type: 'string' },
  room: { type: 'string' },
  global: { type: 'boolean' },
  admin: { type: 'boolean' },
  hidden: { type: 'boolean' },
  duration: { type: 'string' },
  count: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof options; strict: true; allowPositionals: true }>
>['values'];

function required(values: Values, name: 'token' | 'name' | 'id'): string {
  const value = values[name];
  if (value === undefined || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

/** Exactly one of --room and --global; undefined for global. */
function scope(values: Values): { room?: string } {
  if ((values.room === undefined) === (values.global !== true)) {
    throw new UsageError('Give exactly one of --room TOKEN and --global.');
  }
  return values.room === undefined ? {} : { room: values.room };
}

function commandOf(action: string | undefined, values: Values): AdminCommand {
  switch (action) {
    case 'add-room':
      return {
        kind: 'add-room',
        token: required(values, 'token'),
        name: required(values, 'name'),
        ...(values.description === undefined ? {} : { description: values.description }),
      };
    case 'add-moderator':
      return {
        kind: 'add-moderator',
        sessionId: required(values, 'id'),
        admin: values.admin === true,
        visible: values.hidden !== true,
        ...scope(values),
      };
    case 'ban': {
      const duration = positiveNumberFlag('duration', values.duration);
      return {
        kind: 'ban',
        sessionId: required(values, 'id'),
        ...scope(values),
        ...(duration === undefined ? {} : { durationSeconds: duration }),
      };
    }
    case 'unban':
      return { kind: 'unban', sessionId: required(values, 'id'), ...scope(values) };
    default:
      throw new UsageError(`Usage:\n${devnetCommunityUsage}`);
  }
}

async function seed(io: CommandIo, directory: string, values: Values): Promise<void> {
  const room = values.room;
  if (room === undefined || room === '') throw new UsageError('--room is required.');
  const count = positiveNumberFlag('count', values.count, { whole: true });
  if (count === undefined) throw new UsageError('--count is required.');
  const result = await seedStoppedServer(directory, room, count);
  printJson(io, {
    ...result,
    signingMs: Math.round(result.signingMs),
    writingMs: Math.round(result.writingMs),
    online: false,
  });
}

export async function devnetCommunityCommand(
  args: readonly string[],
  io: CommandIo,
  defaultDirectory: string,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError(`Usage:\n${devnetCommunityUsage}`);
  const directory = path.resolve(io.cwd, values.dir ?? defaultDirectory);
  try {
    if (positionals[0] === 'seed') {
      await seed(io, directory, values);
      return;
    }
    const outcome = await runAdminCommand(directory, commandOf(positionals[0], values));
    printJson(io, { ...outcome.result, online: outcome.online });
  } catch (error) {
    if (error instanceof AdminCommandError) throw new UsageError(error.message);
    throw error;
  }
}
