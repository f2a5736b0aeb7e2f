// Updates as the person drives them: nothing is downloaded or installed unless they press the
// button; "Later" only hides an offer until a newer one comes (a required update stays in view).
import type { UpdateView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { apiForScreens, notify } from './actions';
import { getState, setState } from './store';

async function run(work: () => Promise<UpdateView>): Promise<void> {
  try {
    setState({ update: await work() });
  } catch (error) {
    notify(error instanceof ApiError ? error.message : 'Something went wrong with the update. Try again.');
  }
}

export function loadUpdateStatus(): Promise<void> {
  return run(() => apiForScreens().getUpdateStatus({}));
}

export function checkForUpdates(): Promise<void> {
  return run(() => apiForScreens().checkForUpdates({}));
}

/** The person chose Download: progress arrives as 'update.changed'. */
export function downloadUpdate(): Promise<void> {
  return run(() => apiForScreens().downloadUpdate({}));
}

/** The person chose Restart: the app quits, installs and starts again. */
export async function installUpdate(): Promise<void> {
  try {
    await apiForScreens().installUpdate({});
  } catch (error) {
    notify(error instanceof ApiError ? error.message : 'Starling could not restart to update. Try again.');
  }
}

/** What "Later" hides: this offer, in this state (a download finishing asks again, to restart). */
export function updatePromptKey(update: UpdateView): string {
  return `${update.kind}:${update.version ?? ''}:${update.download === 'downloaded' ? 'ready' : 'offer'}`;
}

export function postponeUpdate(): void {
  const { update } = getState();
  if (update) setState({ updatePostponed: updatePromptKey(update) });
}
