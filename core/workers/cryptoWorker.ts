// The entry of a crypto worker thread (workerPool.ts): it chooses the same crypto implementation as
// the engine that started it (workerData.crypto), then answers each job with its result, or with
// the error it threw as plain data. The results' buffers are moved to the engine, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { chooseCrypto } from '../../shared/protocol/sodium';
import { loadWasmCrypto } from '../../shared/protocol/wasmCrypto';
import { loadNativeCrypto } from '../crypto/nativeCrypto';
import { type CryptoJob, type CryptoJobResult, runCryptoJob } from './cryptoJobs';
import { type WorkerReply, workerReady } from './workerPool';

interface CryptoWorkerData {
  readonly crypto: 'native' | 'wasm';
}

const port = parentPort;
if (!port) throw new Error('cryptoWorker.js runs as a worker thread, started by the engine');
chooseCrypto((workerData as CryptoWorkerData).crypto === 'wasm' ? loadWasmCrypto : loadNativeCrypto);

port.on('message', (request: { readonly id: number; readonly job: CryptoJob }) => {
  void runCryptoJob(request.job).then(
    (result) => {
      const reply: WorkerReply<CryptoJobResult> = { id: request.id, result };
      port.postMessage(reply, buffersOf(result));
    },
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      const code = (failure as { code?: unknown }).code;
      const reply: WorkerReply<CryptoJobResult> = {
        id: request.id,
        error: { ...(typeof code === 'string' ? { code } : {}), message: failure.message },
      };
      port.postMessage(reply);
    },
  );
});

port.postMessage(workerReady);

/** The buffers of a result that only it holds: each answer owns its bytes (slices, decodings). */
function buffersOf(result: CryptoJobResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const answer of result) {
    const owned =
      'message' in answer
        ? [answer.message, answer.senderEd25519PublicKey]
        : 'data' in answer
          ? [answer.data, answer.signature]
          : [];
    for (const bytes of owned) {
      if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
        buffers.add(bytes.buffer as ArrayBuffer);
      }
    }
  }
  return [...buffers];
}
