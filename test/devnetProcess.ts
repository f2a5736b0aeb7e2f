// `starling devnet` as a separate process, for the CLI's tests and the benchmarks: started, awaited
// until it prints its ready line, and stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { starlingBin } from './starlingProcess';

export interface DevnetProcess {
  readonly child: ChildProcess;
  /** The path its `ready <path>` line named. */
  readonly networkFile: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

const readyTimeoutMs = 60_000;

export async function startDevnetProcess(cwd: string, args: readonly string[]): Promise<DevnetProcess> {
  const child = spawn(process.execPath, [starlingBin, 'devnet', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    const networkFile = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ready line in time; stderr: ${stderr}`)),
        readyTimeoutMs,
      );
      let stdout = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /^ready (.+)$/mu.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      void exited.then(() => reject(new Error(`devnet exited early: ${stderr}`)));
    });
    return {
      child,
      networkFile,
      stop: () => {
        child.kill('SIGTERM');
        return exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
