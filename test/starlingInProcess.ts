// Runs a `starling` command inside the test's process, through runCommand with captured streams: the
// sources are what runs (no build needed), and a devnet started in-process serves it as it would a
// child process. runStarling (starlingProcess.ts) is the check of the real binary.
import { Readable, Writable } from 'node:stream';
import { runCommand } from '../cli/main';
import type { StarlingRun } from './starlingProcess';

/** A stream that keeps what is written to it, as text. */
function capture(): { readonly stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}

export async function runStarlingInProcess(
  args: readonly string[],
  options: { cwd: string; input?: string; env?: Record<string, string | undefined> },
): Promise<StarlingRun> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCommand(args, {
    stdin: Readable.from([options.input ?? '']),
    stdout: stdout.stream,
    stderr: stderr.stream,
    // Never the developer's real keychain: a test that wants one passes STARLING_KEYCHAIN itself.
    env: { STARLING_KEYCHAIN: 'none', ...options.env },
    cwd: options.cwd,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
