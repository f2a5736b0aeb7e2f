// The tray (notification area) icon: the unread count at a glance, and a way back to the window or
// out of the app. Closing the window does not hide the app in the tray on Windows and Linux (see
// windowClosing.ts): the tray is a shortcut, never the only way back, because many Linux desktops
// show no tray at all.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';

export interface TrayActions {
  readonly showWindow: () => void;
  readonly quit: () => void;
}

export function trayTooltip(unread: number): string {
  if (unread <= 0) return 'Starling';
  return `Starling: ${unread} unread message${unread === 1 ? '' : 's'}`;
}

export function trayMenuTemplate(unread: number, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: unread > 0 ? `Open Starling (${unread} unread)` : 'Open Starling', click: actions.showWindow },
    { type: 'separator' },
    { label: 'Quit Starling', click: actions.quit },
  ];
}

/** The parts of Electron the tray needs, so that it can be built and tested without Electron. */
export interface TrayElectron {
  readonly createTray: (image: NativeImage) => Tray;
  readonly buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  readonly image: NativeImage;
}

export class StarlingTray {
  private readonly tray: Tray;
  private unread = -1;

  constructor(
    private readonly electron: TrayElectron,
    private readonly actions: TrayActions,
  ) {
    this.tray = electron.createTray(electron.image);
    // A click opens the window where the platform sends clicks to the icon (Windows, most Linux
    // desktops); macOS opens the menu instead.
    this.tray.on('click', () => actions.showWindow());
    this.setUnread(0);
  }

  setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    this.tray.setToolTip(trayTooltip(count));
    this.tray.setContextMenu(this.electron.buildMenu(trayMenuTemplate(count, this.actions)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
