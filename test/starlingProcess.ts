// Runs the built `starling` command as a user would, in a child process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** bin/starling.js, from test/ in the sources or from out/test/ when compiled for the benchmarks. */
export const starlingBin = [
  path.resolve(__dirname, '..', 'bin', 'starling.js'),
  path.resolve(__dirname, '..', '..', 'bin', 'starling.js'),
].find((candidate) => existsSync(candidate))!;

export interface StarlingRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runStarling(
  args: readonly string[],
  options: { cwd: string; input?: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<StarlingRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [starlingBin, ...args], {
      cwd: options.cwd,
      // Never the developer's real keychain: a test that wants one passes STARLING_KEYCHAIN itself.
      env: { ...process.env, STARLING_PASSPHRASE: undefined, STARLING_KEYCHAIN: 'none', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`starling ${args.join(' ')} did not finish in time`));
    }, options.timeoutMs ?? 15_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
