// What the app should tell the user about updates (issue 7; product.md complaint 9: the official
// app never checks the network's hardfork, so an outdated client silently stops receiving). Pure:
// the same inputs always give the same decision, and every decision says in words what happened and
// what to do.
import { compareHardforks, type HardforkVersion } from '../network/hardforkTracker';
import type { UpdateFeed } from './updateFeed';

export type UpdateDecision =
  | { readonly kind: 'upToDate'; readonly message: string }
  | {
      readonly kind: 'available';
      readonly version: string;
      readonly notes?: string;
      readonly message: string;
    }
  | {
      readonly kind: 'required';
      readonly version: string;
      readonly reason: 'networkAhead' | 'hardforkScheduled';
      readonly deadline?: Date;
      readonly notes?: string;
      readonly message: string;
    }
  | {
      readonly kind: 'outdated';
      /** `feedUnavailable`: no feed could be read; `noUpdateAvailable`: the feed has nothing newer that helps. */
      readonly reason: 'feedUnavailable' | 'noUpdateAvailable';
      readonly message: string;
    };

export interface UpdateDecisionInput {
  readonly currentVersion: string;
  /** The newest hardfork this build supports. */
  readonly supportedHardfork: HardforkVersion;
  /** The network's hardfork, once a node has reported it. */
  readonly networkHardfork: HardforkVersion | undefined;
  /** The latest feed, if one could be read. */
  readonly feed: UpdateFeed | undefined;
  readonly now: Date;
}

/** Compares x.y.z versions by their numeric parts (1.10.0 > 1.9.9); a malformed part counts as 0. */
export function compareVersions(left: string, right: string): number {
  const parts = (version: string) =>
    version.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : 0));
  const a = parts(left);
  const b = parts(right);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

const hf = (version: HardforkVersion) => version.join('.');
const day = (date: Date) => date.toISOString().slice(0, 10);

/** Decides what to show: nothing, an offer, a prominent required update, or an explained outage. */
export function decideUpdate(input: UpdateDecisionInput): UpdateDecision {
  const { currentVersion, supportedHardfork, networkHardfork, feed, now } = input;
  const networkAhead =
    networkHardfork !== undefined && compareHardforks(networkHardfork, supportedHardfork) > 0;

  // A newer release, provided it can run on the network as it is (or, before any node has answered,
  // asks no more of the network than this build does).
  const release =
    feed !== undefined &&
    compareVersions(feed.version, currentVersion) > 0 &&
    (feed.minimumHardfork === undefined ||
      compareHardforks(networkHardfork ?? supportedHardfork, feed.minimumHardfork) >= 0)
      ? feed
      : undefined;
  const notes = release?.notes !== undefined ? { notes: release.notes } : {};

  if (networkAhead) {
    const helps =
      release !== undefined &&
      (release.supportedHardfork === undefined ||
        compareHardforks(release.supportedHardfork, networkHardfork) >= 0);
    if (release && helps) {
      return {
        kind: 'required',
        version: release.version,
        reason: 'networkAhead',
        ...notes,
        message:
          `The Session network has moved to version ${hf(networkHardfork)}, which this version of Starling ` +
          `(${currentVersion}) does not support, so messages may stop arriving. ` +
          `Update to Starling ${release.version} now to keep receiving them.`,
      };
    }
    const why =
      `The Session network has moved to version ${hf(networkHardfork)}, but this version of Starling ` +
      `(${currentVersion}) only supports up to ${hf(supportedHardfork)}, so messages may stop arriving ` +
      `or fail to send.`;
    return feed === undefined
      ? {
          kind: 'outdated',
          reason: 'feedUnavailable',
          message: `${why} Starling could not check for an update right now; please check again later or download the newest version from the Starling website.`,
        }
      : {
          kind: 'outdated',
          reason: 'noUpdateAvailable',
          message: `${why} No update for this network version has been published yet; Starling will keep checking and tell you as soon as one is available.`,
        };
  }

  if (!release) {
    return {
      kind: 'upToDate',
      message:
        feed === undefined
          ? `Starling ${currentVersion} works with the current network; the update feed could not be read, so Starling will check again later.`
          : `Starling ${currentVersion} is up to date.`,
    };
  }

  const scheduledHardfork =
    release.supportedHardfork !== undefined &&
    compareHardforks(release.supportedHardfork, supportedHardfork) > 0
      ? release.supportedHardfork
      : undefined;
  if (release.requiredBefore !== undefined || scheduledHardfork !== undefined) {
    const change =
      scheduledHardfork !== undefined
        ? `the Session network's upgrade to version ${hf(scheduledHardfork)}`
        : 'a change to the Session network';
    const deadline = release.requiredBefore;
    let message: string;
    if (deadline === undefined) {
      message =
        `Starling ${release.version} is needed for ${change}. After the network switches, this version ` +
        `(${currentVersion}) may stop receiving messages. Please update now.`;
    } else if (deadline.getTime() <= now.getTime()) {
      message =
        `Since ${day(deadline)}, versions of Starling older than ${release.version} may no longer send or ` +
        `receive messages because of ${change}. Update to Starling ${release.version} now.`;
    } else {
      message =
        `Please update to Starling ${release.version} before ${day(deadline)}. After that date, because of ` +
        `${change}, this version (${currentVersion}) may stop sending and receiving messages.`;
    }
    return {
      kind: 'required',
      version: release.version,
      reason: 'hardforkScheduled',
      ...(deadline !== undefined && { deadline }),
      ...notes,
      message,
    };
  }

  return {
    kind: 'available',
    version: release.version,
    ...notes,
    message: `Starling ${release.version} is available (you have ${currentVersion}). Download it now or later.`,
  };
}
