// A real Secret Service for tests, as a Linux desktop has one: a private D-Bus session bus and
// GNOME Keyring's secrets component on it, unlocked with a throw-away password, in a temporary
// home. Nothing touches the developer's own session or keyring. Both daemons are stopped by PID.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitUntil } from './waitUntil';

export interface SecretService {
  /** The environment under which a process sees this Secret Service (and only it). */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

const startTimeoutMs = 10_000;

function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

function secretServiceOnBus(env: NodeJS.ProcessEnv): boolean {
  const reply = spawnSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { env, encoding: 'utf8', timeout: 2_000 },
  );
  return reply.status === 0 && /boolean true/u.test(reply.stdout);
}

/** Reads the first line a process prints, within a bound. */
function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in time`)), startTimeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(text.slice(0, end).trim());
      }
    });
    child.once('close', () => {
      clearTimeout(timer);
      reject(new Error(`${what} exited before it started`));
    });
  });
}

/**
 * Starts the Secret Service, or says why it cannot (the packages `dbus` and `gnome-keyring` are
 * missing, or the daemons do not start): the caller skips with that reason.
 */
export async function startSecretService(): Promise<SecretService | { readonly unavailable: string }> {
  if (process.platform !== 'linux') return { unavailable: 'the Secret Service is a Linux service' };
  for (const command of ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon']) {
    if (!installed(command)) {
      return { unavailable: `${command} is not installed (apt-get install dbus gnome-keyring)` };
    }
  }
  const home = await mkdtemp(path.join(tmpdir(), 'starling-secret-service-'));
  const runtime = path.join(home, 'run');
  await mkdir(runtime, { mode: 0o700 });
  const baseEnv = { HOME: home, XDG_RUNTIME_DIR: runtime, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    env: baseEnv,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let keyring: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (keyring) await stopProcess(keyring);
    await stopProcess(bus);
    await rm(home, { recursive: true, force: true });
  };
  try {
    const address = await firstLine(bus, 'dbus-daemon');
    const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: address };
    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    // The login keyring's password, on standard input as --unlock expects it.
    keyring.stdin!.end('a throw-away keyring password');
    // Ready once its secrets component owns the Secret Service's name on the bus.
    await waitUntil(() => secretServiceOnBus(env), {
      timeoutMs: startTimeoutMs,
      failure: 'gnome-keyring-daemon did not offer the Secret Service in time',
    });
    return { env, stop };
  } catch (error) {
    await stop();
    return { unavailable: (error as Error).message };
  }
}
