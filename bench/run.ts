// `npm run bench`: runs every benchmark and prints its figures (README.md records them).
// `node out/bench/run.js network devnet` runs only the benchmarks named, in the order below.
import { useNativeCrypto } from '../core/crypto/nativeCrypto';
import { catchUpBenchmark } from './catchUp';
import { communityReceiveBenchmark } from './communityReceive';
import { communityRoomBenchmark } from './communityRoom';
import { configSyncBenchmark } from './configSync';
import { cryptoBenchmark } from './crypto';
import { devnetBenchmark } from './devnet';
import { emojiPickerBenchmark } from './emojiPicker';
import { filesBenchmark } from './files';
import { groupsBenchmark } from './groups';
import { identityBenchmark } from './identity';
import { imagesBenchmark } from './images';
import { latencyBenchmark } from './latency';
import { mp3EncodeBenchmark } from './mp3Encode';
import { networkBenchmark } from './network';
import { receiveBenchmark } from './receive';
import { roomFilesBenchmark } from './roomFiles';
import { searchBenchmark } from './search';
import { uiBenchmark } from './ui';

const benchmarks: Readonly<Record<string, () => Promise<void>>> = {
  crypto: cryptoBenchmark,
  identity: identityBenchmark,
  devnet: devnetBenchmark,
  network: networkBenchmark,
  receive: receiveBenchmark,
  catchUp: catchUpBenchmark,
  latency: latencyBenchmark,
  configs: configSyncBenchmark,
  groups: groupsBenchmark,
  ui: uiBenchmark,
  emoji: emojiPickerBenchmark,
  mp3: mp3EncodeBenchmark,
  images: imagesBenchmark,
  files: filesBenchmark,
  community: communityRoomBenchmark,
  communityClient: communityReceiveBenchmark,
  roomFiles: roomFilesBenchmark,
  search: searchBenchmark,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(benchmarks).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  // As every Node entry point; the crypto and receive benchmarks time wasm beside it.
  useNativeCrypto();
  console.log(`Node ${process.version}, ${new Date().toISOString()}`);
  for (const [name, run] of Object.entries(benchmarks)) {
    if (asked.length === 0 || asked.includes(name)) await run();
  }
}

void main();
