// Settings: what notifications show, what the app sends about you (read receipts, typing), the
// theme, the network and its onion paths, and the people you blocked.
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../shared/contract/views';
import { updateSettings } from '../store/actions';
import { chooseNotificationMode, chooseTheme, refreshNetworkStatus } from '../store/accountActions';
import { type NotificationMode, type Theme, useAppStore } from '../store/store';
import { KeyProtectionSection } from './keyProtection/KeyProtection';
import { BlockedContacts } from './settings/BlockedContacts';
import { type Choice, ChoiceGroup } from './settings/ChoiceGroup';
import { NetworkStatus } from './settings/NetworkStatus';
import { networkSectionId } from './settings/showNetwork';
import { Page, PageSection } from './settings/Page';
import { SettingSwitch } from './settings/Switch';
import { UpdatesSection } from './settings/UpdatesSection';
import './settings/settings.css';

const notificationChoices: readonly Choice<NotificationMode>[] = [
  { value: 'nameAndMessage', label: 'Name and message', description: 'Who wrote, and what they wrote.' },
  { value: 'nameOnly', label: 'Name only', description: 'Who wrote, but not what.' },
  { value: 'countOnly', label: 'Count only', description: 'How many new messages, nothing more.' },
  { value: 'off', label: 'Off', description: 'No notifications.' },
];

const themeChoices: readonly Choice<Theme>[] = [
  { value: 'system', label: 'System', picture: <ThemePicture theme="system" /> },
  { value: 'light', label: 'Light', picture: <ThemePicture theme="light" /> },
  { value: 'dark', label: 'Dark', picture: <ThemePicture theme="dark" /> },
];

type PrivacySetting = 'readReceipts' | 'typingIndicators' | 'communityMessageRequests';

export function Settings() {
  const theme = useAppStore((state) => state.theme);
  const settings = useAppStore((state) => state.settings);
  const networkInUse = useAppStore((state) => state.startup?.network ?? null);
  const network = useAppStore((state) => state.network);
  const hardforkRequired = useAppStore((state) => state.hardforkRequired);
  const [pending, setPending] = useState<Partial<SettingsView>>({});

  // The paths may have moved since the app started; 'path.changed' keeps them current from here.
  useEffect(() => {
    void refreshNetworkStatus();
  }, []);

  const toggle = async (setting: PrivacySetting, value: boolean): Promise<void> => {
    setPending((current) => ({ ...current, [setting]: value }));
    await updateSettings({ [setting]: value });
    setPending(({ [setting]: _done, ...rest }) => rest);
  };
  const shown = (setting: PrivacySetting): boolean => pending[setting] ?? settings?.[setting] ?? false;
  // The engine keeps the mode (the desktop notifier reads it there); the choice shows at once.
  const chooseNotifications = async (mode: NotificationMode): Promise<void> => {
    setPending((current) => ({ ...current, notifications: mode }));
    await chooseNotificationMode(mode);
    setPending(({ notifications: _done, ...rest }) => rest);
  };
  const notifications = pending.notifications ?? settings?.notifications ?? 'nameAndMessage';

  return (
    <Page title="Settings">
      <KeyProtectionSection />
      <PageSection title="Notifications" description="What a notification shows when a message arrives.">
        <ChoiceGroup
          legend="Notification content"
          choices={notificationChoices}
          value={notifications}
          onChange={(mode) => void chooseNotifications(mode)}
        />
      </PageSection>

      <PageSection title="Privacy" description="What Starling tells the people you write with.">
        <div className="setting-rows">
          <SettingSwitch
            label="Read receipts"
            description="Lets people see when you have read their messages. When off, nothing is sent."
            checked={shown('readReceipts')}
            busy={'readReceipts' in pending}
            disabled={settings === null}
            onChange={(value) => void toggle('readReceipts', value)}
          />
          <SettingSwitch
            label="Typing indicators"
            description="Lets people see that you are typing a reply. When off, nothing is sent."
            checked={shown('typingIndicators')}
            busy={'typingIndicators' in pending}
            disabled={settings === null}
            onChange={(value) => void toggle('typingIndicators', value)}
          />
          <SettingSwitch
            label="Community message requests"
            description="Lets members of your communities who are not your contacts write to you. When off, their messages are dropped, and your messages tell them so before they write."
            checked={shown('communityMessageRequests')}
            busy={'communityMessageRequests' in pending}
            disabled={settings === null}
            onChange={(value) => void toggle('communityMessageRequests', value)}
          />
        </div>
      </PageSection>

      <PageSection title="Appearance">
        <ChoiceGroup
          legend="Theme"
          choices={themeChoices}
          value={theme}
          layout="tiles"
          onChange={chooseTheme}
        />
        <p className="page-muted">System follows your computer’s light or dark setting.</p>
      </PageSection>

      <PageSection
        id={networkSectionId}
        title="Network"
        description="Every request goes through an onion path of three service nodes, so no single node sees both who you are and what you ask for."
      >
        <NetworkStatus networkInUse={networkInUse} network={network} hardforkRequired={hardforkRequired} />
      </PageSection>

      <PageSection
        title="Blocked contacts"
        description="Messages from them are dropped until you unblock them."
      >
        <BlockedContacts />
      </PageSection>

      <UpdatesSection />
    </Page>
  );
}

function ThemePicture({ theme }: { theme: Theme }) {
  return <span className={`theme-picture theme-picture--${theme}`} aria-hidden="true" />;
}
