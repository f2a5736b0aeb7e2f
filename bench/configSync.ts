// Account configs (issue 13): merging five devices' concurrent pushes of a 500-contact Contacts
// config, with the cost of sealing and opening one push; and, on the devnet, the time from a change on
// one device of an account to the other device showing it, with the product's push and poll pace.
import { ConfigBase } from '../shared/protocol/config/configBase';
import { MultipartAssembler } from '../shared/protocol/config/configMultipart';
import { openUserConfig, sealUserConfig } from '../shared/protocol/config/configPipeline';
import { updateContact } from '../shared/protocol/config/types/contacts';
import { deriveIdentityKeys } from '../shared/protocol/identity/keys';
import { randomBytes, toHex } from '../shared/protocol/bytes';
import { zstdCompressor } from '../core/config/zstdCompressor';
import { EngineHarness } from '../test/engineHarness';
import { measure, percentile, printTable } from './measure';

const contacts = 500;
const devices = 5;
const editsPerDevice = 10;
const latencySamples = 12;

function contactId(index: number): string {
  return `05${index.toString(16).padStart(64, '0')}`;
}

/** The common base every device starts from: 500 accepted contacts, pushed and confirmed. */
function baseConfig(): ConfigBase {
  const base = ConfigBase.empty();
  base.edit((data) => {
    for (let index = 0; index < contacts; index += 1) {
      updateContact(data, contactId(index), {
        name: `Contact ${index}`,
        approved: true,
        approvedMe: index % 2 === 0,
        createdSeconds: 1_700_000_000 + index,
      });
    }
  });
  const push = base.push();
  base.confirmPushed(push.seqno, 'base-hash');
  return base;
}

async function mergeBenchmark(): Promise<void> {
  const dump = baseConfig().dump();
  // Each device edits its own contacts from the same base: five concurrent pushes at one seqno.
  const pushes = Array.from({ length: devices }, (_, device) => {
    const config = ConfigBase.fromDump(dump);
    config.edit((data) => {
      for (let edit = 0; edit < editsPerDevice; edit += 1) {
        updateContact(data, contactId(device * editsPerDevice + edit), {
          nickname: `Nick ${device}.${edit}`,
        });
      }
    });
    return { hash: `device-${device}`, plaintext: config.push().plaintext };
  });
  const merge = await measure(`merge ${devices} pushes of ${contacts} contacts`, 30, () => {
    const config = ConfigBase.fromDump(dump);
    config.merge(pushes);
  });
  const keys = await deriveIdentityKeys(randomBytes(16));
  const sealed = (await sealUserConfig(pushes[0]!.plaintext, 2, 'contacts', keys, zstdCompressor))[0]!;
  const seal = await measure('seal one push (zstd, pad, encrypt, wrap)', 30, () =>
    sealUserConfig(pushes[0]!.plaintext, 2, 'contacts', keys, zstdCompressor),
  );
  const open = await measure('open one push', 30, () =>
    openUserConfig(sealed, 'contacts', keys, zstdCompressor, new MultipartAssembler()),
  );
  printTable(
    `Contacts config: ${pushes[0]!.plaintext.length} bytes of plaintext, ${sealed.length} bytes stored`,
    [merge, seal, open],
  );
}

async function latencyBenchmark(): Promise<void> {
  const harness = await EngineHarness.start({ nodes: 6 });
  try {
    // The product's pace: pushes 1 s after an edit, polls of the own swarm every 5 s (foreground).
    const timing = { coalesceMs: 1_000, retryMs: 2_000, maximumRetryMs: 60_000 };
    const laptop = await harness.user('laptop', { poll: true, configPushTiming: timing });
    const phone = await harness.user('phone', {
      recoveryPhrase: laptop.recoveryPhrase,
      poll: true,
      configPushTiming: timing,
    });
    const durations: number[] = [];
    for (let sample = 0; sample < latencySamples; sample += 1) {
      const name = `Ada ${sample} ${toHex(randomBytes(2))}`;
      const seen = new Promise<number>((resolve) => {
        const stop = phone.engine.on('account.changed', ({ account }) => {
          if (account.displayName === name) {
            stop();
            resolve(performance.now());
          }
        });
      });
      const started = performance.now();
      await laptop.engine.updateProfile({ displayName: name });
      durations.push((await seen) - started);
      // A pause off the poll's rhythm, so that changes land at different points of its cycle.
      await new Promise((resolve) => setTimeout(resolve, 700 + Math.random() * 1_500));
    }
    durations.sort((left, right) => left - right);
    console.log(
      `\nDisplay name change, one device to another (devnet, 6 nodes, ${latencySamples} changes): ` +
        `p50 ${(percentile(durations, 0.5) / 1000).toFixed(2)} s, p95 ${(percentile(durations, 0.95) / 1000).toFixed(2)} s`,
    );
  } finally {
    await harness.close();
  }
}

export async function configSyncBenchmark(): Promise<void> {
  await mergeBenchmark();
  await latencyBenchmark();
}
