// What a command may touch of the outside world, passed in so that tests can run commands in-process.
import { createInterface } from 'node:readline/promises';
import { StarlingError } from '../shared/errors';

export interface CommandIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export class UsageError extends StarlingError<'usage'> {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/**
 * A flag's positive number, e.g. `--timeout 2.5` (seconds) or, with `whole`, `--count 3`; undefined
 * when the flag is absent.
 */
export function positiveNumberFlag(
  name: string,
  value: string | undefined,
  options: { readonly whole?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  const valid = Number.isFinite(number) && number > 0 && (!options.whole || Number.isInteger(number));
  if (!valid) {
    throw new UsageError(`--${name} takes a ${options.whole ? 'whole number' : 'number'} above 0.`);
  }
  return number;
}

export function printJson(io: CommandIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

// Bounded: standard input is a phrase or a passphrase, never megabytes.
const maximumInputBytes = 64 * 1024;

/** Reads standard input to its end, or asks on the terminal when a person is there. */
export async function readInput(io: CommandIo, question: string): Promise<string> {
  if (io.stdin.isTTY) {
    const reader = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    try {
      return await reader.question(question);
    } finally {
      reader.close();
    }
  }
  let text = '';
  for await (const chunk of io.stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length > maximumInputBytes) {
      throw new UsageError('Standard input is too long for a recovery phrase.');
    }
  }
  return text;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The process, or what stands for it in tests: where Ctrl-C and SIGTERM come from. */
export interface StopSignals {
  once(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
}

/** Resolves at the first SIGINT or SIGTERM, for the commands that run until stopped. */
export function untilStopped(signals: StopSignals): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      resolve();
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
}
