// The person's messaging settings (read receipts, typing indicators, notifications) as the UI sees
// and changes them; 'settings.changed' tells every window and the desktop notifier.
import type { ClientEvents } from '../../shared/contract/clientEvents';
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type { SettingsView } from '../../shared/contract/views';
import type { SettingsRepository } from '../store/settingsRepository';

export function settingsView(settings: SettingsRepository): SettingsView {
  return {
    readReceipts: settings.get('readReceipts'),
    typingIndicators: settings.get('typingIndicators'),
    notifications: settings.get('notifications'),
    communityMessageRequests: settings.get('communityMessageRequests'),
  };
}

/** Saves what the request names and tells of a change. */
export function updateSettings(
  settings: SettingsRepository,
  request: ValidClientRequest<'updateSettings'>,
  emit: (name: 'settings.changed', event: ClientEvents['settings.changed']) => void,
): SettingsView {
  const before = settingsView(settings);
  if (request.readReceipts !== undefined) settings.set('readReceipts', request.readReceipts);
  if (request.typingIndicators !== undefined) settings.set('typingIndicators', request.typingIndicators);
  if (request.notifications !== undefined) settings.set('notifications', request.notifications);
  if (request.communityMessageRequests !== undefined)
    settings.set('communityMessageRequests', request.communityMessageRequests);
  const after = settingsView(settings);
  const changed = (Object.keys(after) as (keyof SettingsView)[]).some((name) => after[name] !== before[name]);
  if (changed) emit('settings.changed', { settings: after });
  return after;
}
