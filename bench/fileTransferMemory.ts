// Peak memory of one 10 MB file sent or received through the engine's path, in a process of its own
// (`node fileTransferMemory.js send NETWORK_FILE` or `… receive NETWORK_FILE URL KEY DIGEST SIZE`,
// one JSON line on stdout), so that the peak is the transfer's and not the rest of a benchmark's.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { decryptAttachment, encryptAttachment } from '../core/attachments/attachmentCipher';
import { FileServerClient } from '../core/attachments/fileServerClient';
import { useNativeCrypto } from '../core/crypto/nativeCrypto';
import { createLogger, memorySink } from '../core/logging/logger';
import { loadNetwork } from '../core/network/networkDescription';
import { SessionNetwork } from '../core/network/sessionNetwork';
import { parseFileUrl } from '../shared/protocol/attachments/fileServerUrl';
import { fromHex } from '../shared/protocol/bytes';

export interface TransferMemory {
  /** RSS and JS heap once the network is joined and the file is in memory, just before the work. */
  readonly rssBefore: number;
  readonly heapBefore: number;
  readonly arrayBuffersBefore: number;
  /** The kernel's peak RSS since just before the work (Linux), or of the whole process elsewhere. */
  readonly peakRss: number;
  /** The highest values seen by a sampler every few ms: a lower bound (synchronous work is not sampled). */
  readonly sampledPeakHeap: number;
  readonly sampledPeakArrayBuffers: number;
  readonly milliseconds: number;
}

export interface ReceivedFile {
  readonly url: string;
  readonly key: string;
  readonly digest: string;
  readonly size: number;
}

const samplingIntervalMs = 2;
const childTimeoutMs = 90_000;

/**
 * The peak RSS. On Linux, /proc's VmHWM: getrusage's maxRSS (process.resourceUsage) starts a spawned
 * child at its parent's RSS at the fork, so a benchmark process of 300 MiB would hide a child's peak.
 */
function peakRss(): number {
  try {
    const peak = /^VmHWM:\s+(\d+) kB$/mu.exec(readFileSync('/proc/self/status', 'utf8'));
    if (peak) return Number(peak[1]) * 1024;
  } catch {
    // Not Linux: the process's own figure is the best there is.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so that the peak read after is the work's alone. */
function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Elsewhere the peak since the start stands; joining the network stays well below a transfer's.
  }
}

/** Runs `work` with the network joined, and measures what it adds to the process's memory. */
async function measured(
  networkFile: string,
  prepare: (files: FileServerClient) => Promise<void>,
  work: (files: FileServerClient) => Promise<void>,
): Promise<TransferMemory> {
  const description = await loadNetwork(networkFile);
  const logger = createLogger({ sink: memorySink(), level: 'warn' });
  const network = new SessionNetwork({ network: description, logger });
  try {
    await network.start();
    const files = new FileServerClient(network.client, description.fileServers ?? []);
    await prepare(files);
    // What joining and the small warm-up left behind is collected, so the baseline is steady.
    globalThis.gc?.();
    resetPeakRss();
    const before = process.memoryUsage();
    let sampledHeap = before.heapUsed;
    let sampledArrayBuffers = before.arrayBuffers;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      sampledHeap = Math.max(sampledHeap, now.heapUsed);
      sampledArrayBuffers = Math.max(sampledArrayBuffers, now.arrayBuffers);
    }, samplingIntervalMs);
    const started = performance.now();
    try {
      await work(files);
    } finally {
      clearInterval(sampler);
    }
    const milliseconds = performance.now() - started;
    const after = process.memoryUsage();
    return {
      rssBefore: before.rss,
      heapBefore: before.heapUsed,
      arrayBuffersBefore: before.arrayBuffers,
      peakRss: peakRss(),
      sampledPeakHeap: Math.max(sampledHeap, after.heapUsed),
      sampledPeakArrayBuffers: Math.max(sampledArrayBuffers, after.arrayBuffers),
      milliseconds,
    };
  } finally {
    network.close();
  }
}

/** Encrypts and uploads `size` random bytes, after one small upload that opens the connections. */
function sending(networkFile: string, size: number): Promise<TransferMemory> {
  const plaintext = randomBytes(size);
  return measured(
    networkFile,
    async (files) => {
      await files.upload(encryptAttachment(randomBytes(1_000)).blob);
    },
    async (files) => {
      await files.upload(encryptAttachment(plaintext).blob);
    },
  );
}

/** Downloads and decrypts a file, after fetching a small one that opens the connections. */
function receiving(networkFile: string, file: ReceivedFile): Promise<TransferMemory> {
  const location = parseFileUrl(file.url);
  if (!location) throw new Error(`not a file URL: ${file.url}`);
  const pointer = { key: fromHex(file.key), digest: fromHex(file.digest), size: file.size };
  return measured(
    networkFile,
    async (files) => {
      const small = encryptAttachment(randomBytes(1_000));
      const uploaded = await files.upload(small.blob);
      await files.download(parseFileUrl(uploaded.url)!, { size: 1_000 });
    },
    async (files) => {
      const blob = await files.download(location, { size: file.size });
      const plaintext = decryptAttachment(blob, pointer);
      if (plaintext.length !== file.size) throw new Error('the received file has the wrong size');
    },
  );
}

/** Runs one measurement in a child process (with `--expose-gc` for a steady baseline). */
export function transferMemoryInChild(childArguments: readonly string[]): Promise<TransferMemory> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', __filename, ...childArguments],
      { timeout: childTimeoutMs, maxBuffer: 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${childArguments[0]} child failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as TransferMemory);
      },
    );
  });
}

if (require.main === module) {
  // A process of its own: it chooses its crypto as every Node entry point does.
  useNativeCrypto();
  const [mode, networkFile, ...rest] = process.argv.slice(2);
  const result =
    mode === 'send'
      ? sending(networkFile!, Number(rest[0]))
      : receiving(networkFile!, { url: rest[0]!, key: rest[1]!, digest: rest[2]!, size: Number(rest[3]) });
  result.then(
    (memory) => process.stdout.write(`${JSON.stringify(memory)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
