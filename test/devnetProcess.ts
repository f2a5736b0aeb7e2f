// Long-running `starling` commands as separate processes, for the CLI's tests, the benchmarks and
// the end-to-end tests: started, awaited until they print the line that says they are ready
// (`ready <path>` for devnet, `listening <url>` for serve), and stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { starlingBin } from './starlingProcess';

export interface StarlingServer {
  readonly child: ChildProcess;
  /** What the ready line named: devnet's network.json path, serve's URL. */
  readonly announced: string;
  /** Everything written to standard error so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface DevnetProcess extends StarlingServer {
  readonly networkFile: string;
}

const readyTimeoutMs = 60_000;

export async function startStarlingServer(
  args: readonly string[],
  options: { readonly cwd: string; readonly readyLine: RegExp; readonly env?: NodeJS.ProcessEnv },
): Promise<StarlingServer> {
  const child = spawn(process.execPath, [starlingBin, ...args], {
    cwd: options.cwd,
    // Never the developer's real keychain: a test that wants one passes STARLING_KEYCHAIN itself.
    env: { ...process.env, STARLING_KEYCHAIN: 'none', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    const announced = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`starling ${args[0]}: no ready line in time; stderr: ${stderr}`)),
        readyTimeoutMs,
      );
      let stdout = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = options.readyLine.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      void exited.then(() => reject(new Error(`starling ${args[0]} exited early: ${stderr}`)));
    });
    return {
      child,
      announced,
      stderr: () => stderr,
      stop: () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

export async function startDevnetProcess(cwd: string, args: readonly string[]): Promise<DevnetProcess> {
  const server = await startStarlingServer(['devnet', ...args], { cwd, readyLine: /^ready (.+)$/mu });
  return { ...server, networkFile: server.announced };
}
