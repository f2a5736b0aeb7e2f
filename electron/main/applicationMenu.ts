// The application menu: Electron's standard roles, which bring the platform's usual shortcuts
// (copy and paste in the composer need the Edit menu on macOS to work at all). Reload and the
// developer tools only in development: a reload drops what the person was writing.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly development: boolean;
  /** Shows the app's name, version and licence. */
  readonly showAbout: () => void;
}

export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const menu: MenuItemConstructorOptions[] = [];
  if (mac) menu.push({ role: 'appMenu' });
  else menu.push({ label: '&File', submenu: [{ role: 'quit' }] });
  menu.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.development)
    view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  menu.push({ label: '&View', submenu: view });
  menu.push({ role: 'windowMenu' });
  menu.push({
    role: 'help',
    submenu: [{ label: 'About Starling', click: () => options.showAbout() }],
  });
  return menu;
}
