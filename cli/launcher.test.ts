// bin/starling.js on a Node older than 22 hands over to the project's Node 24 in a child process:
// that child holds the profile open, so it must not outlive its parent, however the parent ends.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { starlingBin } from '../test/starlingProcess';
import { waitUntil } from '../test/waitUntil';

/** A system Node older than 22, which is what makes the launcher re-execute itself. */
function oldSystemNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node', '/bin/node']) {
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(/^v(\d+)/u.exec(version)?.[1]) < 22) return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
}

async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return children;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const systemNode = oldSystemNode();
const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

describe.skipIf(process.platform !== 'linux' || systemNode === undefined)(
  'the launcher on an old Node',
  () => {
    it('ends the Node 24 child when the parent is killed with SIGKILL', async () => {
      const directory = await mkdtemp(path.join(tmpdir(), 'starling-launcher-'));
      try {
        const parent = spawn(systemNode!, [starlingBin, 'devnet', '--dir', directory, '--nodes', '3'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        started.push(parent.pid!);
        let output = '';
        parent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        await waitUntil(() => output.includes('ready '), {
          timeoutMs: 30_000,
          failure: 'devnet never got ready',
        });
        const [child] = await childrenOf(parent.pid!);
        expect(child).toBeDefined();
        started.push(child!);

        process.kill(parent.pid!, 'SIGKILL');
        await waitUntil(() => !isAlive(child!), {
          timeoutMs: 10_000,
          failure: 'the Node 24 child outlived its parent',
        });
      } finally {
        await rm(directory, { recursive: true, force: true, maxRetries: 5 });
      }
    }, 60_000);
  },
);
