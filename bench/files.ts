// File transfers (issue 16): what sending and receiving a file costs through the engine's own path
// (pad and encrypt, core/attachments/fileServerClient.ts, a v4 onion request over a 3-hop path to the
// devnet's file server), next to the same encrypted bytes sent straight to the file server over plain
// HTTP in the same run: loopback has no bandwidth limit of its own, so the direct transfer is the
// limit of this machine's HTTP stack and the file server, and the ratio is what the engine's path adds.
// The devnet runs in its own process (as in bench/network.ts), so the hops and the file server have a
// core and the client the other. Peak memory for one 10 MB file is measured in child processes
// (fileTransferMemory.ts), so that each peak is that transfer's alone.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent as HttpAgent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decryptAttachment, encryptAttachment } from '../core/attachments/attachmentCipher';
import { FileServerClient, transferTimeoutMs } from '../core/attachments/fileServerClient';
import { createLogger, memorySink } from '../core/logging/logger';
import { nativeAesGcm } from '../core/network/nativeAesGcm';
import { loadNetwork } from '../core/network/networkDescription';
import { SessionNetwork } from '../core/network/sessionNetwork';
import { snodeUrl } from '../core/network/snode';
import { post } from '../core/network/transport';
import { type FileServer, parseFileUrl } from '../shared/protocol/attachments/fileServerUrl';
import { paddedAttachmentSize } from '../shared/protocol/attachments/attachmentPadding';
import { toHex } from '../shared/protocol/bytes';
import { buildOnionRequest, type OnionServer, readServerReply } from '../shared/protocol/onion/onionRequest';
import { startDevnetProcess } from '../test/devnetProcess';
import { type TransferMemory, transferMemoryInChild } from './fileTransferMemory';
import { measure, percentile, printTable } from './measure';

/** The sizes of the brief: a typical file, and the largest that fits 10,000,000 bytes once padded. */
const transferSizes = [
  { label: '1 MB', bytes: 1_000_000, runs: 20 },
  { label: '9.9 MB', bytes: 9_900_000, runs: 10 },
] as const;
const memoryFileBytes = 10_000_000;
const cryptoRuns = 5;
// A size whose runs have not finished by then stops starting new ones, so a slow machine still ends.
const sizeDeadlineMs = 45_000;
const directTimeoutMs = 30_000;
const megabyte = 1e6;

// Kept alive as the engine's own agent keeps its connections, so neither side pays a handshake per run.
const directAgent = new HttpAgent({ keepAlive: true, maxSockets: 4 });

interface TransferRow {
  readonly name: string;
  readonly fileBytes: number;
  readonly durations: number[];
}

/** A plain GET of a file straight from the file server, as the limit a download could reach. */
function directDownload(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: directAgent, timeout: directTimeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode === 200) resolve(Buffer.concat(chunks));
        else reject(new Error(`direct download answered ${response.statusCode}`));
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('direct download timed out')));
    request.on('error', reject);
  });
}

/** A plain POST of the encrypted blob to the file server, with the engine's own HTTP client. */
async function directUpload(server: FileServer, blob: Uint8Array): Promise<string> {
  const reply = await post(`${server.url}/file`, blob, {
    contentType: 'application/octet-stream',
    timeoutMs: directTimeoutMs,
  });
  const body = JSON.parse(reply.body.toString('utf8')) as { id?: unknown };
  if (reply.status !== 200 || typeof body.id !== 'string') {
    throw new Error(`direct upload answered ${reply.status}`);
  }
  return `${server.url}/file/${body.id}`;
}

/** The file server as an onion destination, as FileServerClient reaches it (plain HTTP behind the last hop). */
function onionDestination(server: FileServer): OnionServer {
  const url = new URL(server.url);
  return {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    x25519PublicKey: server.x25519PublicKey,
  };
}

async function timed(durations: number[], operation: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await operation();
  durations.push(performance.now() - started);
}

/**
 * Runs of one size, each: encrypt and upload through the onion path, upload the same blob directly,
 * download and decrypt through the onion path, download the direct copy. Interleaved, so that both
 * ways see the same state of the machine; the first run warms up and is not counted.
 */
async function transferRuns(
  files: FileServerClient,
  server: FileServer,
  size: (typeof transferSizes)[number],
): Promise<TransferRow[]> {
  const plaintext = randomBytes(size.bytes);
  const row = (name: string): TransferRow => ({ name, fileBytes: size.bytes, durations: [] });
  const rows = {
    onionUpload: row(`upload ${size.label}: pad, encrypt, 3-hop onion`),
    directUpload: row(`upload ${size.label}: direct HTTP`),
    onionDownload: row(`download ${size.label}: 3-hop onion, decrypt`),
    directDownload: row(`download ${size.label}: direct HTTP`),
  };
  const deadline = performance.now() + sizeDeadlineMs;
  for (let run = 0; run <= size.runs && performance.now() < deadline; run += 1) {
    // The warm-up's figures go to a throwaway row; the real runs to the table.
    const record = (row: TransferRow): number[] => (run === 0 ? [] : row.durations);
    let encrypted: ReturnType<typeof encryptAttachment> | undefined;
    let onionUrl = '';
    await timed(record(rows.onionUpload), async () => {
      encrypted = encryptAttachment(plaintext);
      onionUrl = (await files.upload(encrypted.blob)).url;
    });
    let directUrl = '';
    await timed(record(rows.directUpload), async () => {
      directUrl = await directUpload(server, encrypted!.blob);
    });
    let received: Uint8Array | undefined;
    await timed(record(rows.onionDownload), async () => {
      const blob = await files.download(parseFileUrl(onionUrl)!, { size: size.bytes });
      received = decryptAttachment(blob, {
        key: encrypted!.key,
        digest: encrypted!.digest,
        size: size.bytes,
      });
    });
    let directBlob: Buffer | undefined;
    await timed(record(rows.directDownload), async () => {
      directBlob = await directDownload(directUrl);
    });
    if (run === 0) {
      // Checked once, outside the clock: both ways carried the very bytes that were sent.
      if (!Buffer.from(received!).equals(plaintext))
        throw new Error('the onion download differs from the file');
      if (!directBlob!.equals(encrypted!.blob))
        throw new Error('the direct download differs from the upload');
    }
  }
  return [rows.onionUpload, rows.directUpload, rows.onionDownload, rows.directDownload];
}

function megabytesPerSecond(bytes: number, milliseconds: number): string {
  return (bytes / megabyte / (milliseconds / 1000)).toFixed(1);
}

function printTransfers(rows: readonly TransferRow[]): void {
  console.log('\nFile transfers, client ↔ devnet file server (devnet in its own process, loopback)');
  console.log('| transfer | runs | p50 (ms) | p95 (ms) | MB/s at p50 | MB/s at p95 |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const sorted = [...row.durations].sort((left, right) => left - right);
    const [median, tail] = [percentile(sorted, 0.5), percentile(sorted, 0.95)];
    console.log(
      `| ${row.name} | ${sorted.length} | ${median.toFixed(0)} | ${tail.toFixed(0)} | ` +
        `${megabytesPerSecond(row.fileBytes, median)} | ${megabytesPerSecond(row.fileBytes, tail)} |`,
    );
  }
  // Rows come in fours: onion upload, direct upload, onion download, direct download.
  for (let index = 0; index + 1 < rows.length; index += 2) {
    const [onion, direct] = [rows[index]!, rows[index + 1]!];
    const ratio = (fraction: number) =>
      percentile(
        [...onion.durations].sort((left, right) => left - right),
        fraction,
      ) /
      percentile(
        [...direct.durations].sort((left, right) => left - right),
        fraction,
      );
    console.log(
      `onion / direct, ${onion.name.split(':')[0]}: ${ratio(0.5).toFixed(1)}× the time at p50, ${ratio(0.95).toFixed(1)}× at p95`,
    );
  }
  console.log('(MB/s counts the file itself, 10^6 bytes per MB; the padded, encrypted blob is what moves)');
}

/**
 * The client's own work on a 9.9 MB file, without the network: the attachment cipher, and the onion
 * layers of an upload request and of a download reply (the reply read from one real answer, kept).
 */
async function clientWork(network: SessionNetwork, server: FileServer, onionUploadMedianMs: number) {
  const size = transferSizes[1];
  const plaintext = randomBytes(size.bytes);
  const encrypted = encryptAttachment(plaintext);
  const hops = network.paths.current()[0]!.hops;
  const destination = onionDestination(server);
  const encrypting = await measure(`pad and encrypt ${size.label} (AES-256-CBC + HMAC)`, cryptoRuns, () =>
    encryptAttachment(plaintext),
  );
  const decrypting = await measure(`verify and decrypt ${size.label}`, cryptoRuns, () =>
    decryptAttachment(encrypted.blob, { key: encrypted.key, digest: encrypted.digest, size: size.bytes }),
  );
  // With the engine's AES-GCM (node:crypto, as OnionClient builds its requests), not shared/'s default.
  const building = await measure(`build the 3-hop onion upload of ${size.label} (4 layers)`, cryptoRuns, () =>
    buildOnionRequest({
      aesGcm: nativeAesGcm,
      path: hops,
      destination: {
        kind: 'server',
        server: destination,
        request: {
          method: 'POST',
          endpoint: '/file',
          headers: { 'Content-Type': 'application/octet-stream' },
          body: encrypted.blob,
        },
      },
    }),
  );
  const uploaded = await new FileServerClient(network.client, [server]).upload(encrypted.blob);
  const request = await buildOnionRequest({
    aesGcm: nativeAesGcm,
    path: hops,
    destination: {
      kind: 'server',
      server: destination,
      request: { method: 'GET', endpoint: `/file/${uploaded.fileId}` },
    },
  });
  const reply = await post(snodeUrl(hops[0]!, '/onion_req/v2'), request.parts, {
    contentType: 'application/octet-stream',
    timeoutMs: transferTimeoutMs(encrypted.blob.length),
  });
  const replyBody = new Uint8Array(reply.body);
  const reading = await measure(`read the onion reply of a ${size.label} download`, cryptoRuns, () =>
    readServerReply(reply.status, replyBody, request.replyContext),
  );
  printTable(`The client's own work on ${size.label} (one core, no network)`, [
    encrypting,
    decrypting,
    building,
    reading,
  ]);
  const share = (part: number) => `${((part / onionUploadMedianMs) * 100).toFixed(0)} %`;
  console.log(
    `of the ${size.label} onion upload's p50 (${onionUploadMedianMs.toFixed(0)} ms): encryption ${share(encrypting.p50Ms)}, ` +
      `the client's onion layers ${share(building.p50Ms)}; the rest is 3 hops and the file server ` +
      `each decrypting a layer and forwarding ${(encrypted.blob.length / megabyte).toFixed(1)} MB`,
  );
}

const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Peaks move with when the collector happens to run, so each is measured a few times. */
const memoryRuns = 3;

async function memoryOf(childArguments: readonly string[]): Promise<TransferMemory[]> {
  const runs: TransferMemory[] = [];
  for (let run = 0; run < memoryRuns; run += 1) runs.push(await transferMemoryInChild(childArguments));
  return runs;
}

function printMemory(
  rows: readonly { readonly name: string; readonly runs: readonly TransferMemory[] }[],
): void {
  console.log(
    `\nPeak memory for one ${memoryFileBytes / megabyte} MB file, each in a process of its own (median of ${memoryRuns})`,
  );
  console.log(
    '| transfer | time (ms) | RSS before | peak RSS | peak − before (range) | in file sizes | JS heap before → peak | ArrayBuffers before → peak |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, runs } of rows) {
    const added = (memory: TransferMemory) => memory.peakRss - memory.rssBefore;
    const sorted = [...runs].sort((left, right) => added(left) - added(right));
    const memory = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `| ${name} | ${memory.milliseconds.toFixed(0)} | ${mebibytes(memory.rssBefore)} | ${mebibytes(memory.peakRss)} | ` +
        `${mebibytes(added(memory))} (${mebibytes(added(sorted[0]!))}–${mebibytes(added(sorted.at(-1)!))}) | ` +
        `${(added(memory) / memoryFileBytes).toFixed(1)} | ` +
        `${mebibytes(memory.heapBefore)} → ${mebibytes(memory.sampledPeakHeap)} | ` +
        `${mebibytes(memory.arrayBuffersBefore)} → ${mebibytes(memory.sampledPeakArrayBuffers)} |`,
    );
  }
  console.log(
    "(RSS before: network joined and the file in memory; the peak is the kernel's since then; heap and " +
      'ArrayBuffers are sampled every 2 ms, so their peaks are lower bounds)',
  );
}

export async function filesBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-files-'));
  const devnet = await startDevnetProcess(directory, ['--dir', path.join(directory, 'devnet')]);
  let network: SessionNetwork | undefined;
  try {
    const description = await loadNetwork(devnet.networkFile);
    const server = description.fileServers?.[0];
    if (!server) throw new Error('the devnet names no file server');
    // Warnings only, kept in memory: a debug line per request would grow the heap for nothing.
    network = new SessionNetwork({
      network: description,
      logger: createLogger({ sink: memorySink(), level: 'warn' }),
    });
    await network.start();
    const files = new FileServerClient(network.client, [server]);

    const rows: TransferRow[] = [];
    for (const size of transferSizes) rows.push(...(await transferRuns(files, server, size)));
    printTransfers(rows);
    const largestUpload = rows[rows.length - 4]!;
    await clientWork(
      network,
      server,
      percentile(
        [...largestUpload.durations].sort((left, right) => left - right),
        0.5,
      ),
    );

    // The file the receiving child fetches, put on the server by the same path it will come back by.
    const sent = encryptAttachment(randomBytes(memoryFileBytes));
    const uploaded = await files.upload(sent.blob);
    const sending = await memoryOf(['send', devnet.networkFile, String(memoryFileBytes)]);
    const receiving = await memoryOf([
      'receive',
      devnet.networkFile,
      uploaded.url,
      toHex(sent.key),
      toHex(sent.digest),
      String(memoryFileBytes),
    ]);
    printMemory([
      {
        name: `send: pad to ${paddedAttachmentSize(memoryFileBytes)} B, encrypt, onion upload`,
        runs: sending,
      },
      { name: 'receive: onion download, verify, decrypt', runs: receiving },
    ]);
  } finally {
    network?.close();
    directAgent.destroy();
    await devnet.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
