// Closed groups (issue 14): the receive rate of group messages against the cryptography's bound,
// and the cost of removing a member from a full group (rekey and push) on the devnet.
import { groupReceiveBenchmark } from './groupReceive';
import { groupRekeyBenchmark } from './groupRekey';

export async function groupsBenchmark(): Promise<void> {
  await groupReceiveBenchmark();
  await groupRekeyBenchmark();
}
