// `starling group create|add|remove|leave|info|accept`: closed groups (groups v2) from the command
// line. Each prints one JSON object once the group's swarm took the change (and the invites went
// out); a group of more than 10, an admin's action by a member or a bad ID exits 8.
import { parseArgs } from 'node:util';
import type { GroupView } from '../../shared/contract/views';
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/logger';
import { type CommandIo, printJson, UsageError } from '../io';
import { engineOptions, engineTarget, withEngine } from '../profileEngine';
import { accountFetchTimeoutMs, checkedRequest, withTimeout } from '../requests';

export const groupUsage = `  starling group create --profile DIR --network FILE|mainnet|testnet --name NAME
                  [--members 05…,05…] [--description TEXT]   (you and at most 9 others)
  starling group add|remove --profile DIR --network FILE --group 03… --members 05…,05…
  starling group info|leave|accept --profile DIR --network FILE --group 03…`;

const subcommands = ['create', 'add', 'remove', 'info', 'leave', 'accept'] as const;
type Subcommand = (typeof subcommands)[number];

/** How long a change waits for the group's swarm and the invites. */
const settleTimeoutMs = 60_000;

function memberList(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

/** The group as the command line prints it: name, members with role and status, admins. */
export function printableGroup(group: GroupView): Record<string, unknown> {
  return {
    groupId: group.id,
    name: group.name,
    description: group.description,
    status: group.status,
    admin: group.admin,
    members: group.members.map((member) => ({
      sessionId: member.sessionId,
      name: member.name,
      role: member.admin ? 'admin' : 'member',
      status: member.status,
    })),
    admins: group.members.filter((member) => member.admin).map((member) => member.sessionId),
  };
}

export async function groupCommand(args: readonly string[], io: CommandIo, logger: Logger): Promise<void> {
  const [subcommand, ...rest] = args;
  if (!subcommands.includes(subcommand as Subcommand)) {
    throw new UsageError(
      subcommand === undefined
        ? `Usage:\n${groupUsage}`
        : `Unknown group command “${subcommand}”.\nUsage:\n${groupUsage}`,
    );
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      ...engineOptions,
      name: { type: 'string' },
      description: { type: 'string' },
      members: { type: 'string' },
      group: { type: 'string' },
    },
    strict: true,
  });
  const target = engineTarget(io, values);
  const command = subcommand as Subcommand;
  if (command === 'create') {
    if (values.name === undefined) throw new UsageError('Name the group with --name.');
    const request = checkedRequest('createGroup', {
      name: values.name,
      members: memberList(values.members),
      ...(values.description !== undefined ? { description: values.description } : {}),
    });
    const group = await withEngine(target, io, logger, async (engine) => {
      await engine.start({ poll: false });
      const created = await engine.createGroup(request);
      await settled(engine, created.id);
      return engine.getGroup({ groupId: created.id });
    });
    printJson(io, printableGroup(group));
    return;
  }
  if (values.group === undefined) throw new UsageError('Name the group with --group and its 03… ID.');
  const groupId = checkedRequest('getGroup', { groupId: values.group }).groupId;
  const result = await withEngine(target, io, logger, async (engine) => {
    await engine.start({ poll: false });
    // What the swarms hold first: an invite not yet fetched, the group's newest members.
    await withTimeout(engine.receiveNow(), accountFetchTimeoutMs, 'The swarm did not answer').catch(
      (error: unknown) => logger.warn((error as Error).message),
    );
    switch (command) {
      case 'add': {
        const request = checkedRequest('addGroupMembers', { groupId, members: memberList(values.members) });
        await engine.addGroupMembers(request);
        await settled(engine, groupId);
        return printableGroup(await engine.getGroup({ groupId }));
      }
      case 'remove': {
        const request = checkedRequest('removeGroupMembers', {
          groupId,
          members: memberList(values.members),
        });
        await engine.removeGroupMembers(request);
        await settled(engine, groupId);
        return printableGroup(await engine.getGroup({ groupId }));
      }
      case 'leave':
        await engine.leaveGroup({ groupId });
        return { groupId, left: true };
      case 'accept': {
        await engine.acceptRequest({ conversationId: groupId });
        // The keys, then the response the admins wait for (it needs them).
        await withTimeout(engine.receiveNow(), accountFetchTimeoutMs, 'The group did not answer').catch(
          (error: unknown) => logger.warn((error as Error).message),
        );
        await engine.sendingSettled();
        return printableGroup(await engine.getGroup({ groupId }));
      }
      default:
        return printableGroup(await engine.getGroup({ groupId }));
    }
  });
  printJson(io, result);
}

async function settled(engine: Engine, groupId: string): Promise<void> {
  await withTimeout(
    engine.groupSettled(groupId),
    settleTimeoutMs,
    'The group’s swarm has not confirmed the change',
  );
}
