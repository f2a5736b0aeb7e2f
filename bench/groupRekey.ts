// Removing a member from a full group (protocol-config-groups.md §6.9 "Remove", §7 "Push"): an admin
// engine with a 10-member group (9 other real accounts) on the devnet removes one member, timed
// until engine.groupSettled resolves: the kicked notice, the revocation, the rekey for the 9 left,
// and the one sequence that stores Keys, Info, Members and the control messages in the group's
// swarm. Next to it, measured in the same run: the rekey alone (GroupKeyring.rekey for 10 members)
// and one authenticated round trip to the group's swarm (a retrieve), the network's floor.
// Between runs the member is added back (a rekey and an invite; not timed) and the admin polls its
// swarm, so each run removes from 10 members at a confirmed, newer generation, as in the product.
import type { Engine } from '../core/engine/engine';
import { EngineHarness, type TestUser } from '../test/engineHarness';
import { randomBytes, toHex } from '../shared/protocol/bytes';
import { GroupKeyring } from '../shared/protocol/groups/groupKeyring';
import { groupSigningKeys } from '../shared/protocol/groups/keyDerivation';
import { namespaces } from '../shared/protocol/storage/namespaces';
import { type Measurement, measure, measurementOf, printTable } from './measure';

const memberCount = 10;
const removals = 20;
const roundTrips = 20;
const rekeyRuns = 50;
/**
 * No coalescing delay before a push: the figure is the work and the network, not the product's
 * wait for further edits (defaultPushTiming's 1 s, to be added for what a user sees).
 */
const immediatePushes = { coalesceMs: 0, retryMs: 500, maximumRetryMs: 5_000 };

/** The admin's onion calls while a removal runs: how many, and how long the push's `sequence` took. */
class CallProbe {
  /** Per call: its method (a sequence named by it), the time to build the request, the whole call. */
  calls: { method: string; buildMs: number; totalMs: number }[] = [];

  constructor(engine: Engine) {
    const client = engine.network.client;
    const callSnode = client.callSnode.bind(client);
    client.callSnode = async (target, makeRequest) => {
      let method = '';
      let buildMs = 0;
      const start = performance.now();
      try {
        return await callSnode(target, async (now) => {
          const before = performance.now();
          const request = await makeRequest(now);
          buildMs += performance.now() - before;
          method = request.method;
          return request;
        });
      } finally {
        this.calls.push({ method, buildMs, totalMs: performance.now() - start });
      }
    };
  }

  take(): CallProbe['calls'] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }
}

async function memberIds(admin: TestUser, groupId: string): Promise<string[]> {
  return (await admin.engine.getGroup({ groupId })).members.map((member) => member.sessionId);
}

async function rekeyAlone(sessionIds: readonly string[]): Promise<Measurement> {
  const seed = randomBytes(32);
  const keyring = await GroupKeyring.create({
    groupEd25519PublicKey: (await groupSigningKeys(seed)).publicKey,
    groupSeed: seed,
  });
  return measure(`GroupKeyring.rekey, ${sessionIds.length} members`, rekeyRuns, () =>
    keyring.rekey(sessionIds, Date.now()),
  );
}

export async function groupRekeyBenchmark(): Promise<void> {
  const setupBegin = performance.now();
  const harness = await EngineHarness.start({ nodes: 6 });
  try {
    const admin = await harness.user('admin', { configPushTiming: immediatePushes });
    const others = await Promise.all(
      Array.from({ length: memberCount - 1 }, (_, index) => harness.user(`member-${index + 1}`)),
    );
    const group = await admin.engine.createGroup({
      name: `Bench ${toHex(randomBytes(2))}`,
      members: others.map((member) => member.sessionId),
    });
    const groupId = group.id;
    await admin.engine.groupSettled(groupId);
    await admin.engine.receiveNow();
    if ((await memberIds(admin, groupId)).length !== memberCount) {
      throw new Error(`the group does not hold ${memberCount} members`);
    }
    console.log(
      `\ngroups: devnet (6 nodes), admin and ${memberCount - 1} members, group created in ` +
        `${((performance.now() - setupBegin) / 1000).toFixed(1)} s`,
    );

    // The floor: an authenticated retrieve (measure() warms up first). Removal −1 below is a warm-up too.
    const roundTrip = await measure('one retrieve from the group swarm (round trip)', roundTrips, () =>
      admin.engine.groupSwarmMessages(groupId, namespaces.groupKeys),
    );

    const probe = new CallProbe(admin.engine);
    const untilReturned: number[] = [];
    const sequenceMs: number[] = [];
    const sequenceBuildMs: number[] = [];
    let otherCalls = 0;
    const untilSettled: number[] = [];
    const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
    for (let run = -1; run < removals; run += 1) {
      const removed = others[(run + others.length) % others.length]!.sessionId;
      const keysBefore = admin.engine.groupDecryptionKeys(groupId).length;
      const before = performance.now();
      probe.take();
      await admin.engine.removeGroupMembers({ groupId, members: [removed] });
      const returned = performance.now();
      await admin.engine.groupSettled(groupId);
      const settled = performance.now();
      const calls = probe.take();
      if (run >= 0) {
        const sequences = calls.filter((call) => call.method === 'sequence');
        if (sequences.length !== 1) throw new Error(`a removal made ${sequences.length} pushes`);
        sequenceMs.push(sequences[0]!.totalMs);
        sequenceBuildMs.push(sequences[0]!.buildMs);
        otherCalls += calls.length - 1;
        untilReturned.push(returned - before);
        untilSettled.push(settled - before);
      }
      // Untimed: the admin reads its Keys back (confirming the generation, §6.2 step 8), checks the
      // removal took, and adds the member back so that the next run removes from 10 again.
      await admin.engine.receiveNow();
      const afterRemoval = await memberIds(admin, groupId);
      if (afterRemoval.length !== memberCount - 1 || afterRemoval.includes(removed)) {
        throw new Error(`the removal did not take: ${afterRemoval.length} members`);
      }
      if (admin.engine.groupDecryptionKeys(groupId).length <= keysBefore) {
        throw new Error('the rekey did not come back from the swarm');
      }
      await admin.engine.addGroupMembers({ groupId, members: [removed] });
      await admin.engine.groupSettled(groupId);
      await admin.engine.receiveNow();
    }
    const rekey = await rekeyAlone(await memberIds(admin, groupId));
    const settledRow = measurementOf(
      'removeGroupMembers (1 of 10) until groupSettled',
      untilSettled,
      sum(untilSettled),
    );
    printTable(`Rekey and push, ${memberCount}-member group (devnet, 6 nodes, ${removals} removals)`, [
      measurementOf('removeGroupMembers until it returns (local work)', untilReturned, sum(untilReturned)),
      settledRow,
      measurementOf('  of which the push (one `sequence` onion call)', sequenceMs, sum(sequenceMs)),
      measurementOf('    of which building its requests (signing)', sequenceBuildMs, sum(sequenceBuildMs)),
      roundTrip,
      rekey,
    ]);
    if (otherCalls > 0) console.log(`(${otherCalls} other onion calls during the removals)`);
    console.log(
      `\ngroup removal: p50 ${settledRow.p50Ms.toFixed(0)} ms, p95 ${settledRow.p95Ms.toFixed(0)} ms ` +
        `until settled = ${(settledRow.p50Ms / roundTrip.p50Ms).toFixed(2)}× one swarm round trip ` +
        `(p50 ${roundTrip.p50Ms.toFixed(0)} ms); the rekey alone p50 ${rekey.p50Ms.toFixed(2)} ms, ` +
        `p95 ${rekey.p95Ms.toFixed(2)} ms (${((rekey.p50Ms / settledRow.p50Ms) * 100).toFixed(1)} % of the removal)`,
    );
  } finally {
    await harness.close();
  }
}
