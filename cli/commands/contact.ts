// `starling contact set-nickname`: the account's own name for a person, synced to its other devices
// through the Contacts config (protocol-config-groups.md §5.2). Prints once the swarm confirmed it.
import { parseArgs } from 'node:util';
import type { Logger } from '../../core/logging/logger';
import { type CommandIo, printJson, UsageError } from '../io';
import { engineOptions, engineTarget } from '../profileEngine';
import { checkedRequest, editAccount } from '../requests';

export const contactUsage = `  starling contact set-nickname --profile DIR --network FILE|mainnet|testnet --contact 05…
                  (--nickname TEXT | --clear) [--passphrase-file FILE]`;

export async function contactCommand(args: readonly string[], io: CommandIo, logger: Logger): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'set-nickname') {
    throw new UsageError(
      subcommand === undefined
        ? `Usage:\n${contactUsage}`
        : `Unknown contact command “${subcommand}”.\nUsage:\n${contactUsage}`,
    );
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      ...engineOptions,
      contact: { type: 'string' },
      nickname: { type: 'string' },
      clear: { type: 'boolean' },
    },
    strict: true,
  });
  const target = engineTarget(io, values);
  if (values.contact === undefined)
    throw new UsageError('Name the contact with --contact and their Session ID.');
  if ((values.nickname === undefined) === (values.clear !== true)) {
    throw new UsageError('Give the nickname with --nickname TEXT, or remove it with --clear.');
  }
  const request = checkedRequest('setNickname', {
    conversationId: values.contact,
    nickname: values.clear ? null : values.nickname,
  });
  const result = await editAccount(
    target,
    io,
    logger,
    (engine) => engine.setNickname(request),
    'the nickname',
  );
  printJson(io, { contact: result.conversationId, nickname: result.nickname });
}
