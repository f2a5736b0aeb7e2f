// `npm run bench`: runs every benchmark and prints its figures (README.md records them).
import { devnetBenchmark } from './devnet';
import { identityBenchmark } from './identity';

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${new Date().toISOString()}`);
  await identityBenchmark();
  await devnetBenchmark();
}

void main();
